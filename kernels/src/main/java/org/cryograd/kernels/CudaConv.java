package org.cryograd.kernels;

import org.cryograd.kernels.KernelRunner.Grid;
import org.cryograd.kernels.KernelRunner.Ptr;
import org.cryograd.tensor.spi.ConvGeometry;
import org.cryograd.tensor.spi.Storage;

/**
 * Convolution on the GPU ({@code Backend.convForward / convBackwardData / convBackwardWeight}) as implicit GEMM,
 * kernels in {@code src/main/cuda/conv.cu}, planning in {@link ConvPlan}. Semantics are CpuConv's: zero padding,
 * stride, groups; the data gradient is also transposed convolution's forward and accepts a larger input (positions
 * no output reaches get 0); the weight gradient overwrites {@code gw}.
 *
 * <p>Variants: {@link #NAIVE} (direct loops, the on-GPU reference), {@link #IMPLICIT} (promoted: implicit GEMM on the
 * register-blocked SIMT engine shared with GEMM, no im2col buffer) and {@link #TF32} (the same on tensor cores, only
 * with {@link CudaPrecision#allowTf32()} and an sm_90 image).
 *
 * <p>CPU reference: {@code CpuConv} (one class per pass, as the sections of {@code conv.cu}: {@code CpuConvForward},
 * {@code CpuConvBackwardData}, {@code CpuConvBackwardWeight}), validated by {@code ConvKernelTest}.
 */
final class CudaConv {
    /** Direct loops, one thread per output element. */
    static final int NAIVE = 1;
    /** Implicit GEMM, fp32 SIMT (the default). */
    static final int IMPLICIT = 2;
    /** Implicit GEMM on TF32 tensor cores (explicit opt-in). */
    static final int TF32 = 3;

    static final String MODULE = "conv";

    private CudaConv() {}

    /** {@code Backend.convForward} on {@code dev}. */
    static void forward(CudaDevice dev, ConvGeometry g, Storage x, Storage w, Storage bias, Storage y) {
        KernelRunner r = new DeviceRunner(dev);
        forward(r, defaultVariant(r), g, x, w, bias, y);
    }

    /** {@code Backend.convBackwardData} on {@code dev}. */
    static void backwardData(CudaDevice dev, ConvGeometry g, Storage gy, Storage w, Storage gx) {
        KernelRunner r = new DeviceRunner(dev);
        backwardData(r, defaultVariant(r), g, gy, w, gx);
    }

    /** {@code Backend.convBackwardWeight} on {@code dev}. */
    static void backwardWeight(CudaDevice dev, ConvGeometry g, Storage x, Storage gy, Storage gw) {
        KernelRunner r = new DeviceRunner(dev);
        backwardWeight(r, defaultVariant(r), g, x, gy, gw);
    }

    private static int defaultVariant(KernelRunner r) {
        return CudaPrecision.allowTf32() && CudaGemm.tf32Image(r.computeCapability()) ? TF32 : IMPLICIT;
    }

    /** Forward pass with an explicit variant. */
    static void forward(KernelRunner r, int variant, ConvGeometry g, Storage x, Storage w, Storage bias, Storage y) {
        check(r, variant, "convForward", g);
        checkSize("convForward", g, "x", x, (long) g.n() * g.cin() * g.inSize());
        checkSize("convForward", g, "w", w, (long) g.cout() * g.cinPerGroup() * g.kernelSize());
        checkSize("convForward", g, "y", y, (long) g.n() * g.cout() * g.outSize());
        if (bias != null) checkSize("convForward", g, "bias", bias, g.cout());
        long outputs = (long) g.n() * g.cout() * g.outSize();
        if (outputs == 0) return;
        Ptr b = bias == null ? Ptr.NULL : Ptr.of(bias);
        Object[] head = {Ptr.of(x), Ptr.of(w), b, Ptr.of(y)};
        if (variant == NAIVE) {
            r.launch(MODULE, ConvPlan.kernel("fwd", NAIVE, 0), Grid.stride(outputs, r.multiprocessors()), concat(head, ConvPlan.geometryArgs(g)));
            return;
        }
        int tm = ConvPlan.tileM(g.coutPerGroup()), tn = ConvPlan.tileN(tm);
        Grid grid = ConvPlan.blocked(ConvPlan.ceilDiv(g.coutPerGroup(), tm), ConvPlan.ceilDiv((long) g.n() * g.outSize(), tn), g.groups(),
                "convForward " + g);
        r.launch(MODULE, ConvPlan.kernel("fwd", variant, tm), grid, concat(head, ConvPlan.geometryArgs(g)));
    }

