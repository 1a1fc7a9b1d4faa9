package org.cryograd.kernels;

import org.cryograd.kernels.KernelRunner.Grid;
import org.cryograd.kernels.KernelRunner.Ptr;
import org.cryograd.tensor.spi.Storage;

/**
 * Batched row-major SGEMM on the GPU ({@code Backend.gemm}), kernels in {@code src/main/cuda/gemm.cu}.
 *
 * <p>Variants: {@link #NAIVE}, {@link #SMEM_TILED}, {@link #REGBLOCK} (promoted: 128 x 128 x 8 block tiles, 8 x 8
 * register tiles, float4 loads and double-buffered shared memory, the classic SIMT design that reaches most of
 * cuBLAS's fp32 rate; 64 x 64 tiles when 128-tiles would not fill the GPU once) and {@link #TF32_WMMA} (tensor cores,
 * only with {@link CudaPrecision#allowTf32()} and an sm_90 image).
 *
 * <p>CPU reference: {@code CpuGemm}, validated by {@code GemmKernelTest}.
 */
final class CudaGemm {
    /** One thread per output element. */
    static final int NAIVE = 1;
    /** 32 x 32 shared-memory tiles. */
    static final int SMEM_TILED = 2;
    /** Register-blocked engine (the default). */
    static final int REGBLOCK = 3;
    /** TF32 tensor cores (explicit opt-in). */
    static final int TF32_WMMA = 4;

    static final String MODULE = "gemm";
    /** Largest gridDim.z: longer batches are launched in chunks. */
    static final int MAX_BATCH_PER_LAUNCH = 65535;

    private CudaGemm() {}

    /** {@code Backend.gemm} on {@code dev}, with the default variant. */
    static void gemm(CudaDevice dev, int batch, boolean transA, boolean transB, int m, int n, int k,
                     Storage a, long aOffset, long strideA, Storage b, long bOffset, long strideB,
                     Storage c, long cOffset, long strideC, boolean accumulate) {
        KernelRunner r = new DeviceRunner(dev);
        gemm(r, defaultVariant(r.computeCapability(), CudaPrecision.allowTf32()), batch, transA, transB, m, n, k,
                a, aOffset, strideA, b, bOffset, strideB, c, cOffset, strideC, accumulate);
    }

    /** {@link #REGBLOCK}, or {@link #TF32_WMMA} when allowed and the device's image has it. */
    static int defaultVariant(int computeCapability, boolean allowTf32) {
        return allowTf32 && tf32Image(computeCapability) ? TF32_WMMA : REGBLOCK;
    }

    /**
     * Whether the kernel image a device loads contains the TF32 tensor-core kernels. Only the sm_90 cubin does
     * ({@link CudaModules} loads it on compute capability 9.0): the compute_75 PTX that every other GPU JIT-compiles
     * cannot hold TF32 wmma, and its copies of those kernels trap.
     */
    static boolean tf32Image(int computeCapability) {
        return computeCapability == 90;
    }

