package org.cryograd.tensor.cpu;

import java.util.concurrent.atomic.AtomicLong;
import org.cryograd.tensor.spi.ConvGeometry;

/**
 * 1-, 2- and 3-D convolution on the CPU (zero padding, groups, stride), expressed in 3-D through
 * {@link ConvGeometry}: the three passes' entry points, and the tiling limits and per-thread workspace they share.
 * All tensors are contiguous row-major {@code float[]}.
 *
 * <p>Every pass is an implicit GEMM over tiles: for each (sample, group, tile of positions) a column
 * tile is gathered into a bounded per-thread workspace (at most {@link #WORKSPACE_CAP_FLOATS} floats = 4 MiB,
 * reused across calls) and multiplied with the weight by {@link CpuGemm#sgemmSerial}. No full im2col
 * matrix is ever built. One class per pass, as the sections of the CUDA {@code conv.cu}:
 * <ul>
 *   <li>{@link CpuConvForward}: tiles of output positions, {@code y[coutG, tile] = W_g[coutG, cinG*ks] * col}.</li>
 *   <li>{@link CpuConvBackwardData}: tiles of <em>input</em> positions in gather form, one stride phase at a
 *       time, {@code gx[cinG, tile] = Wr_phase[cinG, coutG*taps] * gcol}. Every tile owns its outputs: no
 *       scatter-add, so no races.</li>
 *   <li>{@link CpuConvBackwardWeight}: (sample, tile) work items split into a fixed number of chunks (at most
 *       {@link #MAX_WEIGHT_CHUNKS}, fewer for large weights), each accumulating into its own weight-sized
 *       partial, summed in chunk order.</li>
 * </ul>
 * Shared pieces: {@link ConvGeo} (the unpacked geometry), {@link ConvColumns} (reading the forward column matrix:
 * gathered tiles and runs along x) and {@link ConvSlab} (the unit-stride direct path). Work is split only by problem
 * sizes, never by thread count, so results are bit-identical for any {@link Parallel#setThreads(int) thread count}.
 *
 * <p>That is the scalar path (with {@link CpuGemm#SCALAR}). With the SIMD GEMM kernel ({@link CpuSimd}) the passes
 * avoid the column workspace round trip; the choice depends only on the geometry:
 * <ul>
 *   <li>unit strides (all three): a direct convolution over zero-padded slabs ({@link ConvSlab}).</li>
 *   <li>other strides: the column matrix is gathered block by block straight into the GEMM's packed panels
 *       ({@link CpuGemm.Kernel#gemmPanels}); with at most {@link #SMALL_M} output channels per group the rows are
 *       instead streamed through {@link CpuGemm.Kernel#fmaRuns}; the weight gradient gathers 12 rows at a time
 *       for {@link CpuGemm.Kernel#microRows}.</li>
 *   <li>1x1 kernels: the input is its own column matrix, as in the scalar path.</li>
 * </ul>
 * In the forward and data-gradient passes every output is one FMA chain over the column-matrix rows in order,
 * padding zeros included, whichever SIMD path computed it; all workspaces stay under the same per-thread cap.
 */
public final class CpuConv {
    /** Per-thread column workspace cap in floats (4 MiB). */
    static final int WORKSPACE_CAP_FLOATS = 1 << 20;
    /** Longest tile of positions (matches the GEMM column tile). */
    static final int TILE_MAX = 512;
    /** Shortest tile of positions before the channel reduction is blocked instead. */
    static final int TILE_MIN = 64;
    /** Most partial sums in {@link #backwardWeight}. */
    static final int MAX_WEIGHT_CHUNKS = 64;
    /** Budget in floats for all partial weight gradients of one {@link #backwardWeight} call (64 MiB). */
    static final int PARTIAL_BUDGET_FLOATS = 1 << 24;
    /** Up to this many GEMM rows (output channels of the pass), the fused paths replace the packed GEMM. */
    static final int SMALL_M = 4;
    /** Target number of virtual positions (output rows padded to the slab width) per slab tile. */
    static final int SLAB_POSITIONS = 640;

    private static final ThreadLocal<float[]> WORKSPACE = new ThreadLocal<>();
    private static final AtomicLong MAX_WORKSPACE = new AtomicLong();

    private CpuConv() {}

    // ------------------------------------------------------------------------------------------ API