    /** Data gradient (transposed convolution's forward) with an explicit variant; {@code gx} is overwritten. */
    static void backwardData(KernelRunner r, int variant, ConvGeometry g, Storage gy, Storage w, Storage gx) {
        check(r, variant, "convBackwardData", g);
        checkSize("convBackwardData", g, "gy", gy, (long) g.n() * g.cout() * g.outSize());
        checkSize("convBackwardData", g, "w", w, (long) g.cout() * g.cinPerGroup() * g.kernelSize());
        checkSize("convBackwardData", g, "gx", gx, (long) g.n() * g.cin() * g.inSize());
        long inputs = (long) g.n() * g.cin() * g.inSize();
        if (inputs == 0) return;
        int phases = ConvPlan.phases(g);
        Object[] head = {Ptr.of(gy), Ptr.of(w), Ptr.of(gx), phases};
        if (variant == NAIVE) {
            r.launch(MODULE, ConvPlan.kernel("bwdd", NAIVE, 0), Grid.stride(inputs, r.multiprocessors()), concat(head, ConvPlan.geometryArgs(g)));
            return;
        }
        long maxPhase = 0;
        for (long s : ConvPlan.phaseSizes(g)) maxPhase = Math.max(maxPhase, s);
        int tm = ConvPlan.tileM(g.cinPerGroup()), tn = ConvPlan.tileN(tm);
        Grid grid = ConvPlan.blocked(ConvPlan.ceilDiv(g.cinPerGroup(), tm), ConvPlan.ceilDiv(g.n() * maxPhase, tn), g.groups() * phases,
                "convBackwardData " + g);
        r.launch(MODULE, ConvPlan.kernel("bwdd", variant, tm), grid, concat(head, ConvPlan.geometryArgs(g)));
    }

    /** Weight gradient with an explicit variant; {@code gw} is overwritten (summed over the batch). */
    static void backwardWeight(KernelRunner r, int variant, ConvGeometry g, Storage x, Storage gy, Storage gw) {
        check(r, variant, "convBackwardWeight", g);
        checkSize("convBackwardWeight", g, "x", x, (long) g.n() * g.cin() * g.inSize());
        checkSize("convBackwardWeight", g, "gy", gy, (long) g.n() * g.cout() * g.outSize());
        long weights = (long) g.cout() * g.cinPerGroup() * g.kernelSize();
        checkSize("convBackwardWeight", g, "gw", gw, weights);
        if (weights == 0) return;
        long k = (long) g.n() * g.outSize();
        if (k > Integer.MAX_VALUE)
            throw new IllegalArgumentException("CUDA convBackwardWeight: n * output voxels = " + k + " exceeds 2^31 - 1 for " + g);
        if (k == 0) {
            r.zero(gw, 0, weights);
            return;
        }
        if (variant == NAIVE) {
            Object[] head = {Ptr.of(x), Ptr.of(gy), Ptr.of(gw), 1, 0};
            r.launch(MODULE, ConvPlan.kernel("bwdw", NAIVE, 0), Grid.stride(weights, r.multiprocessors()), concat(head, ConvPlan.geometryArgs(g)));
            return;
        }
        int tm = ConvPlan.tileM(g.coutPerGroup()), tn = ConvPlan.tileN(tm);
        long tilesM = ConvPlan.ceilDiv(g.coutPerGroup(), tm), tilesN = ConvPlan.ceilDiv((long) g.cinPerGroup() * g.kernelSize(), tn);
        int[] split = ConvPlan.weightSplit(k, tilesM * tilesN * g.groups(), g.groups(), r.multiprocessors(),
                variant == TF32 ? ConvPlan.BK_TF32 : ConvPlan.BK_SIMT);
        if (split[0] > 1) r.zero(gw, 0, weights);  // the splits add atomically
        Object[] head = {Ptr.of(x), Ptr.of(gy), Ptr.of(gw), split[0], split[1]};
        Grid grid = ConvPlan.blocked(tilesM, tilesN, g.groups() * split[0], "convBackwardWeight " + g);
        r.launch(MODULE, ConvPlan.kernel("bwdw", variant, tm), grid, concat(head, ConvPlan.geometryArgs(g)));
    }

    private static void check(KernelRunner r, int variant, String op, ConvGeometry g) {
        if (variant == TF32 && !CudaGemm.tf32Image(r.computeCapability()))
            throw new IllegalArgumentException("CUDA " + op + ": the TF32 variant needs the sm_90 image, device has compute capability "
                    + r.computeCapability());
        if (variant < NAIVE || variant > TF32) throw new IllegalArgumentException("CUDA " + op + ": unknown variant " + variant);
        for (int d = 0; d < 3; d++)
            if (g.kernel()[d] > 1023)
                throw new IllegalArgumentException("CUDA " + op + ": kernel sizes above 1023 are not supported, got " + g);
        if ((long) g.in()[0] * g.in()[1] * g.in()[2] > Integer.MAX_VALUE || (long) g.out()[0] * g.out()[1] * g.out()[2] > Integer.MAX_VALUE)
            throw new IllegalArgumentException("CUDA " + op + ": a sample's volume exceeds 2^31 - 1 voxels: " + g);
    }

    private static void checkSize(String op, ConvGeometry g, String name, Storage s, long need) {
        if (s.size() < need)
            throw new IllegalArgumentException("CUDA " + op + ": " + name + " has " + s.size() + " floats, needs " + need + " for " + g);
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] all = new Object[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
