package org.cryograd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress reports and cooperative cancellation, from the job's thread and from another one. */
class CancellationTest {
    private static TiltSeries series() {
        Simulate.Phantom p = Simulate.phantom(Simulate.PhantomOptions.defaults().withSize(16, 8, 8));
        return Simulate.tiltSeries(p.volume(), Simulate.TiltOptions.defaults().withRange(-60, 60, 6).withDevice("cpu")).series();
    }

    @Test
    void sirtReportsEveryIterationInOrder() {
        List<Long> done = new ArrayList<>();
        Reconstruct.run(series(), Reconstruct.Options.defaults().withMethod(Reconstruct.Method.SIRT).withIterations(5, 0).withDevice("cpu"),
                (stage, d, total, detail) -> {
                    assertEquals("sirt", stage);
                    assertEquals(5, total);
                    done.add(d);
                }, Cancellation.NONE);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), done);
    }

    @Test
    void sirtStopsAtTheNextIterationAfterCancel() {
        Cancellation c = Cancellation.create();
        AtomicInteger last = new AtomicInteger();
        CancelledException e = assertThrows(CancelledException.class, () -> Reconstruct.run(series(),
                Reconstruct.Options.defaults().withMethod(Reconstruct.Method.SIRT).withIterations(1000, 0).withDevice("cpu"), (stage, d, total, detail) -> {
                    last.set((int) d);
                    if (d == 3) c.cancel();
                }, c));
        assertEquals("reconstruct: cancelled", e.getMessage());
        assertEquals(3, last.get(), "no iteration after the one that saw the cancel");
    }

    @Test
    void coordinateNetworkStopsWhenAnotherThreadCancels() throws Exception {
        Cancellation c = Cancellation.create();
        CountDownLatch firstStep = new CountDownLatch(1), cancelled = new CountDownLatch(1);
        AtomicInteger stepsAfterCancel = new AtomicInteger();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread job = new Thread(() -> {
            try {
                Reconstruct.run(series(), Reconstruct.Options.defaults().withPreset("quick").withIterations(100_000, 100_000).withDevice("cpu"),
                        (stage, d, total, detail) -> {
                            if (d > 0) firstStep.countDown();
                            if (cancelled.getCount() == 0) stepsAfterCancel.incrementAndGet();
                        }, c);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        job.start();
        firstStep.await();
        c.cancel();
        cancelled.countDown();
        job.join();
        assertTrue(thrown.get() instanceof CancelledException, String.valueOf(thrown.get()));
        assertTrue(stepsAfterCancel.get() <= 2, "at most the step under way when cancel() was called finishes; saw " + stepsAfterCancel.get());
    }

    @Test
    void pollingTokenFollowsTheCallersCondition() {
        AtomicInteger polls = new AtomicInteger();
        Cancellation c = Cancellation.polling(() -> polls.incrementAndGet() > 2);
        assertFalse(c.isCancelled());
        assertFalse(c.isCancelled());
        assertTrue(c.isCancelled());
        assertThrows(UnsupportedOperationException.class, Cancellation.NONE::cancel);
        assertThrows(CancelledException.class, () -> Pick.run(series().views(), Pick.Options.of(1), ProgressListener.NONE, Cancellation.polling(() -> true)));
    }

    @Test
    void denoiseStopsBeforeTheNextTilePass(@TempDir Path dir) throws Exception {
        Path model = CliEquivalenceTest.tinyModel(dir.resolve("model"));
        VolumeData v = Simulate.phantom(Simulate.PhantomOptions.defaults().withSize(40, 40, 20)).volume();
        Cancellation c = Cancellation.create();
        List<Long> seen = new ArrayList<>();
        assertThrows(CancelledException.class, () -> Denoise.run(model, v, Denoise.Options.defaults().withDevice("cpu"), (stage, d, total, detail) -> {
            seen.add(d);
            if (d == 2) c.cancel();
        }, c));
        assertEquals(List.of(0L, 1L, 2L), seen, "reports before passes 1, 2, 3; pass 3, after the cancel, does not start");
        // uncancelled, the passes are counted to their total
        AtomicReference<long[]> lastReport = new AtomicReference<>();
        Denoise.Result r = Denoise.run(model, v, Denoise.Options.defaults().withDevice("cpu"), (stage, d, total, detail) -> lastReport.set(new long[] {d, total}),
                Cancellation.NONE);
        assertEquals(r.passes(), lastReport.get()[0]);
        assertEquals(r.passes(), lastReport.get()[1], "the total announced is the number of passes run");
    }
}
