package org.cryograd.fft;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cryograd.tensor.Threads;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker threads behind this package's transforms, all of them daemon threads.
 *
 * <p>JTransforms submits its parallel work to a static pool in JLargeArrays'
 * {@code pl.edu.icm.jlargearrays.ConcurrencyUtils}. The library's default pool is a cached pool of
 * <em>non-daemon</em> threads, so a program that ran one large FFT would stay alive for up to a minute after
 * {@code main} returns. {@link #install()} (called automatically before the first transform of this package)
 * replaces that pool once with a cached pool of daemon threads named {@code cryograd-fft-N}; the same pool also
 * runs this package's own line-parallel loops. Nothing needs to be shut down.
 *
 * <p>The install happens once per JVM. A pool that the application sets in {@code ConcurrencyUtils} afterwards
 * is respected. The previous (default) pool is left as it is, because other code may hold it; it has no threads
 * unless JTransforms was used before cryograd.
 */
public final class FftThreads {
    private static final Logger LOG = LoggerFactory.getLogger(FftThreads.class);

    /** Prefix of every worker thread's name. */
    public static final String THREAD_NAME_PREFIX = "cryograd-fft-";

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final ConcurrentLinkedQueue<WeakReference<Thread>> CREATED = new ConcurrentLinkedQueue<>();
    private static final ThreadFactory FACTORY = r -> {
        Thread t = new Thread(r, THREAD_NAME_PREFIX + COUNTER.incrementAndGet());
        t.setDaemon(true); // never keeps the JVM alive
        CREATED.add(new WeakReference<>(t));
        return t;
    };
    // Cached and unbounded: JTransforms may submit from inside a task of ours (a long 1-D line), which a
    // bounded pool could deadlock on. Idle threads end after 30 s.
    private static final ThreadPoolExecutor POOL =
            new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), FACTORY);
    private static boolean installed;

    private FftThreads() {}

    /**
     * Installs the daemon pool into JTransforms' concurrency utilities, once per JVM; later calls do nothing.
     * Every transform of this package calls it first.
     */
    public static synchronized void install() {
        if (installed) return;
        ConcurrencyUtils.setThreadPool(POOL);
        installed = true;
        LOG.debug("installed daemon FFT thread pool into JTransforms (threads {})", ConcurrencyUtils.getNumberOfThreads());
    }

    /** The daemon pool (also JTransforms' pool after {@link #install()}). */
    public static ExecutorService pool() {
        install();
        return POOL;
    }

    /** The threads this package's factory created that are still alive (a snapshot, for diagnostics and tests). */
    public static List<Thread> liveThreads() {
        List<Thread> out = new ArrayList<>();
        CREATED.removeIf(ref -> ref.get() == null || !ref.get().isAlive());
        for (WeakReference<Thread> ref : CREATED) {
            Thread t = ref.get();
            if (t != null && t.isAlive()) out.add(t);
        }
        return out;
    }

    /** How many threads this package's factory has created since the JVM started. */
    public static int createdCount() {
        return COUNTER.get();
    }

    /** Body of a parallel loop over {@code [from, to)}. */
    interface RangeBody {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, n)} in contiguous chunks on the pool, or inline when the work
     * ({@code n * costPerItem}) is small or {@link Threads#count()} is 1. Each index is handled by exactly one chunk.
     */
    static void parallelFor(int n, long costPerItem, RangeBody body) {
        int threads = Math.min(Threads.count(), n); // the CPU backend's count (cryograd.threads, Threads.setCount)
        if (threads <= 1 || (long) n * costPerItem < (1L << 16)) {
            body.run(0, n);
            return;
        }
        ExecutorService pool = pool();
        int chunks = Math.min(n, threads * 4);
        List<Future<?>> futures = new ArrayList<>(chunks);
        for (int c = 1; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks), to = (int) ((long) n * (c + 1) / chunks);
            futures.add(pool.submit(() -> body.run(from, to)));
        }
        body.run(0, (int) ((long) n / chunks)); // the caller does the first chunk
        try {
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (Future<?> f : futures) f.cancel(true);
            throw new IllegalStateException("FFT interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException("FFT worker failed", cause);
        }
    }
}
