package org.cryograd.kernels;

import java.util.Arrays;
import org.cryograd.kernels.KernelRunner.Grid;
import org.cryograd.kernels.KernelRunner.Ptr;
import org.cryograd.tensor.spi.Storage;

/**
 * Max and average pooling on the GPU, kernels in {@code src/main/cuda/pool.cu}; semantics are CpuPool's (padding as
 * -inf for max, {@code countIncludePad} as in PyTorch, each window's first maximum gets the gradient).
 *
 * <p>Backward variants: {@link #SCATTER} (one thread per output, atomicAdd after zeroing; deterministic when windows do
 * not overlap) and {@link #GATHER} (one thread per input cell, sums in the CPU's order: deterministic). See
 * {@link #maxBackwardVariant} and {@link #avgBackwardVariant} for which is promoted when.
 *
 * <p>CPU reference: {@code CpuPool}, validated by {@code PoolKernelTest}.
 */
final class CudaPool {
    /** One thread per output, atomic adds. */
    static final int SCATTER = 1;
    /** One thread per input cell, no atomics. */
    static final int GATHER = 2;
    /** Most window cells a max-pool gather thread may scan before scatter is preferred. */
    static final int MAX_GATHER_SCAN = 64;

    static final String MODULE = "pool";

    private CudaPool() {}

    /** {@code Backend.maxPool}. */
    static void maxPool(CudaDevice dev, Storage x, Storage y, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding) {
        maxPool(new DeviceRunner(dev), x, y, planes, in, out, kernel, stride, padding);
    }

    /** {@code Backend.maxPoolBackward}. */
    static void maxPoolBackward(CudaDevice dev, Storage x, Storage gy, Storage gx, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding) {
        maxPoolBackward(new DeviceRunner(dev), maxBackwardVariant(kernel, stride), x, gy, gx, planes, in, out, kernel, stride, padding);
    }

    /** {@code Backend.avgPool}. */
    static void avgPool(CudaDevice dev, Storage x, Storage y, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        avgPool(new DeviceRunner(dev), x, y, planes, in, out, kernel, stride, padding, countIncludePad);
    }

    /** {@code Backend.avgPoolBackward}. */
    static void avgPoolBackward(CudaDevice dev, Storage gy, Storage gx, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        avgPoolBackward(new DeviceRunner(dev), avgBackwardVariant(), gy, gx, planes, in, out, kernel, stride, padding, countIncludePad);
    }

    /**
     * Max-pool backward variant: {@link #SCATTER} when windows do not overlap (each cell gets at most one addition,
     * so it is deterministic and reads every input once); with overlap {@link #GATHER} (deterministic) unless a cell's
     * windows hold more than {@link #MAX_GATHER_SCAN} cells in all.
     */
    static int maxBackwardVariant(int[] kernel, int[] stride) {
        long windowsPerCell = 1, cells = 1;
        boolean overlap = false;
        for (int d = 0; d < 3; d++) {
            overlap |= stride[d] < kernel[d];
            windowsPerCell *= (kernel[d] + stride[d] - 1) / stride[d];
            cells *= kernel[d];
        }
        if (!overlap) return SCATTER;
        return windowsPerCell * cells <= MAX_GATHER_SCAN ? GATHER : SCATTER;
    }

    /** Avg-pool backward variant: always {@link #GATHER} (as cheap as scatter, deterministic, no zeroing pass). */
    static int avgBackwardVariant() {
        return GATHER;
    }

    static void maxPool(KernelRunner r, Storage x, Storage y, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding) {
        long outputs = check("maxPool", x, y, planes, in, out, kernel, stride, padding);
        if (outputs == 0) return;
        r.launch(MODULE, "maxpool_fwd", Grid.stride(outputs, r.multiprocessors()), args(Ptr.of(x), Ptr.of(y), planes, in, out, kernel, stride, padding));
    }

    static void maxPoolBackward(KernelRunner r, int variant, Storage x, Storage gy, Storage gx, int planes, int[] in, int[] out, int[] kernel,
                                int[] stride, int[] padding) {
        long outputs = check("maxPoolBackward", x, gy, planes, in, out, kernel, stride, padding);
        long inputs = (long) planes * in[0] * in[1] * in[2];
        checkSize("maxPoolBackward", "gx", gx, inputs);
        if (inputs == 0) return;
        Object[] a = args(Ptr.of(x), Ptr.of(gy), planes, in, out, kernel, stride, padding);
        a = insert(a, 2, Ptr.of(gx));
        if (variant == SCATTER) {
            r.zero(gx, 0, inputs);
            if (outputs > 0) r.launch(MODULE, "maxpool_bwd_1_scatter", Grid.stride(outputs, r.multiprocessors()), a);
        } else if (variant == GATHER) {
            r.launch(MODULE, "maxpool_bwd_2_gather", Grid.stride(inputs, r.multiprocessors()), a);
        } else {
            throw new IllegalArgumentException("CUDA maxPoolBackward: unknown variant " + variant);
        }
    }

