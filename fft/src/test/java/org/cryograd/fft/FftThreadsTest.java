package org.cryograd.fft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.Threads;
import org.cryograd.tensor.testing.Cgfx;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/** JTransforms' worker threads are daemons and never keep a JVM alive. */
class FftThreadsTest {

    @Test
    void jtransformsSubmitsToTheDaemonPool() throws Exception {
        Fft.rfftn(Tensor.randn(new Rng(1), 16), 1);
        assertSame(FftThreads.pool(), ConcurrencyUtils.getThreadPool(), "the daemon pool is installed into JLargeArrays");
        Future<Thread> f = ConcurrencyUtils.submit(Thread::currentThread);
        Thread worker = f.get();
        assertTrue(worker.isDaemon(), "JTransforms worker " + worker.getName() + " is not a daemon");
        assertTrue(worker.getName().startsWith(FftThreads.THREAD_NAME_PREFIX), worker.getName());
    }

    @Test
    void everyThreadCreatedDuringLargeTransformsIsADaemon() {
        Set<Thread> before = nonDaemonThreads();
        int threads = ConcurrencyUtils.getNumberOfThreads();
        int createdBefore = FftThreads.createdCount();
        ConcurrencyUtils.setNumberOfThreads(4); // multi-threaded JTransforms paths even on a small machine
        try {
            Tensor x = Tensor.randn(new Rng(2), 2, 1 << 15);
            Tensor back = Fft.irfftn(Fft.rfftn(x, 1), 1 << 15);
            Fixtures.assertClose(new Cgfx.Array(x.dims(), x.toArray()), back, 1e-6, 1e-6, "long 1-D round trip");
            Tensor v = Tensor.randn(new Rng(3), 40, 40, 40);
            Fft.irfftn(Fft.rfftn(v, 3), 40, 40, 40);
        } finally {
            ConcurrencyUtils.setNumberOfThreads(threads);
        }
        assertTrue(FftThreads.createdCount() > createdBefore || !FftThreads.liveThreads().isEmpty(),
                "the transforms ran on pool threads (else this test proves nothing)");
        List<Thread> live = FftThreads.liveThreads();
        for (Thread t : live) assertTrue(t.isDaemon(), t.getName() + " is not a daemon");
        for (Thread t : Thread.getAllStackTraces().keySet())
            if (t.getName().startsWith(FftThreads.THREAD_NAME_PREFIX)) assertTrue(t.isDaemon(), t.getName());
        Set<Thread> added = nonDaemonThreads();
        added.removeAll(before);
        assertTrue(added.isEmpty(), "non-daemon threads appeared while transforming: " + added);
    }

    @Test
    void childJvmRunningLargeTransformsExitsOnItsOwn() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Set<String> cp = new LinkedHashSet<>();
        for (Class<?> c : new Class<?>[] {ExitProbe.class, Fft.class, Tensor.class, DoubleFFT_1D.class, ConcurrencyUtils.class,
                org.slf4j.LoggerFactory.class, org.apache.commons.math3.util.FastMath.class})
            cp.add(location(c));
        Process p = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, cp), ExitProbe.class.getName())
                .redirectErrorStream(true).start();
        // Hang guard only: JLargeArrays' default pool keeps idle non-daemon threads for 60 s, so a child that
        // kept them would still be alive well after this limit. No speed is asserted.
        boolean exited = p.waitFor(45, TimeUnit.SECONDS);
        if (!exited) p.destroyForcibly();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(exited, "child JVM did not exit after main returned; output:\n" + out);
        assertEquals(0, p.exitValue(), out);
        Matcher m = Pattern.compile("created=(\\d+) err=(\\S+)").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Integer.parseInt(m.group(1)) > 0, "the child created worker threads (else exiting proves nothing): " + out);
        assertTrue(Double.parseDouble(m.group(2)) < 1e-5, out);
    }

    private static String location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static Set<Thread> nonDaemonThreads() {
        Set<Thread> s = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) if (!t.isDaemon() && t.isAlive()) s.add(t);
        return s;
    }

    @Test
    void installIsIdempotent() {
        FftThreads.install();
        var pool = ConcurrencyUtils.getThreadPool();
        FftThreads.install();
        assertSame(pool, ConcurrencyUtils.getThreadPool());
        assertFalse(pool.isShutdown());
    }

    @Test
    void parallelLoopsFollowTheBackendsThreadCount() {
        int before = Threads.count();
        try {
            Threads.setCount(1);
            List<int[]> ranges = new CopyOnWriteArrayList<>();
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            FftThreads.parallelFor(100, 1 << 20, (from, to) -> {
                ranges.add(new int[] {from, to});
                threads.add(Thread.currentThread());
            });
            assertEquals(1, ranges.size(), "one thread: the whole range inline");
            assertEquals(Set.of(Thread.currentThread()), threads);
            Threads.setCount(2);
            ranges.clear();
            FftThreads.parallelFor(100, 1 << 20, (from, to) -> ranges.add(new int[] {from, to}));
            assertTrue(ranges.size() > 1, "two threads: the range in chunks");
            assertEquals(100, ranges.stream().mapToInt(r -> r[1] - r[0]).sum(), "every index once");
        } finally {
            Threads.setCount(before);
        }
    }
}
