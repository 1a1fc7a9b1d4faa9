package org.cryograd.kernels;

import java.util.List;
import org.cryograd.tensor.spi.ReduceOp;
import org.cryograd.tensor.spi.Storage;

/**
 * Reductions and softmax over {@code [outer, n, inner]} ({@code reduce.cu}, {@code softmax.cu}). {@link #plan} picks
 * the variant from the shape and the device's size; it is pure arithmetic and unit-tested. Property
 * {@code cryograd.cuda.reduce} (1, 2, 3) forces a reduction variant where it applies.
 *
 * <p>CPU reference: {@code CpuReduce} (reductions and softmax), validated by {@code DeviceOpsKernelTest}.
 */
final class CudaReduce {
    static final String REDUCE = "reduce";
    static final String SOFTMAX = "softmax";
    private static final int REDUCE_DEFAULT = Integer.getInteger("cryograd.cuda.reduce", 0);
    /** Threads per SM the planner aims to keep busy. */
    static final int THREADS_PER_SM = 2048;

    private CudaReduce() {}

    /**
     * A reduction launch plan.
     *
     * @param variant  1 thread per line, 2 warp per line ({@code inner == 1}), 3 split into chunks plus a finish pass
     * @param chunkLen elements of n per chunk (variant 3)
     * @param chunks   chunks per line (variant 3; 1 otherwise)
     */
    record Plan(int variant, int chunkLen, int chunks) {}

    /** The op's code in {@code ops.cuh} ({@code CG_REDUCE_*}): its ordinal ({@code LaunchPlanTest} checks them). */
    static int code(ReduceOp op) {
        return op.ordinal();
    }

    /**
     * Chooses how to reduce {@code lines = outer * inner} lines of length {@code n} on a device with {@code sms}
     * multiprocessors: many lines keep the GPU busy with one thread (inner &gt; 1, coalesced across lines) or one
     * warp (inner == 1, contiguous lines) per line; few long lines are cut into chunks so that about
     * {@code THREADS_PER_SM * sms} threads (variant 3 cols) or that many warps' worth of lanes (rows) work at once.
     *
     * @param variant 0 for the automatic choice, else 1, 2 or 3
     */
    static Plan plan(int variant, long outer, int n, int inner, int sms) {
        long lines = outer * inner;
        long target = (long) THREADS_PER_SM * Math.max(1, sms);
        int v = variant;
        if (v == 0) {
            if (inner == 1) v = lines * 32 >= target || n <= 4096 ? 2 : 3;
            else v = lines >= target || n <= 64 ? 1 : 3;
        }
        if (v == 2 && inner != 1) throw new IllegalArgumentException("reduce variant 2 needs inner == 1, got inner " + inner);
        if (v == 1 || v == 2) return new Plan(v, n, 1);
        if (v != 3) throw new IllegalArgumentException("reduce: no variant " + variant + " (1..3)");
        // rows: each (line, chunk) is a warp, so aim for target / 32 items of at least 1024 elements;
        // cols: each is a thread, so aim for target items of at least 16 elements
        long items = inner == 1 ? Math.max(1, target / 32) : target;
        int minLen = inner == 1 ? 1024 : 16;
        long wantChunks = Math.max(1, (items + lines - 1) / Math.max(1, lines));
        int chunkLen = (int) Math.max(minLen, (n + wantChunks - 1) / wantChunks);
        chunkLen = Math.min(chunkLen, Math.max(1, n));
        int chunks = (int) ((n + (long) chunkLen - 1) / chunkLen);
        return new Plan(3, chunkLen, Math.max(1, chunks));
    }

    static void reduce(CudaDevice dev, ReduceOp op, Storage x, int outer, int n, int inner, Storage y) {
        reduce(dev, REDUCE_DEFAULT, op, x, outer, n, inner, y);
    }

