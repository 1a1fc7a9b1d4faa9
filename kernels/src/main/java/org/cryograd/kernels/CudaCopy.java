package org.cryograd.kernels;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.tensor.PadMode;
import org.cryograd.tensor.spi.Storage;

/**
 * Data movement on the device ({@code copy.cu}): fills and contiguous copies go to the driver's stream-ordered
 * memset/memcpy; strided copies and padding to kernels. Strided copy variants: 2 (32-bit index arithmetic, promoted
 * when the element count fits) and 1 (64-bit); property {@code cryograd.cuda.copy} overrides.
 *
 * <p>CPU reference: {@code CpuCopy} (strided copy, padding), validated by {@code DeviceOpsKernelTest}.
 */
final class CudaCopy {
    static final String MODULE = "copy";
    private static final int COPY_DEFAULT = Integer.getInteger("cryograd.cuda.copy", 0);

    private CudaCopy() {}

    /** {@code n} floats from {@code offset} set to {@code value} (any bit pattern: a 32-bit memset). */
    static void fill(CudaDevice dev, Storage s, long offset, long n, float value) {
        DeviceOps.run(dev, fillPlan(CudaStorage.of(s), offset, n, value));
    }

    static List<DeviceOps.Op> fillPlan(CudaStorage s, long offset, long n, float value) {
        if (n <= 0) return List.of();
        return List.of(new DeviceOps.Memset(new DeviceOps.Ptr(s, offset), Float.floatToRawIntBits(value), n));
    }

    /** The strided-copy kernel of a variant for an index space (0: promoted). */
    static String copyKernel(int variant, StridedDims d) {
        int v = variant == 0 ? (d.fitsInt() ? 2 : 1) : variant;
        if (v == 2 && !d.fitsInt()) throw new IllegalArgumentException("copy variant 2 needs fewer than 2^31 elements, got " + d);
        return switch (v) {
            case 1 -> "copy_strided_1_i64";
            case 2 -> "copy_strided_2_i32";
            default -> throw new IllegalArgumentException("copyStrided: no variant " + variant + " (1..2)");
        };
    }

    static void copyStrided(CudaDevice dev, Storage src, long srcOffset, long[] srcStrides, Storage dst, long dstOffset, long[] dstStrides, int[] shape) {
        copyStrided(dev, COPY_DEFAULT, src, srcOffset, srcStrides, dst, dstOffset, dstStrides, shape);
    }

    /** The strided copy of the Backend SPI with a given variant (0: promoted). */
    static void copyStrided(CudaDevice dev, int variant, Storage src, long srcOffset, long[] srcStrides, Storage dst, long dstOffset,
                            long[] dstStrides, int[] shape) {
        DeviceOps.run(dev, c -> copyStridedPlan(c, variant, CudaStorage.of(src), srcOffset, srcStrides, CudaStorage.of(dst), dstOffset, dstStrides, shape));
    }

    /** A contiguous copy when the views collapse to one, else one launch (or one per leading index above rank 8). */
    static List<DeviceOps.Op> copyStridedPlan(DeviceOps.Context c, int variant, CudaStorage src, long srcOffset, long[] srcStrides, CudaStorage dst,
                                              long dstOffset, long[] dstStrides, int[] shape) {
        if (srcStrides.length != shape.length || dstStrides.length != shape.length)
            throw new IllegalArgumentException("CUDA copyStrided: strides of rank " + srcStrides.length + "/" + dstStrides.length
                    + " for shape " + java.util.Arrays.toString(shape));
        StridedDims d = StridedDims.collapse(shape, srcStrides, dstStrides);
        long n = d.numel();
        if (n == 0) return List.of();
        if (n == 1 || d.rank() == 1 && d.s0[0] == 1 && d.s1[0] == 1)
            return List.of(new DeviceOps.Copy(new DeviceOps.Ptr(dst, dstOffset), new DeviceOps.Ptr(src, srcOffset), n));
        StridedDims k = d.trailing();
        String kernel = copyKernel(variant, k);
        List<DeviceOps.Op> ops = new ArrayList<>();
        for (long[] st : d.leading())
            ops.add(DeviceOps.launch1d(c, MODULE, kernel, k.numel(), new DeviceOps.Ptr(src, srcOffset + st[0]), new DeviceOps.Ptr(dst, dstOffset + st[1]),
                    k.pack(), k.numel()));
        return ops;
    }

    static void padAxis(CudaDevice dev, PadMode mode, Storage x, int outer, int n, int inner, int before, int after, Storage y) {
        DeviceOps.run(dev, c -> padPlan(c, false, mode, CudaStorage.of(x), outer, n, inner, before, after, CudaStorage.of(y)));
    }

    static void padAxisBackward(CudaDevice dev, PadMode mode, Storage gy, int outer, int n, int inner, int before, int after, Storage gx) {
        DeviceOps.run(dev, c -> padPlan(c, true, mode, CudaStorage.of(gy), outer, n, inner, before, after, CudaStorage.of(gx)));
    }

    /** {@code pad_axis} (in = x, out = y) or {@code pad_axis_backward} (in = gy, out = gx). */
    static List<DeviceOps.Op> padPlan(DeviceOps.Context c, boolean backward, PadMode mode, CudaStorage in, int outer, int n, int inner, int before,
                                      int after, CudaStorage out) {
        long total = (long) outer * (backward ? n : before + n + after) * inner;
        if (total <= 0) return List.of();
        return List.of(DeviceOps.launch1d(c, MODULE, backward ? "pad_axis_backward" : "pad_axis", total, DeviceOps.Ptr.of(in), DeviceOps.Ptr.of(out),
                (long) outer, n, inner, before, after, mode == PadMode.CIRCULAR ? 1 : 0));
    }
}
