package org.cryograd.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.cryograd.nn.Linear;
import org.cryograd.nn.Losses;
import org.cryograd.nn.Sequential;
import org.cryograd.nn.Tanh;
import org.cryograd.nn.io.Checkpoint;
import org.cryograd.nn.optim.Adam;
import org.cryograd.nn.optim.AdamOptions;
import org.cryograd.nn.optim.CosineLr;
import org.cryograd.nn.optim.DivergedException;
import org.cryograd.nn.optim.LogLinearLr;
import org.cryograd.nn.optim.LrSchedule;
import org.cryograd.nn.optim.SGD;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared training loop: exact resume, non-finite stops, listener events, cancellation, schedules. */
class TrainerTest {
    private static final long SEED = 11;

    /**
     * A 3-6-1 tanh network fitting random targets: each step draws its inputs and targets from the run's stream, so a
     * resume that lost the stream's position (or the optimizer's moments, or the schedule's step) would differ.
     */
    private static final class Problem {
        final Sequential net;
        final Adam opt;
        final LrSchedule schedule;

        Problem(long steps) {
            Rng init = new Rng(SEED);
            net = new Sequential(new Linear(init, 3, 6), new Tanh(), new Linear(init, 6, 1));
            opt = new Adam(net.parameters(), AdamOptions.adam(0.05).withAmsgrad(true));
            schedule = LogLinearLr.of(0.05, steps);
        }

        TrainingStep step() {
            return ctx -> {
                opt.zeroGrad();
                Tensor x = Tensor.randn(ctx.rng(), 8, 3), y = Tensor.randn(ctx.rng(), 8, 1);
                Tensor loss = Losses.mse(net.forward(x), y);
                ctx.loss("mse", loss);
                ctx.loss("scaled", loss.item() * 2);
                loss.backward();
                ctx.checkGradients(net.namedParameters());
                opt.step();
            };
        }

        Trainer.Builder trainer(long steps, Path file, CheckpointPolicy policy) {
            return Trainer.builder("test", steps, step()).optimizer(opt).schedule(schedule).rng(new Rng(SEED + 1))
                    .checkpoint(file, policy, net::stateDict, () -> Map.of("kind", "mlp"));
        }

        float[] weights() {
            List<Float> all = new ArrayList<>();
            for (Tensor p : net.parameters()) for (float v : p.toArray()) all.add(v);
            float[] a = new float[all.size()];
            for (int i = 0; i < a.length; i++) a[i] = all.get(i);
            return a;
        }
    }

    /** Records every step's losses, keyed by the 1-based step. */
    private static final class Steps implements TrainingListener {
        final Map<Long, LossTerms> losses = new java.util.TreeMap<>();

        @Override
        public void step(Stage stage, StepReport r) {
            losses.put(r.step(), r.losses());
        }
    }

    @Test
    void resumeAfterNStepsEqualsTheUninterruptedRunBitForBit(@TempDir Path dir) throws IOException {
        Problem a = new Problem(20);
        Steps sa = new Steps();
        Trainer.Result ra = a.trainer(20, null, null).listener(sa).build().run();
        assertEquals(0, ra.startStep());
        assertEquals(20, sa.losses.size());

        // stopped after step 13 (cancelled before step 14); the file holds step 10 (every 5)
        Path file = dir.resolve("ck.safetensors");
        Problem b = new Problem(20);
        AtomicBoolean stop = new AtomicBoolean();
        TrainingCancelledException c = assertThrows(TrainingCancelledException.class, () -> b.trainer(20, file, CheckpointPolicy.everySteps(5))
                .cancelWhen(stop::get).listener(new TrainingListener() {
                    @Override
                    public void step(Stage stage, StepReport r) {
                        if (r.step() == 13) stop.set(true);
                    }
                }).build().run());
        assertEquals(13, c.stepsDone());
        try (Checkpoint ck = Checkpoint.load(file)) {
            assertEquals(10, ck.progress().step());
            assertEquals("mlp", ck.extra().get("kind"));
        }
        // a fresh process: new network, optimizer and stream, all replaced by the checkpoint's
        Problem resumed = new Problem(20);
        Steps sr = new Steps();
        List<Stage> started = new ArrayList<>();
        Trainer.Result rr = resumed.trainer(20, file, CheckpointPolicy.everySteps(5)).listener(new TrainingListener() {
            @Override
            public void started(Stage stage) {
                started.add(stage);
            }

            @Override
            public void step(Stage stage, StepReport r) {
                sr.step(stage, r);
            }
        }).build().run();
        assertEquals(10, rr.startStep());
        assertEquals(file, rr.resumed());
        assertEquals(10, started.get(0).startStep());
        assertEquals(List.of(11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L), new ArrayList<>(sr.losses.keySet()));
        for (long k = 11; k <= 20; k++) assertEquals(sa.losses.get(k), sr.losses.get(k), "losses of step " + k);
        assertArrayEquals(a.weights(), resumed.weights(), 0f);
        assertEquals(ra.rng().counter(), rr.rng().counter(), "the stream ends at the same position");

        // and the comparison can fail: the same run on another stream ends elsewhere
        Problem other = new Problem(20);
        Trainer.builder("test", 20, other.step()).optimizer(other.opt).schedule(other.schedule).rng(new Rng(SEED + 2)).build().run();
        assertFalse(java.util.Arrays.equals(a.weights(), other.weights()));
    }