    /**
     * Convolution forward pass.
     *
     * @param x    input {@code [n, cin, in...]}
     * @param w    weight {@code [cout, cin/groups, kernel...]}
     * @param bias bias {@code [cout]}, or null
     * @param y    output {@code [n, cout, out...]}, overwritten
     * @param g    the geometry
     */
    public static void forward(float[] x, float[] w, float[] bias, float[] y, ConvGeometry g) {
        CpuConvForward.run(CpuGemm.KERNEL, x, w, bias, y, g);
    }

    /** {@link #forward} with an explicit GEMM kernel. */
    static void forward(CpuGemm.Kernel kern, float[] x, float[] w, float[] bias, float[] y, ConvGeometry g) {
        CpuConvForward.run(kern, x, w, bias, y, g);
    }

    /**
     * Gradient with respect to the input (also the forward pass of a transposed convolution).
     * {@code in} may be larger than the standard output formula implies; input positions that no
     * output reaches get 0.
     *
     * @param gy output gradient {@code [n, cout, out...]}
     * @param w  weight {@code [cout, cin/groups, kernel...]}
     * @param gx input gradient {@code [n, cin, in...]}, overwritten
     * @param g  the geometry
     */
    public static void backwardData(float[] gy, float[] w, float[] gx, ConvGeometry g) {
        CpuConvBackwardData.run(CpuGemm.KERNEL, gy, w, gx, g);
    }

    /** {@link #backwardData} with an explicit GEMM kernel. */
    static void backwardData(CpuGemm.Kernel kern, float[] gy, float[] w, float[] gx, ConvGeometry g) {
        CpuConvBackwardData.run(kern, gy, w, gx, g);
    }

    /**
     * Gradient with respect to the weight (the bias gradient is not computed here).
     *
     * @param x  input {@code [n, cin, in...]}
     * @param gy output gradient {@code [n, cout, out...]}
     * @param gw weight gradient {@code [cout, cin/groups, kernel...]}, overwritten
     * @param g  the geometry
     */
    public static void backwardWeight(float[] x, float[] gy, float[] gw, ConvGeometry g) {
        CpuConvBackwardWeight.run(CpuGemm.KERNEL, x, gy, gw, g);
    }

    /** {@link #backwardWeight} with an explicit GEMM kernel. */
    static void backwardWeight(CpuGemm.Kernel kern, float[] x, float[] gy, float[] gw, ConvGeometry g) {
        CpuConvBackwardWeight.run(kern, x, gy, gw, g);
    }

    // ---------------------------------------------------------------- tiling and workspace, shared by the passes

    /** Floats in the calling thread's column workspace (0 if it has none yet). */
    static int workspaceFloats() {
        float[] w = WORKSPACE.get();
        return w == null ? 0 : w.length;
    }

    /** The largest column workspace (floats) any thread has allocated since class load. */
    static long maxWorkspaceFloats() {
        return MAX_WORKSPACE.get();
    }

    /** The calling thread's workspace, grown to at least {@code floats} (contents undefined). */
    static float[] workspace(int floats) {
        float[] w = WORKSPACE.get();
        if (w == null || w.length < floats) {
            w = new float[floats];
            WORKSPACE.set(w);
            MAX_WORKSPACE.accumulateAndGet(floats, Math::max);
        }
        return w;
    }

    /** Tile length for a reduction of {@code k} rows over {@code positions} positions. */
    static int tileLen(int k, int positions) {
        int t = Math.min(TILE_MAX, Math.max(TILE_MIN, WORKSPACE_CAP_FLOATS / Math.max(1, k)));
        if (t >= 32) t &= ~15;
        return Math.max(1, Math.min(t, positions));
    }

    /** Channels gathered at once so that {@code channels * ks * tl} stays within the workspace cap. */
    static int channelBlock(int channels, int ks, int tl) {
        long per = (long) ks * tl;
        return (int) Math.max(1, Math.min(channels, WORKSPACE_CAP_FLOATS / per));
    }

    /** Number of partial sums {@link #backwardWeight} uses for {@code items} work items. */
    static int weightChunks(long items, int weightSize) {
        long byMem = Math.max(1, PARTIAL_BUDGET_FLOATS / Math.max(1, weightSize));
        return (int) Math.max(1, Math.min(Math.min(MAX_WEIGHT_CHUNKS, items), byMem));
    }

    /** A chunk count for {@link Parallel#forChunks}, refusing problems beyond int range. */
    static int chunkCount(long chunks) {
        if (chunks > Integer.MAX_VALUE) throw new IllegalArgumentException("convolution: problem too large");
        return (int) chunks;
    }
}
