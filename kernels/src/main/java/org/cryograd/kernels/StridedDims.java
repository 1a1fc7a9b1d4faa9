package org.cryograd.kernels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The index space of a strided kernel (copy, broadcast binary op, gather/scatter) after collapsing: a shape of at most
 * {@link #MAX_RANK} dims and two operands' element strides, packed into the kernels' by-value {@code Dims8} struct
 * ({@code src/main/cuda/common.cuh}). Collapsing drops size-1 dims and merges neighbours that are contiguous with each
 * other in both operands, so most real layouts become rank 1 or 2 and the kernels do little index arithmetic.
 */
final class StridedDims {
    /** The most dims a kernel takes; longer index spaces are split on the host ({@link #leading}). */
    static final int MAX_RANK = 8;
    /** Size of the packed {@code Dims8} struct: two long[8], one int[8], rank and padding. */
    static final int BYTES = 2 * MAX_RANK * Long.BYTES + MAX_RANK * Integer.BYTES + 2 * Integer.BYTES;

    final int[] shape;
    final long[] s0;
    final long[] s1;

    StridedDims(int[] shape, long[] s0, long[] s1) {
        if (shape.length != s0.length || shape.length != s1.length)
            throw new IllegalArgumentException("StridedDims: rank mismatch " + Arrays.toString(shape) + " " + Arrays.toString(s0) + " " + Arrays.toString(s1));
        this.shape = shape;
        this.s0 = s0;
        this.s1 = s1;
    }

    /**
     * Collapses an index space: size-1 dims are dropped and dim {@code d} merges into {@code d - 1} when
     * {@code s[d-1] == s[d] * shape[d]} for both operands. The result has rank at least 1 (a scalar becomes shape
     * {@code [1]} with zero strides). A zero-size dim is kept as is ({@link #numel()} is then 0).
     */
    static StridedDims collapse(int[] shape, long[] s0, long[] s1) {
        int r = shape.length;
        int[] sh = new int[Math.max(1, r)];
        long[] a = new long[sh.length], b = new long[sh.length];
        int k = 0;
        for (int d = 0; d < r; d++) {
            if (shape[d] == 0) return new StridedDims(new int[] {0}, new long[] {0}, new long[] {0});
            if (shape[d] == 1) continue;
            if (k > 0 && a[k - 1] == s0[d] * shape[d] && b[k - 1] == s1[d] * shape[d]) {
                long merged = (long) sh[k - 1] * shape[d];
                if (merged <= Integer.MAX_VALUE) {
                    sh[k - 1] = (int) merged;
                    a[k - 1] = s0[d];
                    b[k - 1] = s1[d];
                    continue;
                }
            }
            sh[k] = shape[d];
            a[k] = s0[d];
            b[k] = s1[d];
            k++;
        }
        if (k == 0) return new StridedDims(new int[] {1}, new long[] {0}, new long[] {0});
        return new StridedDims(Arrays.copyOf(sh, k), Arrays.copyOf(a, k), Arrays.copyOf(b, k));
    }

    int rank() {
        return shape.length;
    }

    long numel() {
        long n = 1;
        for (int v : shape) n *= v;
        return n;
    }

    /** Whether the kernels may use 32-bit index arithmetic. */
    boolean fitsInt() {
        return numel() <= Integer.MAX_VALUE;
    }

    /** Rank 1 with each operand contiguous (stride 1) or broadcast (stride 0). */
    boolean flat() {
        return rank() == 1 && (s0[0] == 0 || s0[0] == 1) && (s1[0] == 0 || s1[0] == 1);
    }

    /** The packed little-endian {@code Dims8} (rank must be at most {@link #MAX_RANK}). */
    byte[] pack() {
        int r = rank();
        if (r > MAX_RANK) throw new IllegalStateException("StridedDims.pack: rank " + r + " > " + MAX_RANK + "; split with leading() first");
        ByteBuffer bb = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int d = 0; d < MAX_RANK; d++) bb.putLong(d < r ? s0[d] : 0);
        for (int d = 0; d < MAX_RANK; d++) bb.putLong(d < r ? s1[d] : 0);
        for (int d = 0; d < MAX_RANK; d++) bb.putInt(d < r ? shape[d] : 1);
        bb.putInt(r);
        bb.putInt(0);
        return bb.array();
    }

    /** The trailing {@link #MAX_RANK} dims (this when the rank already fits). */
    StridedDims trailing() {
        int r = rank();
        if (r <= MAX_RANK) return this;
        return new StridedDims(Arrays.copyOfRange(shape, r - MAX_RANK, r), Arrays.copyOfRange(s0, r - MAX_RANK, r),
                Arrays.copyOfRange(s1, r - MAX_RANK, r));
    }

    /**
     * For rank above {@link #MAX_RANK}: the operands' start offsets of every index of the leading dims (all but the
     * trailing {@code MAX_RANK}), in row-major order, as pairs {@code {offset0, offset1}}; one kernel launch covers
     * each. For rank at most {@code MAX_RANK}: the single pair {@code {0, 0}}.
     */
    long[][] leading() {
        int lead = Math.max(0, rank() - MAX_RANK);
        long count = 1;
        for (int d = 0; d < lead; d++) count *= shape[d];
        long[][] out = new long[Math.toIntExact(count)][];
        int[] idx = new int[lead];
        for (int t = 0; t < count; t++) {
            long o0 = 0, o1 = 0;
            for (int d = 0; d < lead; d++) {
                o0 += idx[d] * s0[d];
                o1 += idx[d] * s1[d];
            }
            out[t] = new long[] {o0, o1};
            for (int d = lead - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return out;
    }

    /** Row-major contiguous strides of a shape. */
    static long[] contiguous(int[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }

    @Override
    public String toString() {
        return "shape " + Arrays.toString(shape) + " strides " + Arrays.toString(s0) + " / " + Arrays.toString(s1);
    }
}