    @Test
    void epochsCheckpointAtTheirEndsAndResumeExactly(@TempDir Path dir) throws IOException {
        Problem a = new Problem(12);
        Steps sa = new Steps();
        List<EpochReport> epochs = new ArrayList<>();
        a.trainer(12, dir.resolve("a.safetensors"), CheckpointPolicy.everyEpoch()).stepsPerEpoch(4).listener(new TrainingListener() {
            @Override
            public void step(Stage stage, StepReport r) {
                sa.step(stage, r);
                assertEquals((r.step() - 1) / 4, r.epoch());
            }

            @Override
            public void epochFinished(Stage stage, EpochReport e) {
                epochs.add(e);
            }
        }).build().run();
        assertEquals(3, epochs.size());
        for (int e = 0; e < 3; e++) {
            assertEquals(e, epochs.get(e).epoch());
            assertEquals(dir.resolve("a.safetensors"), epochs.get(e).checkpoint());
            double sum = 0;
            for (long k = 4L * e + 1; k <= 4L * e + 4; k++) sum += sa.losses.get(k).get("mse");
            assertEquals(sum / 4, epochs.get(e).mean().get("mse"), 0, "epoch " + e + " mean");
            assertEquals(List.of("mse", "scaled"), epochs.get(e).mean().names());
        }
        try (Checkpoint ck = Checkpoint.load(dir.resolve("a.safetensors"))) {
            assertEquals(3, ck.progress().epoch());
            assertEquals(12, ck.progress().step());
        }

        // killed by its listener at the end of epoch 1 (after that epoch's checkpoint), then resumed
        Path file = dir.resolve("b.safetensors");
        Problem b = new Problem(12);
        assertThrows(IllegalStateException.class, () -> b.trainer(12, file, CheckpointPolicy.everyEpoch()).stepsPerEpoch(4)
                .listener(new TrainingListener() {
                    @Override
                    public void epochFinished(Stage stage, EpochReport e) {
                        if (e.epoch() == 1) throw new IllegalStateException("killed");
                    }
                }).build().run());
        Problem resumed = new Problem(12);
        List<Stage> started = new ArrayList<>();
        resumed.trainer(12, file, CheckpointPolicy.everyEpoch()).stepsPerEpoch(4).listener(new TrainingListener() {
            @Override
            public void started(Stage stage) {
                started.add(stage);
            }
        }).build().run();
        assertEquals(2, started.get(0).startEpoch());
        assertEquals(3, started.get(0).epochs());
        assertArrayEquals(a.weights(), resumed.weights(), 0f);
    }

    @Test
    void aNonFiniteLossTermStopsTheRunNamingItAndKeepsTheLastCheckpoint(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ck.safetensors");
        Problem p = new Problem(6);
        List<Long> seen = new ArrayList<>();
        AtomicInteger optimizerSteps = new AtomicInteger();
        TrainingStep step = ctx -> {
            p.opt.zeroGrad();
            Tensor loss = Losses.mse(p.net.forward(Tensor.randn(ctx.rng(), 4, 3)), Tensor.randn(ctx.rng(), 4, 1));
            ctx.loss("data", loss);
            ctx.loss("kl", ctx.step() == 2 ? Double.NaN : 0.5);
            loss.backward();
            p.opt.step();
            optimizerSteps.incrementAndGet();
        };
        DivergedException e = assertThrows(DivergedException.class, () -> Trainer.builder("t", 6, step).optimizer(p.opt).rng(new Rng(1))
                .checkpoint(file, CheckpointPolicy.everySteps(1), p.net::stateDict, null)
                .divergenceNote(() -> "stopped; kept " + file.getFileName())
                .listener(new TrainingListener() {
                    @Override
                    public void step(Stage stage, StepReport r) {
                        seen.add(r.step());
                    }
                }).build().run());
        assertEquals("step 3: loss term 'kl' is NaN; stopped; kept ck.safetensors", e.getMessage());
        assertEquals(3, e.step());
        assertEquals("loss term 'kl'", e.term());
        assertEquals(List.of(1L, 2L), seen);
        assertEquals(2, optimizerSteps.get(), "the optimizer never saw step 3");
        try (Checkpoint ck = Checkpoint.load(file)) {
            assertEquals(2, ck.progress().step(), "the last good checkpoint is left as it was");
        }
    }