    static void avgPool(KernelRunner r, Storage x, Storage y, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding,
                        boolean countIncludePad) {
        long outputs = check("avgPool", x, y, planes, in, out, kernel, stride, padding);
        if (outputs == 0) return;
        Object[] a = append(args(Ptr.of(x), Ptr.of(y), planes, in, out, kernel, stride, padding), countIncludePad ? 1 : 0);
        r.launch(MODULE, "avgpool_fwd", Grid.stride(outputs, r.multiprocessors()), a);
    }

    static void avgPoolBackward(KernelRunner r, int variant, Storage gy, Storage gx, int planes, int[] in, int[] out, int[] kernel, int[] stride,
                                int[] padding, boolean countIncludePad) {
        long outputs = check("avgPoolBackward", gx, gy, planes, in, out, kernel, stride, padding);
        long inputs = (long) planes * in[0] * in[1] * in[2];
        if (inputs == 0) return;
        Object[] a = append(args(Ptr.of(gy), Ptr.of(gx), planes, in, out, kernel, stride, padding), countIncludePad ? 1 : 0);
        if (variant == SCATTER) {
            r.zero(gx, 0, inputs);
            if (outputs > 0) r.launch(MODULE, "avgpool_bwd_1_scatter", Grid.stride(outputs, r.multiprocessors()), a);
        } else if (variant == GATHER) {
            r.launch(MODULE, "avgpool_bwd_2_gather", Grid.stride(inputs, r.multiprocessors()), a);
        } else {
            throw new IllegalArgumentException("CUDA avgPoolBackward: unknown variant " + variant);
        }
    }

    /** Validates the geometry (output size in floor mode) and the storages; returns the number of outputs. */
    private static long check(String op, Storage inLike, Storage outLike, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding) {
        for (int[] a : new int[][] {in, out, kernel, stride, padding})
            if (a == null || a.length != 3)
                throw new IllegalArgumentException("CUDA " + op + ": spatial arrays need 3 entries (D, H, W), got " + Arrays.toString(a));
        for (int d = 0; d < 3; d++) {
            int expect = Math.floorDiv(in[d] + 2 * padding[d] - kernel[d], Math.max(1, stride[d])) + 1;
            if (in[d] < 1 || kernel[d] < 1 || stride[d] < 1 || padding[d] < 0 || padding[d] > kernel[d] / 2 || out[d] != expect)
                throw new IllegalArgumentException("CUDA " + op + ": invalid geometry: input " + Arrays.toString(in) + ", output " + Arrays.toString(out)
                        + ", kernel " + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride) + ", padding " + Arrays.toString(padding));
        }
        if (planes < 0) throw new IllegalArgumentException("CUDA " + op + ": planes must be >= 0, got " + planes);
        if ((long) in[0] * in[1] * in[2] > Integer.MAX_VALUE)
            throw new IllegalArgumentException("CUDA " + op + ": a plane of " + Arrays.toString(in) + " exceeds 2^31 - 1 cells");
        long inputs = (long) planes * in[0] * in[1] * in[2], outputs = (long) planes * out[0] * out[1] * out[2];
        checkSize(op, "input", inLike, inputs);
        checkSize(op, "output", outLike, outputs);
        return outputs;
    }

    static void checkSize(String op, String name, Storage s, long need) {
        if (s.size() < need) throw new IllegalArgumentException("CUDA " + op + ": " + name + " has " + s.size() + " floats, needs " + need);
    }

    /** Kernel arguments in pool.cu's order: two pointers, then POOL_PARAMS. */
    private static Object[] args(Ptr p0, Ptr p1, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding) {
        return new Object[] {p0, p1, planes, in[0], in[1], in[2], out[0], out[1], out[2], kernel[0], kernel[1], kernel[2],
                stride[0], stride[1], stride[2], padding[0], padding[1], padding[2]};
    }

    private static Object[] insert(Object[] a, int at, Object v) {
        Object[] r = new Object[a.length + 1];
        System.arraycopy(a, 0, r, 0, at);
        r[at] = v;
        System.arraycopy(a, at, r, at + 1, a.length - at);
        return r;
    }

    private static Object[] append(Object[] a, Object v) {
        return insert(a, a.length, v);
    }
}