    /** The reduction of the Backend SPI with a given variant (0: planned). */
    static void reduce(CudaDevice dev, int variant, ReduceOp op, Storage x, int outer, int n, int inner, Storage y) {
        DeviceOps.run(dev, c -> reducePlan(c, variant, op, CudaStorage.of(x), outer, n, inner, CudaStorage.of(y)));
    }

    /** The launches of a reduction: one kernel, or partials into a workspace plus the finishing pass. */
    static List<DeviceOps.Op> reducePlan(DeviceOps.Context c, int variant, ReduceOp op, CudaStorage x, int outer, int n, int inner, CudaStorage y) {
        long lines = (long) outer * inner;
        if (lines == 0) return List.of();
        Plan p = plan(variant, outer, n, inner, c.multiprocessors());
        DeviceOps.Ptr px = DeviceOps.Ptr.of(x), py = DeviceOps.Ptr.of(y);
        int code = code(op);
        return switch (p.variant()) {
            case 1 -> List.of(DeviceOps.launch1d(c, REDUCE, "reduce_1_thread_per_line", lines, px, py, (long) outer, n, inner, code));
            case 2 -> List.of(DeviceOps.launch1d(c, REDUCE, "reduce_2_warp_per_line", lines * 32, px, py, lines, n, code));
            default -> {
                long items = lines * p.chunks();
                DeviceOps.Ptr part = DeviceOps.Ptr.of(c.scratch(items * Double.BYTES));
                DeviceOps.Launch partial = inner == 1
                        ? DeviceOps.launch1d(c, REDUCE, "reduce_3_partial_rows", items * 32, px, part, lines, n, p.chunkLen(), p.chunks(), code)
                        : DeviceOps.launch1d(c, REDUCE, "reduce_3_partial_cols", items, px, part, (long) outer, n, inner, p.chunkLen(), p.chunks(), code);
                yield List.of(partial, DeviceOps.launch1d(c, REDUCE, "reduce_3_finish", lines, part, py, lines, p.chunks(), code));
            }
        };
    }

    /** The softmax kernel: 2 (warp per line) for {@code inner == 1}, else 1 (thread per line). */
    static String softmaxKernel(int variant, int inner) {
        int v = variant == 0 ? (inner == 1 ? 2 : 1) : variant;
        if (v == 2 && inner != 1) throw new IllegalArgumentException("softmax variant 2 needs inner == 1, got inner " + inner);
        return switch (v) {
            case 1 -> "softmax_1_thread_per_line";
            case 2 -> "softmax_2_warp_per_line";
            default -> throw new IllegalArgumentException("softmax: no variant " + variant + " (1..2)");
        };
    }

    static void softmax(CudaDevice dev, boolean log, Storage x, int outer, int n, int inner, Storage y) {
        softmax(dev, 0, log, x, outer, n, inner, y);
    }

    /** Softmax with a given variant (0: promoted). */
    static void softmax(CudaDevice dev, int variant, boolean log, Storage x, int outer, int n, int inner, Storage y) {
        DeviceOps.run(dev, c -> softmaxPlan(c, variant, log, CudaStorage.of(x), outer, n, inner, CudaStorage.of(y)));
    }

    static List<DeviceOps.Op> softmaxPlan(DeviceOps.Context c, int variant, boolean log, CudaStorage x, int outer, int n, int inner, CudaStorage y) {
        long lines = (long) outer * inner;
        if (lines == 0 || n == 0) return List.of();
        String k = softmaxKernel(variant, inner);
        DeviceOps.Ptr px = DeviceOps.Ptr.of(x), py = DeviceOps.Ptr.of(y);
        if (k.startsWith("softmax_2")) return List.of(DeviceOps.launch1d(c, SOFTMAX, k, lines * 32, px, py, lines, n, log ? 1 : 0));
        return List.of(DeviceOps.launch1d(c, SOFTMAX, k, lines, px, py, (long) outer, n, inner, log ? 1 : 0));
    }
}
