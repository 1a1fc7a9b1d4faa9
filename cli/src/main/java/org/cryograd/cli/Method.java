package org.cryograd.cli;

/** The reconstruction methods of {@code reconstruct} and {@code demo}. */
enum Method {
    /** Weighted (filtered) back-projection. */
    WBP,
    /** Simultaneous iterative reconstruction technique. */
    SIRT,
    /** Coordinate network (SIREN) trained on the tilt series. */
    CN;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