    /** {@code Backend.gemm} with an explicit variant (validation and benchmarks). */
    static void gemm(KernelRunner r, int variant, int batch, boolean transA, boolean transB, int m, int n, int k,
                     Storage a, long aOffset, long strideA, Storage b, long bOffset, long strideB,
                     Storage c, long cOffset, long strideC, boolean accumulate) {
        String shape = "gemm(batch=" + batch + ", m=" + m + ", n=" + n + ", k=" + k + ", transA=" + transA + ", transB=" + transB + ")";
        if (batch < 0 || m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("CUDA " + shape + ": negative size");
        if (strideA < 0 || strideB < 0 || strideC < 0 || aOffset < 0 || bOffset < 0 || cOffset < 0)
            throw new IllegalArgumentException("CUDA " + shape + ": negative offset or stride");
        if (batch == 0 || m == 0 || n == 0 || (k == 0 && accumulate)) return;
        checkExtent(shape, "A", a, aOffset, strideA, batch, (long) m * k);
        checkExtent(shape, "B", b, bOffset, strideB, batch, (long) k * n);
        checkExtent(shape, "C", c, cOffset, strideC, batch, (long) m * n);
        if (variant == TF32_WMMA && !tf32Image(r.computeCapability()))
            throw new IllegalArgumentException("CUDA " + shape + ": the TF32 variant needs the sm_90 image, device has compute capability "
                    + r.computeCapability());
        int lda = transA ? m : k, ldb = transB ? k : n, ldc = n;
        for (int z0 = 0; z0 < batch; z0 += MAX_BATCH_PER_LAUNCH) {
            int nz = Math.min(MAX_BATCH_PER_LAUNCH, batch - z0);
            Ptr pa = Ptr.of(a, aOffset + z0 * strideA), pb = Ptr.of(b, bOffset + z0 * strideB), pc = Ptr.of(c, cOffset + z0 * strideC);
            Object[] core = {m, n, k, pa, strideA, lda, pb, strideB, ldb, pc, strideC, ldc, accumulate ? 1 : 0};
            switch (variant) {
                case NAIVE -> r.launch(MODULE, "gemm_1_naive", Grid.stride((long) m * n, r.multiprocessors()).withZ(nz), prepend(transA, transB, core));
                case SMEM_TILED -> r.launch(MODULE, "gemm_2_smem_tiled", new Grid((int) tiles(m, n, 32), 1, nz, 32, 8, 1), prepend(transA, transB, core));
                case REGBLOCK -> {
                    int t = regblockTile(m, n, batch, r.multiprocessors());
                    r.launch(MODULE, kernelName(variant, t, transA, transB), Grid.of(tiles(m, n, t), 256, nz), core);
                }
                case TF32_WMMA -> r.launch(MODULE, kernelName(variant, 128, transA, transB), Grid.of(tiles(m, n, 128), 256, nz), core);
                default -> throw new IllegalArgumentException("CUDA gemm: unknown variant " + variant);
            }
        }
    }

    /**
     * Block tile of {@link #REGBLOCK}: 128 when 128 x 128 tiles give at least one block per multiprocessor, else 64
     * (four times the blocks, so small problems still spread over the GPU).
     */
    static int regblockTile(int m, int n, int batch, int multiprocessors) {
        long blocks128 = (long) ceilDiv(m, 128) * ceilDiv(n, 128) * batch;
        return blocks128 >= multiprocessors ? 128 : 64;
    }

    /** The kernel of a blocked variant for a tile size and transpose case, e.g. {@code gemm_3_regblock_l_nt}. */
    static String kernelName(int variant, int tile, boolean transA, boolean transB) {
        String ab = (transA ? "t" : "n") + (transB ? "t" : "n");
        return switch (variant) {
            case REGBLOCK -> "gemm_3_regblock_" + (tile == 128 ? "l" : "s") + "_" + ab;
            case TF32_WMMA -> "gemm_4_tf32_wmma_" + ab;
            default -> throw new IllegalArgumentException("CUDA gemm: variant " + variant + " has no tiled kernel");
        };
    }

    /** Number of {@code tile x tile} tiles covering an {@code m x n} matrix (the blocks of one batch matrix). */
    static long tiles(int m, int n, int tile) {
        long t = (long) ceilDiv(m, tile) * ceilDiv(n, tile);
        if (t > Integer.MAX_VALUE) throw new IllegalArgumentException("CUDA gemm: " + m + " x " + n + " needs too many blocks");
        return t;
    }

    private static void checkExtent(String shape, String name, Storage s, long offset, long stride, int batch, long elems) {
        long need = offset + (batch - 1L) * stride + elems;
        if (s.size() < need)
            throw new IllegalArgumentException("CUDA " + shape + ": " + name + " needs " + need + " floats (offset " + offset + ", batch stride "
                    + stride + "), storage has " + s.size());
    }

    private static Object[] prepend(boolean transA, boolean transB, Object[] core) {
        Object[] all = new Object[core.length + 2];
        all[0] = transA ? 1 : 0;
        all[1] = transB ? 1 : 0;
        System.arraycopy(core, 0, all, 2, core.length);
        return all;
    }

    private static int ceilDiv(int x, int y) {
        return (int) (((long) x + y - 1) / y);
    }
}
