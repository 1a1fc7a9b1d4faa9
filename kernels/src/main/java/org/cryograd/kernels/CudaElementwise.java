package org.cryograd.kernels;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.tensor.spi.BinaryOp;
import org.cryograd.tensor.spi.Storage;
import org.cryograd.tensor.spi.UnaryOp;

/**
 * Launchers of the elementwise kernels ({@code unary.cu}, {@code binary.cu}; semantics in {@code ops.cuh}). Variant 0
 * means the promoted choice; a validator or benchmark passes 1..4 to run a specific one. The system properties
 * {@code cryograd.cuda.unary} and {@code cryograd.cuda.binary} override the default for a whole run.
 *
 * <p>CPU reference: {@code CpuElementwise} (with its SIMD twin), validated by {@code DeviceOpsKernelTest} and, for the
 * device math compiled on the host, {@code DeviceMathOnHostTest}.
 */
final class CudaElementwise {
    static final String UNARY = "unary";
    static final String BINARY = "binary";
    private static final int UNARY_DEFAULT = Integer.getInteger("cryograd.cuda.unary", 0);
    private static final int BINARY_DEFAULT = Integer.getInteger("cryograd.cuda.binary", 0);

    private CudaElementwise() {}

    /**
     * The op's code in {@code ops.cuh} ({@code CG_UNARY_*}): its ordinal, so a new {@link UnaryOp} needs no edit here
     * ({@code LaunchPlanTest} checks every code and the count against {@code ops.cuh}).
     */
    static int code(UnaryOp op) {
        return op.ordinal();
    }

    /** The op's code in {@code ops.cuh} ({@code CG_BINARY_*}): its ordinal, checked as the unary codes are. */
    static int code(BinaryOp op) {
        return op.ordinal();
    }

    /** The unary kernel of a variant: 1 scalar, 2 (promoted) 16-byte vectors. */
    static String unaryKernel(int variant) {
        return switch (variant == 0 ? 2 : variant) {
            case 1 -> "unary_1_scalar";
            case 2 -> "unary_2_vec4";
            default -> throw new IllegalArgumentException("unary: no variant " + variant + " (1..2)");
        };
    }

    static void unary(CudaDevice dev, UnaryOp op, float p0, float p1, Storage x, Storage y, long n) {
        unary(dev, UNARY_DEFAULT, op, p0, p1, x, y, n);
    }

    /** {@code y = op(x)} over {@code n} elements with the given variant (0: promoted). */
    static void unary(CudaDevice dev, int variant, UnaryOp op, float p0, float p1, Storage x, Storage y, long n) {
        DeviceOps.run(dev, c -> unaryPlan(c, variant, op, p0, p1, CudaStorage.of(x), CudaStorage.of(y), n));
    }

    /** The launches of {@link #unary}; the storages start 512-byte aligned, as the vector variant needs. */
    static List<DeviceOps.Op> unaryPlan(DeviceOps.Context c, int variant, UnaryOp op, float p0, float p1, CudaStorage x, CudaStorage y, long n) {
        if (n <= 0) return List.of();
        String k = unaryKernel(variant);
        long items = k.endsWith("vec4") ? Math.max(1, n / 4) : n;
        return List.of(DeviceOps.launch1d(c, UNARY, k, items, DeviceOps.Ptr.of(x), DeviceOps.Ptr.of(y), n, code(op), p0, p1));
    }

    /**
     * The binary kernel for a collapsed layout: flat layouts (each input contiguous or scalar) take 4 (promoted,
     * 16-byte vectors) or 3; strided ones 2 (32-bit index arithmetic, promoted when the count fits) or 1.
     */
    static String binaryKernel(int variant, StridedDims d) {
        int v = variant;
        if (v == 0) v = d.flat() ? 4 : d.fitsInt() ? 2 : 1;
        if ((v == 3 || v == 4) && !d.flat())
            throw new IllegalArgumentException("binary variant " + v + " needs a flat layout, got " + d);
        if (v == 2 && !d.fitsInt()) throw new IllegalArgumentException("binary variant 2 needs fewer than 2^31 elements, got " + d);
        return switch (v) {
            case 1 -> "binary_1_strided64";
            case 2 -> "binary_2_strided32";
            case 3 -> "binary_3_flat";
            case 4 -> "binary_4_flat_vec4";
            default -> throw new IllegalArgumentException("binary: no variant " + variant + " (1..4)");
        };
    }

    static void binary(CudaDevice dev, BinaryOp op, float p0, float p1, Storage a, long[] aStrides, Storage b, long[] bStrides,
                       Storage out, int[] outShape) {
        binary(dev, BINARY_DEFAULT, op, p0, p1, a, aStrides, b, bStrides, out, outShape);
    }

    /** {@code out = op(a, b)} over {@code outShape} with the given variant (0: promoted). */
    static void binary(CudaDevice dev, int variant, BinaryOp op, float p0, float p1, Storage a, long[] aStrides, Storage b,
                       long[] bStrides, Storage out, int[] outShape) {
        DeviceOps.run(dev, c -> binaryPlan(c, variant, op, p0, p1, CudaStorage.of(a), aStrides, CudaStorage.of(b), bStrides, CudaStorage.of(out), outShape));
    }

    /** The launches of {@link #binary}: one, or one per leading index when more than 8 dims do not collapse. */
    static List<DeviceOps.Op> binaryPlan(DeviceOps.Context c, int variant, BinaryOp op, float p0, float p1, CudaStorage a, long[] aStrides,
                                         CudaStorage b, long[] bStrides, CudaStorage out, int[] outShape) {
        if (aStrides.length != outShape.length || bStrides.length != outShape.length)
            throw new IllegalArgumentException("CUDA binary " + op + ": strides of rank " + aStrides.length + "/" + bStrides.length
                    + " for output shape " + java.util.Arrays.toString(outShape));
        StridedDims d = StridedDims.collapse(outShape, aStrides, bStrides);
        if (d.numel() == 0) return List.of();
        StridedDims t = d.trailing();
        long inner = t.numel();
        long[][] starts = d.leading();
        List<DeviceOps.Op> ops = new ArrayList<>(starts.length);
        for (int i = 0; i < starts.length; i++)
            ops.add(binaryLaunch(c, variant, op, p0, p1, t, new DeviceOps.Ptr(a, starts[i][0]), new DeviceOps.Ptr(b, starts[i][1]),
                    new DeviceOps.Ptr(out, i * inner)));
        return ops;
    }

    private static DeviceOps.Launch binaryLaunch(DeviceOps.Context c, int variant, BinaryOp op, float p0, float p1, StridedDims d,
                                                 DeviceOps.Ptr a, DeviceOps.Ptr b, DeviceOps.Ptr out) {
        String k = binaryKernel(variant, d);
        long n = d.numel();
        if (k.startsWith("binary_3") || k.startsWith("binary_4")) {
            long items = k.endsWith("vec4") ? Math.max(1, n / 4) : n;
            return DeviceOps.launch1d(c, BINARY, k, items, a, (int) d.s0[0], b, (int) d.s1[0], out, n, code(op), p0, p1);
        }
        return DeviceOps.launch1d(c, BINARY, k, n, a, b, out, d.pack(), n, code(op), p0, p1);
    }
}
