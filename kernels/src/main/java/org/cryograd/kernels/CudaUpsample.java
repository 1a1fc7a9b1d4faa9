package org.cryograd.kernels;

import java.util.Arrays;
import org.cryograd.kernels.KernelRunner.Grid;
import org.cryograd.kernels.KernelRunner.Ptr;
import org.cryograd.tensor.spi.Storage;

/**
 * Nearest and (bi/tri)linear resampling on the GPU, kernels in {@code src/main/cuda/upsample.cu}; semantics are
 * CpuUpsample's (torch's float index arithmetic, align_corners), and the forward values equal the CPU's bit for bit.
 *
 * <p>Backward variants: {@link #SCATTER} (atomicAdd after zeroing) and {@link #GATHER} (promoted: one thread per input
 * cell sums the outputs that reach it in the CPU's order, so it is deterministic and needs no zeroing pass).
 *
 * <p>CPU reference: {@code CpuUpsample}, validated by {@code UpsampleKernelTest}.
 */
final class CudaUpsample {
    /** One thread per output, atomic adds. */
    static final int SCATTER = 1;
    /** One thread per input cell, no atomics (the default). */
    static final int GATHER = 2;

    static final String MODULE = "upsample";

    private CudaUpsample() {}

    /** {@code Backend.upsample}. */
    static void upsample(CudaDevice dev, boolean linear, boolean alignCorners, Storage x, Storage y, int planes, int[] in, int[] out) {
        upsample(new DeviceRunner(dev), linear, alignCorners, x, y, planes, in, out);
    }

    /** {@code Backend.upsampleBackward}. */
    static void upsampleBackward(CudaDevice dev, boolean linear, boolean alignCorners, Storage gy, Storage gx, int planes, int[] in, int[] out) {
        upsampleBackward(new DeviceRunner(dev), GATHER, linear, alignCorners, gy, gx, planes, in, out);
    }

    static void upsample(KernelRunner r, boolean linear, boolean alignCorners, Storage x, Storage y, int planes, int[] in, int[] out) {
        long outputs = check("upsample", x, y, planes, in, out);
        if (outputs == 0) return;
        Object[] a = args(Ptr.of(x), Ptr.of(y), planes, in, out);
        if (linear) r.launch(MODULE, "upsample_linear_fwd", Grid.stride(outputs, r.multiprocessors()), append(a, alignCorners ? 1 : 0));
        else r.launch(MODULE, "upsample_nearest_fwd", Grid.stride(outputs, r.multiprocessors()), a);
    }

    static void upsampleBackward(KernelRunner r, int variant, boolean linear, boolean alignCorners, Storage gy, Storage gx, int planes,
                                 int[] in, int[] out) {
        long outputs = check("upsampleBackward", gx, gy, planes, in, out);
        long inputs = (long) planes * in[0] * in[1] * in[2];
        if (inputs == 0) return;
        Object[] a = args(Ptr.of(gy), Ptr.of(gx), planes, in, out);
        if (linear) a = append(a, alignCorners ? 1 : 0);
        String kernel = "upsample_" + (linear ? "linear" : "nearest") + "_bwd_";
        if (variant == SCATTER) {
            r.zero(gx, 0, inputs);
            if (outputs > 0) r.launch(MODULE, kernel + "1_scatter", Grid.stride(outputs, r.multiprocessors()), a);
        } else if (variant == GATHER) {
            r.launch(MODULE, kernel + "2_gather", Grid.stride(inputs, r.multiprocessors()), a);
        } else {
            throw new IllegalArgumentException("CUDA upsampleBackward: unknown variant " + variant);
        }
    }

    private static long check(String op, Storage inLike, Storage outLike, int planes, int[] in, int[] out) {
        if (in == null || in.length != 3 || out == null || out.length != 3)
            throw new IllegalArgumentException("CUDA " + op + ": in and out need 3 entries (D, H, W), got " + Arrays.toString(in) + ", " + Arrays.toString(out));
        for (int d = 0; d < 3; d++)
            if (in[d] < 1 || out[d] < 1)
                throw new IllegalArgumentException("CUDA " + op + ": sizes must be >= 1, got in " + Arrays.toString(in) + ", out " + Arrays.toString(out));
        if (planes < 0) throw new IllegalArgumentException("CUDA " + op + ": planes must be >= 0, got " + planes);
        if ((long) in[0] * in[1] * in[2] > Integer.MAX_VALUE || (long) out[0] * out[1] * out[2] > Integer.MAX_VALUE)
            throw new IllegalArgumentException("CUDA " + op + ": a plane exceeds 2^31 - 1 cells: in " + Arrays.toString(in) + ", out " + Arrays.toString(out));
        long inputs = (long) planes * in[0] * in[1] * in[2], outputs = (long) planes * out[0] * out[1] * out[2];
        CudaPool.checkSize(op, "input", inLike, inputs);
        CudaPool.checkSize(op, "output", outLike, outputs);
        return outputs;
    }

    /** Kernel arguments in upsample.cu's order: two pointers, then UP_PARAMS. */
    private static Object[] args(Ptr p0, Ptr p1, int planes, int[] in, int[] out) {
        return new Object[] {p0, p1, planes, in[0], in[1], in[2], out[0], out[1], out[2]};
    }

    private static Object[] append(Object[] a, Object v) {
        Object[] r = Arrays.copyOf(a, a.length + 1);
        r[a.length] = v;
        return r;
    }
}