    @Test
    void aNonFiniteGradientStopsTheRunNamingTheParameter() {
        Problem p = new Problem(4);
        TrainingStep step = ctx -> {
            p.opt.zeroGrad();
            Tensor loss = Losses.mse(p.net.forward(Tensor.randn(ctx.rng(), 4, 3)), Tensor.randn(ctx.rng(), 4, 1));
            ctx.loss("mse", loss);
            // after the loss was reported: a term whose gradient is NaN (sqrt of -1)
            Tensor bad = ctx.step() == 1 ? loss.add(loss.sub(loss).sub(1f).sqrt().mul(0f)) : loss;
            bad.backward();
            ctx.checkGradients(p.net.namedParameters());
            p.opt.step();
        };
        DivergedException e = assertThrows(DivergedException.class, () -> Trainer.builder("t", 4, step).optimizer(p.opt).build().run());
        assertTrue(e.getMessage().matches("step 2: gradient of '[^']+' has \\d+ non-finite values? \\(.*"), e.getMessage());
    }

    @Test
    void theListenerSeesEveryStepInOrderWithLossesLrAndElapsedTime() throws IOException {
        Problem p = new Problem(6);
        LrSchedule cosine = new CosineLr(0.05, 6, 0.001);
        List<String> events = new ArrayList<>();
        List<StepReport> reports = new ArrayList<>();
        Trainer.builder("fit", 6, p.step()).part(1, 3).stepsPerEpoch(3).optimizer(p.opt).schedule(cosine).rng(new Rng(3))
                .onEpochEnd(() -> events.add("epoch hook"))
                .onFinished(r -> events.add("finish hook " + r.steps()))
                .listener(new TrainingListener() {
                    @Override
                    public void started(Stage s) {
                        events.add("started " + s.name() + " " + s.index() + "/" + s.count() + " " + s.startStep() + ".." + s.totalSteps());
                    }

                    @Override
                    public void step(Stage s, StepReport r) {
                        events.add("step " + r.step());
                        reports.add(r);
                    }

                    @Override
                    public void epochFinished(Stage s, EpochReport e) {
                        events.add("epoch " + e.epoch() + (e.checkpoint() == null ? "" : " saved"));
                    }

                    @Override
                    public void finished(Stage s) {
                        events.add("finished " + s.name());
                    }
                }).build().run();
        assertEquals(List.of("started fit 1/3 0..6", "step 1", "step 2", "step 3", "epoch hook", "epoch 0", "step 4", "step 5", "step 6",
                "epoch hook", "epoch 1", "finish hook 6", "finished fit"), events);
        double previous = 0;
        for (int k = 0; k < 6; k++) {
            StepReport r = reports.get(k);
            assertEquals(cosine.lr(k), r.lr(), 0, "lr of step " + k);
            assertEquals(List.of("mse", "scaled"), r.losses().names());
            assertEquals(2 * r.losses().get("mse"), r.losses().get("scaled"), 0);
            assertTrue(r.elapsedSeconds() >= previous, "elapsed time never decreases");
            previous = r.elapsedSeconds();
        }
    }

