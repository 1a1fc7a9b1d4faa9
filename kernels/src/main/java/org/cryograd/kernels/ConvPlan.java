package org.cryograd.kernels;

import org.cryograd.kernels.KernelRunner.Grid;
import org.cryograd.tensor.spi.ConvGeometry;

/**
 * Launch planning of the convolution kernels (conv.cu): tile shapes, kernel names, grids, stride phases of the
 * data gradient and the split of the weight gradient's reduction. Pure arithmetic, unit-tested without a GPU.
 */
final class ConvPlan {
    /** Threads per block of the blocked variants. */
    static final int THREADS = 256;
    /** Reduction step of the SIMT engine ({@code SimtCfg} BK in conv.cu). */
    static final int BK_SIMT = 8;
    /** Reduction step of the TF32 engine ({@code Tf32Cfg} BK in conv.cu). */
    static final int BK_TF32 = 16;
    /** Largest gridDim.z. */
    static final int MAX_GRID_Z = 65535;
    /** Fewest reduction steps one split of the weight gradient gets (fewer make the atomics dominate). */
    static final int MIN_STEPS_PER_SPLIT = 32;
    /** Blocks per multiprocessor the weight-gradient split aims for (2 resident blocks, 2 waves). */
    static final int TARGET_BLOCKS_PER_SM = 4;

    private ConvPlan() {}

    /** Block rows (the GEMM's M tile) for {@code m} rows: 128, 64 or 32, the smallest that wastes least. */
    static int tileM(int m) {
        return m > 64 ? 128 : m > 32 ? 64 : 32;
    }

    /** Block columns that go with a row tile (256 threads each): 128, 128, 256. */
    static int tileN(int tileM) {
        return tileM == 32 ? 256 : 128;
    }

    /**
     * The kernel of {@code pass} ("fwd", "bwdd", "bwdw") for a variant and row tile, e.g.
     * {@code conv_bwdd_2_implicit_m64}.
     */
    static String kernel(String pass, int variant, int tileM) {
        return switch (variant) {
            case CudaConv.NAIVE -> "conv_" + pass + "_1_naive";
            case CudaConv.IMPLICIT -> "conv_" + pass + "_2_implicit_m" + tileM;
            case CudaConv.TF32 -> "conv_" + pass + "_3_tf32_m" + tileM;
            default -> throw new IllegalArgumentException("CUDA convolution: unknown variant " + variant);
        };
    }

    /** The 19 geometry arguments in conv.cu's CONV_PARAMS order. */
    static Object[] geometryArgs(ConvGeometry g) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.stride(), p = g.padding();
        return new Object[] {g.n(), g.cin(), g.cout(), g.groups(), in[0], in[1], in[2], out[0], out[1], out[2],
                k[0], k[1], k[2], s[0], s[1], s[2], p[0], p[1], p[2]};
    }

    /** Number of stride phases of the data gradient: {@code stride[0] * stride[1] * stride[2]}. */
    static int phases(ConvGeometry g) {
        return g.stride()[0] * g.stride()[1] * g.stride()[2];
    }

    /**
     * Input positions per stride phase (phase index {@code (fz * sh + fy) * sw + fx}), as conv.cu's PhaseGeo counts
     * them: along a dimension, phase f holds the positions i with {@code (i + pad) mod stride == f}.
     */
    static long[] phaseSizes(ConvGeometry g) {
        int[] s = g.stride(), p = g.padding(), in = g.in();
        long[] sizes = new long[phases(g)];
        int idx = 0;
        for (int fz = 0; fz < s[0]; fz++)
            for (int fy = 0; fy < s[1]; fy++)
                for (int fx = 0; fx < s[2]; fx++)
                    sizes[idx++] = (long) phaseCount(fz, s[0], p[0], in[0]) * phaseCount(fy, s[1], p[1], in[1]) * phaseCount(fx, s[2], p[2], in[2]);
        return sizes;
    }

    /** Positions of phase f along one dimension. */
    static int phaseCount(int f, int s, int p, int in) {
        int lo = -Math.floorDiv(f - p, s);
        int hi = -Math.floorDiv(-(in - f + p), s);
        return Math.max(0, hi - lo);
    }

    /**
     * Split of the weight gradient's reduction of length {@code k} over {@code tiles} output tiles (all groups):
     * enough splits for about {@link #TARGET_BLOCKS_PER_SM} blocks per multiprocessor, each at least
     * {@link #MIN_STEPS_PER_SPLIT} steps of {@code bk}, and {@code groups * splits <= 65535}.
     *
     * @return {splits, chunk}: split i reduces {@code [i * chunk, min(k, (i + 1) * chunk))}; chunk is a multiple of bk
     */
    static int[] weightSplit(long k, long tiles, int groups, int multiprocessors, int bk) {
        if (k <= 0) return new int[] {1, 0};
        long want = ceilDiv((long) TARGET_BLOCKS_PER_SM * Math.max(1, multiprocessors), Math.max(1, tiles));
        long byWork = Math.max(1, k / ((long) MIN_STEPS_PER_SPLIT * bk));
        long splits = Math.max(1, Math.min(Math.min(want, byWork), MAX_GRID_Z / Math.max(1, groups)));
        long chunk = ceilDiv(ceilDiv(k, splits), bk) * bk;
        splits = ceilDiv(k, chunk);
        return new int[] {(int) splits, (int) chunk};
    }

    /** Grid of a blocked variant: {@code tilesM * tilesN} blocks of {@link #THREADS}, {@code gz} deep. */
    static Grid blocked(long tilesM, long tilesN, int gz, String what) {
        if (gz > MAX_GRID_Z) throw new IllegalArgumentException("CUDA " + what + ": " + gz + " groups x phases/splits exceed the grid limit 65535");
        long blocks = tilesM * tilesN;
        if (blocks > Integer.MAX_VALUE) throw new IllegalArgumentException("CUDA " + what + ": too many blocks (" + blocks + ")");
        return Grid.of(blocks, THREADS, gz);
    }

    static long ceilDiv(long x, long y) {
        return (x + y - 1) / y;
    }
}
