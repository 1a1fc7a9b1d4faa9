package org.cryograd.em.pick;

import java.util.Locale;

/** How picks are written to STAR (see {@link PickStar#toStar(java.util.List, CoordinateConvention, TomogramFrame, String)}). */
public enum CoordinateConvention {
    /** {@code rlnCoordinateX/Y/Z} as 0-based voxel indices of the tomogram, no pixel size (cryograd's default). */
    VOXEL,
    /**
     * {@code rlnCoordinateX/Y/Z} in Å from the first voxel (voxel index times voxel size), declared RELION-3 style as
     * pixels of 1 Å ({@code rlnDetectorPixelSize 1} µm at {@code rlnMagnification 10000}), so RELION-aware readers scale them right.
     */
    ANGSTROM,
    /** RELION 5: {@code rlnTomoName} and {@code rlnCenteredCoordinateX/Y/ZAngst}, Å from the tomogram's centre. */
    RELION5;

    /**
     * Parses {@code voxel}, {@code angstrom} or {@code relion5} (any case).
     *
     * @param s the name
     * @return the convention
     * @throws IllegalArgumentException naming the choices
     */
    public static CoordinateConvention parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "voxel" -> VOXEL;
            case "angstrom" -> ANGSTROM;
            case "relion5" -> RELION5;
            default -> throw new IllegalArgumentException("'" + s + "': choose voxel, angstrom or relion5");
        };
    }
}
