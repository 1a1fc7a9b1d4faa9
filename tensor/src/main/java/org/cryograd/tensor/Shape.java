package org.cryograd.tensor;

import java.util.Arrays;

/**
 * An immutable tensor shape: the sizes of each dimension, row-major. Rank 0 is a scalar.
 */
public final class Shape {
    private final int[] dims;
    private final long numel;

    private Shape(int[] dims) {
        this.dims = dims;
        long n = 1;
        for (int d : dims) n *= d;
        this.numel = n;
    }

    /**
     * A shape from its dimension sizes.
     *
     * @throws IllegalArgumentException if a size is negative
     */
    public static Shape of(int... dims) {
        for (int d : dims)
            if (d < 0) throw new IllegalArgumentException("Shape: negative size in " + Arrays.toString(dims));
        return new Shape(dims.clone());
    }

    /** The scalar (rank-0) shape. */
    public static Shape scalar() {
        return new Shape(new int[0]);
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Size of dimension {@code i}; negative {@code i} counts from the end. */
    public int dim(int i) {
        return dims[axis(i)];
    }

    /** A copy of the sizes. */
    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements (1 for a scalar). */
    public long numel() {
        return numel;
    }

    /** Number of elements as an int, for the CPU backend's Java arrays. */
    public int numelInt() {
        if (numel > Integer.MAX_VALUE)
            throw new IllegalArgumentException("Shape " + this + " has " + numel + " elements, more than a Java array holds");
        return (int) numel;
    }

    /** Row-major strides in elements. */
    public long[] strides() {
        long[] s = new long[dims.length];
        long acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** Normalises a possibly negative axis, throwing if out of range. */
    public int axis(int i) {
        int r = dims.length;
        int a = i < 0 ? i + r : i;
        if (a < 0 || a >= r)
            throw new IllegalArgumentException("axis " + i + " out of range for shape " + this);
        return a;
    }

    /** Product of the sizes of dimensions {@code [from, to)}. */
    public int prod(int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) p *= dims[i];
        return (int) p;
    }

    /** The broadcast of two shapes (NumPy rules), or an exception naming {@code op} and both shapes. */
    public static Shape broadcast(String op, Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i - (r - a.rank()) >= 0 ? a.dims[i - (r - a.rank())] : 1;
            int db = i - (r - b.rank()) >= 0 ? b.dims[i - (r - b.rank())] : 1;
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b + " cannot be broadcast together");
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /** Strides of this shape broadcast to {@code target} (0 where broadcast). */
    public long[] broadcastStrides(Shape target) {
        long[] own = strides();
        int r = target.rank();
        long[] s = new long[r];
        int off = r - dims.length;
        for (int i = 0; i < dims.length; i++) s[i + off] = dims[i] == 1 ? 0 : own[i];
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
