package org.cryograd.tensor;

import org.cryograd.tensor.cpu.Parallel;

/**
 * The CPU's worker threads, for code beside the tensor engine (metrics, command lines): how many the CPU backend
 * uses, and the same deterministic parallel loop it runs on. Work is cut into ranges that depend only on the problem
 * size, never on the thread count, so results are bit-identical for any count.
 */
public final class Threads {
    /** The most threads that can be set. */
    public static final int MAX = Parallel.MAX_THREADS;

    private Threads() {}

    /** A loop body over the half-open index range {@code [start, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        /** Runs the body for indices {@code start} (inclusive) to {@code end} (exclusive). */
        void run(int start, int end);
    }

    /** The number of threads in use (system property {@code cryograd.threads}, else all cores). */
    public static int count() {
        return Parallel.threads();
    }

    /**
     * Sets the number of threads; only speed depends on it.
     *
     * @param n between 1 and {@link #MAX}
     */
    public static void setCount(int n) {
        Parallel.setThreads(n);
    }

    /**
     * Splits {@code [0, n)} into {@code ceil(n / grain)} fixed ranges and runs them in parallel; each range must write
     * only its own outputs.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        Parallel.forRange(n, grain, body::run);
    }

    /** A grain giving about {@code targetChunks} ranges for {@code n} indices, never below {@code minGrain}. */
    public static int grain(int n, int minGrain, int targetChunks) {
        return Parallel.grain(n, minGrain, targetChunks);
    }
}
