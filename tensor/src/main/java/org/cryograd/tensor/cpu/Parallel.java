package org.cryograd.tensor.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * The CPU backend's thread pool and its deterministic parallel loops.
 *
 * <p>Work is always cut into a number of chunks that depends only on the problem size, never on the
 * number of threads; each chunk is computed by exactly one thread in a fixed order. So results are
 * bit-identical for any thread count. Worker threads are daemons: they never keep a JVM alive.
 * Nested calls from inside a chunk run inline on the calling worker (no oversubscription).
 */
public final class Parallel {
    /** A loop body over the half-open index range {@code [start, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        /** Runs the body for indices {@code start} (inclusive) to {@code end} (exclusive). */
        void run(int start, int end);
    }

    /** ForkJoinPool's own limit on parallelism (it throws without a message above it). */
    public static final int MAX_THREADS = 0x7fff;

    private static volatile ForkJoinPool pool;
    private static volatile int threads = defaultThreads();

    private Parallel() {}

    private static int defaultThreads() {
        String p = System.getProperty("cryograd.threads");
        if (p != null && !p.isBlank()) {
            try {
                return Math.min(MAX_THREADS, Math.max(1, Integer.parseInt(p.trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("system property cryograd.threads must be an integer, got '" + p + "'", e);
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** The number of threads the CPU backend uses (system property {@code cryograd.threads}, else all cores). */
    public static int threads() {
        return threads;
    }

    /**
     * Sets the number of CPU threads. Results do not depend on it (fixed chunking); only speed does.
     *
     * @param n threads, at least 1
     */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("Parallel.setThreads: thread count must be >= 1, got " + n);
        if (n > MAX_THREADS) throw new IllegalArgumentException("Parallel.setThreads: thread count must be <= " + MAX_THREADS + ", got " + n);
        if (n == threads) return;
        ForkJoinPool old = pool;
        pool = null;
        threads = n;
        if (old != null) old.shutdown();
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(threads, fjp -> {
                        ForkJoinWorkerThread t = new ForkJoinWorkerThread(fjp) {};
                        t.setDaemon(true);
                        t.setName("cryograd-cpu-" + t.getPoolIndex());
                        return t;
                    }, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    private static boolean inWorker() {
        return Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == pool;
    }

    /**
     * Runs {@code body.accept(c)} for every chunk {@code c} in {@code [0, chunks)}, in parallel.
     * Each chunk must write only its own outputs.
     */
    public static void forChunks(int chunks, IntConsumer body) {
        if (chunks <= 0) return;
        if (chunks == 1 || threads == 1 || inWorker()) {
            for (int c = 0; c < chunks; c++) body.accept(c);
            return;
        }
        pool().invoke(new ChunkTask(body, 0, chunks));
    }

    /**
     * Splits {@code [0, n)} into {@code ceil(n / grain)} fixed ranges and runs them in parallel.
     *
     * @param n     the number of indices
     * @param grain indices per range (at least 1); the split depends only on {@code n} and this
     * @param body  the loop body, called once per range
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) return;
        int g = Math.max(1, grain);
        int chunks = (int) ((n + (long) g - 1) / g);
        forChunks(chunks, c -> {
            int s = c * g;
            body.run(s, (int) Math.min(n, (long) s + g));
        });
    }

    /**
     * A grain that gives roughly {@code targetChunks} ranges for {@code n} indices, never below {@code minGrain}.
     * Depends only on its arguments, so it keeps results independent of the thread count.
     */
    public static int grain(int n, int minGrain, int targetChunks) {
        return Math.max(Math.max(1, minGrain), (int) ((n + (long) targetChunks - 1) / targetChunks));
    }

    private static final class ChunkTask extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient IntConsumer body;
        private final int lo;
        private final int hi;

        ChunkTask(IntConsumer body, int lo, int hi) {
            this.body = body;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                body.accept(lo);
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new ChunkTask(body, lo, mid), new ChunkTask(body, mid, hi));
        }
    }
}
