package org.cryograd.dual;

/**
 * Patch augmentations that keep the missing-wedge geometry of tomograms with tilt axis y and light axis z (volumes
 * {@code [z, y, x]}): the wedge lives in the {@code k_x-k_z} plane, so only sign flips of Fourier axes are allowed;
 * arbitrary rotations about x or y and 90° rotations that move the tilt axis are never used.
 */
public enum Augment {
    /** No augmentation. */
    NONE(new int[][] {{}}),
    /**
     * The 4 flips that keep the wedge for any tilt range, symmetric or not: identity, flip y, 180° rotation about y
     * (flip x and z), and point inversion (flip x, y, z; a real volume's spectrum is Hermitian).
     */
    WEDGE_PRESERVING(new int[][] {{}, {1}, {0, 2}, {0, 1, 2}}),
    /**
     * All 8 combinations of flips along x, y, z (the 180° rotations included). Flipping x or z alone mirrors the
     * tilt range (θ to -θ), so use this only for symmetric tilt ranges such as ±60°.
     */
    ALL_FLIPS(new int[][] {{}, {0}, {1}, {2}, {0, 1}, {0, 2}, {1, 2}, {0, 1, 2}});

    private final int[][] flips;

    Augment(int[][] flips) {
        this.flips = flips;
    }

    /** Number of distinct transforms. */
    public int count() {
        return flips.length;
    }

    /** The spatial axes ({@code 0 = z, 1 = y, 2 = x}) flipped by transform {@code i}. */
    public int[] flipAxes(int i) {
        return flips[i].clone();
    }
}
