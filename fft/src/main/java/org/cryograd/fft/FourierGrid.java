package org.cryograd.fft;

import java.util.Arrays;

/** Index arithmetic for a Fourier-space array of a real grid ({@code dims}) in a given {@link FourierLayout}. */
final class FourierGrid {
    final int[] dims;
    final FourierLayout layout;
    final int[] shape;
    final int size;

    FourierGrid(String op, int[] dims, FourierLayout layout) {
        if (dims.length < 1 || dims.length > 3)
            throw new IllegalArgumentException(op + ": need 1 to 3 grid sizes, got " + Arrays.toString(dims));
        for (int d : dims)
            if (d < 1) throw new IllegalArgumentException(op + ": grid sizes must be >= 1, got " + Arrays.toString(dims));
        if (layout == null) throw new IllegalArgumentException(op + ": layout is null");
        this.dims = dims.clone();
        this.layout = layout;
        this.shape = dims.clone();
        if (layout == FourierLayout.HALF) shape[shape.length - 1] = dims[dims.length - 1] / 2 + 1;
        long s = 1;
        for (int d : shape) s *= d;
        if (s > Integer.MAX_VALUE - 16) throw new IllegalArgumentException(op + ": grid " + Arrays.toString(dims) + " is too large");
        this.size = (int) s;
    }

    int rank() {
        return dims.length;
    }

    /** The signed frequency index at array index {@code i} of {@code axis}. */
    int signed(int axis, int i) {
        if (layout == FourierLayout.HALF && axis == dims.length - 1) return i;
        return Fft.signedIndex(i, dims[axis]);
    }

    /** Whether the signed index {@code s} on {@code axis} is the Nyquist bin of an even size (it stands for both +n/2 and -n/2). */
    boolean nyquist(int axis, int s) {
        int n = dims[axis];
        return n % 2 == 0 && Math.abs(s) == n / 2;
    }

    /** The smallest grid size: shells are measured in units of {@code 1/minDim} cycles per voxel. */
    int minDim() {
        int m = Integer.MAX_VALUE;
        for (int d : dims) m = Math.min(m, d);
        return m;
    }

    /**
     * Full-spectrum multiplicity of each half-layout element: 1 on the last axis' zero (and, for even sizes,
     * Nyquist) plane, whose Hermitian partners are stored in the half array too, else 2.
     */
    int halfWeight(int lastIndex) {
        return FourierLayout.halfMultiplicity(lastIndex, dims[dims.length - 1]);
    }
}
