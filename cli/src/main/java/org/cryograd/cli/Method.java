package org.cryograd.cli;

/** The reconstruction methods of {@code reconstruct} and {@code demo}. */
enum Method {
    /** Weighted (filtered) back-projection. */
    WBP,
    /** Simultaneous iterative reconstruction technique. */
    SIRT,
    /** Coordinate network (SIREN) trained on the tilt series. */
    CN,
    /** Direct Fourier inversion (a baseline; {@code reconstruct} only). */
    DFI;

    /** The methods {@code demo} compares, in table order. */
    static final java.util.List<Method> DEMO = java.util.List.of(WBP, SIRT, CN);

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