    @Test
    void cancellationStopsWithinOneStep() throws IOException {
        Problem p = new Problem(10);
        AtomicBoolean flag = new AtomicBoolean();
        AtomicInteger ran = new AtomicInteger();
        TrainingStep counted = ctx -> {
            ran.incrementAndGet();
            p.step().run(ctx);
        };
        TrainingCancelledException e = assertThrows(TrainingCancelledException.class, () -> Trainer.builder("run", 10, counted)
                .optimizer(p.opt).cancelWhen(flag::get).listener(new TrainingListener() {
                    @Override
                    public void step(Stage stage, StepReport r) {
                        if (r.step() == 4) flag.set(true); // e.g. another thread; seen before step 5 starts
                    }
                }).build().run());
        assertEquals(4, ran.get());
        assertEquals(4, e.stepsDone());
        assertTrue(e.getMessage().startsWith("run: cancelled after step 4"), e.getMessage());

        // the listener asks (how an embedding application cancels a method's training)
        ran.set(0);
        AtomicBoolean userStop = new AtomicBoolean();
        TrainingCancelledException l = assertThrows(TrainingCancelledException.class, () -> Trainer.builder("run", 10, counted)
                .optimizer(p.opt).listener(new TrainingListener() {
                    @Override
                    public void step(Stage stage, StepReport r) {
                        if (r.step() == 2) userStop.set(true);
                    }

                    @Override
                    public boolean cancelRequested() {
                        return userStop.get();
                    }
                }).build().run());
        assertEquals(2, ran.get());
        assertEquals(2, l.stepsDone());

        // raised before the start: no step runs
        ran.set(0);
        assertThrows(TrainingCancelledException.class, () -> Trainer.builder("run", 10, counted).cancelWhen(() -> true).build().run());
        assertEquals(0, ran.get());
    }

    @Test
    void theScheduleSetsEveryTargetOptimizerBeforeEachStep() throws IOException {
        Problem p = new Problem(5);
        SGD second = new SGD(List.of(Tensor.zeros(2).requiresGrad()), 1.0);
        LrSchedule s = k -> 0.1 / (k + 1);
        List<double[]> seen = new ArrayList<>();
        Trainer.builder("two", 5, ctx -> seen.add(new double[] {ctx.lr(), p.opt.learningRate(), second.learningRate()}))
                .schedule(s, p.opt, second).build().run();
        assertEquals(5, seen.size());
        for (int k = 0; k < 5; k++) assertArrayEquals(new double[] {s.lr(k), s.lr(k), s.lr(k)}, seen.get(k), 0, "step " + k);

        // without a schedule the optimizer's own rate is reported and left alone
        Trainer.builder("plain", 2, ctx -> seen.add(new double[] {ctx.lr()})).optimizer(second).build().run();
        assertEquals(s.lr(4), seen.get(seen.size() - 1)[0], 0);
    }

    @Test
    void resumingChecksTheCheckpointFirst(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ck.safetensors");
        new Problem(10).trainer(10, file, CheckpointPolicy.everyStepsAndAtEnd(4)).build().run();
        try (Checkpoint ck = Checkpoint.load(file)) {
            assertEquals(10, ck.progress().step(), "everyStepsAndAtEnd writes after the last step");
        }
        // the method's own check refuses it before anything is restored
        Problem q = new Problem(10);
        float[] before = q.weights();
        IOException refused = assertThrows(IOException.class, () -> q.trainer(10, file, CheckpointPolicy.everySteps(4)).resumeCheck(c -> {
            throw new IOException(c.file() + ": other settings (" + SettingsDiff.describe(c.extra(), Map.of("kind", "cnn")) + ")");
        }).build().run());
        assertTrue(refused.getMessage().endsWith("other settings (kind: saved mlp, now cnn)"), refused.getMessage());
        assertArrayEquals(before, q.weights(), 0f);
        // more steps saved than asked for
        IllegalArgumentException more = assertThrows(IllegalArgumentException.class,
                () -> new Problem(5).trainer(5, file, CheckpointPolicy.everySteps(4)).build().run());
        assertEquals(file + ": this run has already trained 10 steps, more than the 5 asked for", more.getMessage());
        // resume(false) starts afresh and overwrites; everySteps(4) then leaves the file at step 4 of 6
        Trainer.Result fresh = new Problem(6).trainer(6, file, CheckpointPolicy.everySteps(4)).resume(false).build().run();
        assertEquals(0, fresh.startStep());
        assertNull(fresh.resumed());
        try (Checkpoint ck = Checkpoint.load(file)) {
            assertEquals(4, ck.progress().step());
        }
    }

    @Test
    void settingsDiffAndLossTermsValidate() {
        assertEquals("", SettingsDiff.describe(Map.of("a", "1"), Map.of("a", "1")));
        assertEquals("b: saved 2, now null; c: saved null, now 3",
                SettingsDiff.describe(new java.util.LinkedHashMap<>(Map.of("b", "2")), Map.of("c", "3")));
        assertThrows(IllegalArgumentException.class, () -> LossTerms.of(new String[] {"a", "a"}, new double[2]));
        assertThrows(IllegalArgumentException.class, () -> LossTerms.of(new String[] {"a"}, new double[2]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossTerms.of("a", 1).get("b"));
        assertTrue(e.getMessage().contains("no term 'b'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder("x", 10, ctx -> {}).stepsPerEpoch(3));
    }
}
