package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cryograd.nn.io.Checkpoint;
import org.cryograd.nn.train.EpochReport;
import org.cryograd.nn.train.Stage;
import org.cryograd.nn.train.StepReport;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training loop outputs and exact resume. */
class DualTrainerTest {
    static List<Volume> volumes(long seed, int n, int size) {
        Rng rng = new Rng(seed);
        List<Volume> out = new ArrayList<>();
        for (int i = 0; i < n; i++)
            try (Tensor t = Tensor.randn(rng, size, size + 1, size + 2)) {
                out.add(Volume.of(t));
            }
        return out;
    }

    static PatchSampler sampler(DualConfig c) {
        return new PatchSampler(volumes(1, 2, 18), volumes(2, 2, 17), c.patchSize(), c.augment());
    }

    @Test
    void twoEpochsEqualOneEpochPlusResumedEpochBitForBit(@TempDir Path dir) throws Exception {
        DualConfig c = Fixtures.tiny();
        List<String> events = new ArrayList<>();
        TrainingListener rec = new TrainingListener() {
            @Override
            public void step(Stage stage, StepReport r) {
                StepLosses l = StepLosses.of(r.losses());
                events.add("step " + r.epoch() + " " + r.step() + "/" + stage.totalSteps());
                assertTrue(Double.isFinite(l.total()) && Double.isFinite(l.advD()), "finite losses");
            }

            @Override
            public void epochFinished(Stage stage, EpochReport e) {
                events.add("epoch " + e.epoch());
            }
        };
        DualModel straight = new DualTrainer(c, sampler(c), dir.resolve("a"), rec).train(2, 7, false);
        assertEquals(List.of("step 0 1/4", "step 0 2/4", "epoch 0", "step 1 3/4", "step 1 4/4", "epoch 1"), events);

        new DualTrainer(c, sampler(c), dir.resolve("b"), null).train(1, 7, false);
        DualModel resumed = new DualTrainer(c, sampler(c), dir.resolve("b"), null).train(2, 99 /* ignored on resume */, true);

        Map<String, Tensor> a = straight.networks().stateDict(), b = resumed.networks().stateDict();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toArray(), b.get(k).toArray(), k + " differs after resume");
        assertEquals(Files.readString(dir.resolve("a").resolve(DualTrainer.LOSSES_CSV)), Files.readString(dir.resolve("b").resolve(DualTrainer.LOSSES_CSV)));
        List<String> csv = Files.readAllLines(dir.resolve("a").resolve(DualTrainer.LOSSES_CSV));
        assertEquals(5, csv.size());
        assertEquals("step,epoch,rec_v,rec_t,adv_g,kl,total_g,adv_d", csv.get(0));
        assertTrue(Files.size(dir.resolve("a").resolve(DualTrainer.LOSSES_PNG)) > 1000);
        assertTrue(Files.exists(dir.resolve("a").resolve(DualTrainer.CHECKPOINT)));

        // a different seed gives different weights (the comparison above can fail)
        DualModel other = new DualTrainer(c, sampler(c), dir.resolve("c"), null).train(2, 8, false);
        String k = a.keySet().iterator().next();
        assertTrue(!java.util.Arrays.equals(a.get(k).toArray(), other.networks().stateDict().get(k).toArray()));

        // the saved model directory reads back with identical weights and config
        DualModel loaded = DualModel.load(dir.resolve("a").resolve(DualTrainer.MODEL_DIR));
        assertEquals(c, loaded.config());
        Map<String, Tensor> l = loaded.networks().stateDict();
        for (String key : a.keySet()) assertArrayEquals(a.get(key).toArray(), l.get(key).toArray(), key);
    }

    /** A decaying rate: a run killed after its first epoch and resumed equals the straight run; the rate is scheduled. */
    @Test
    void learningRateDecayResumesExactlyAndFollowsTheSchedule(@TempDir Path dir) throws Exception {
        DualConfig c = Fixtures.tiny().withLrDecay(0.5); // 4 steps: 1e-4, 1e-4, then 2/3 and 1/3 of it
        DualModel straight = new DualTrainer(c, sampler(c), dir.resolve("a"), null).train(2, 7, false);
        TrainingListener killAfterFirstEpoch = new TrainingListener() {
            @Override
            public void epochFinished(Stage stage, EpochReport e) {
                throw new IllegalStateException("killed");
            }
        };
        assertThrows(IllegalStateException.class, () -> new DualTrainer(c, sampler(c), dir.resolve("b"), killAfterFirstEpoch).train(2, 7, false));
        DualModel resumed = new DualTrainer(c, sampler(c), dir.resolve("b"), null).train(2, 7, true);
        Map<String, Tensor> a = straight.networks().stateDict(), b = resumed.networks().stateDict();
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toArray(), b.get(k).toArray(), k + " differs after resume");

        DualNetworks n = new DualNetworks(c, new Rng(1));
        OptimizerPair opt = new OptimizerPair(DualTrainer.adamW(c, n.generatorParameters()), DualTrainer.adamW(c, n.discriminatorParameters()));
        try (Checkpoint ck = Checkpoint.load(dir.resolve("a").resolve(DualTrainer.CHECKPOINT))) {
            ck.restoreOptimizer(opt);
        }
        assertEquals(1e-4 / 3, opt.generator().learningRate(), 1e-18, "the last step's rate");
        assertEquals(1e-4 / 3, opt.discriminator().learningRate(), 1e-18);

        DualModel constant = new DualTrainer(Fixtures.tiny(), sampler(c), dir.resolve("c"), null).train(2, 7, false);
        String k = a.keySet().iterator().next();
        assertTrue(!java.util.Arrays.equals(a.get(k).toArray(), constant.networks().stateDict().get(k).toArray()), "the decay changes training");
    }

    /** Resuming checks the checkpoint's config as a config: another one is refused, an older text without lrDecay is not. */
    @Test
    void resumeComparesTheSavedConfig(@TempDir Path dir) throws Exception {
        DualConfig c = Fixtures.tiny();
        new DualTrainer(c, sampler(c), dir, null).train(1, 7, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DualTrainer(c.withLrDecay(0.5), sampler(c), dir, null).train(2, 7, true));
        assertTrue(e.getMessage().contains("different DUAL config") && e.getMessage().contains(DualTrainer.CHECKPOINT), e.getMessage());
        for (DualConfig k : new DualConfig[] {c, DualConfig.quick().withLrDecay(0.25)})
            assertEquals(k, DualConfig.fromMap(DualTrainer.parseMapText(k.toMap().toString()), "text"));
        Map<String, String> legacy = new java.util.LinkedHashMap<>(c.toMap());
        legacy.remove("lrDecay");
        assertEquals(c, DualConfig.fromMap(DualTrainer.parseMapText(legacy.toString()), "legacy checkpoint"));
    }

    @Test
    void stepsFreeEveryTemporary() {
        DualConfig c = Fixtures.tiny();
        DualNetworks n = new DualNetworks(c, new Rng(1));
        DualStep step = new DualStep(n, DualTrainer.adamW(c, n.generatorParameters()), DualTrainer.adamW(c, n.discriminatorParameters()));
        PatchSampler s = sampler(c);
        Rng rng = new Rng(2);
        long[] live = new long[3];
        for (int i = 0; i < 3; i++) {
            try (Tensor tr = s.noisy(c.batchSize(), rng); Tensor vr = s.clean(c.batchSize(), rng)) {
                step.run(tr, vr, rng);
            }
            live[i] = Tensor.liveCount();
        }
        assertEquals(live[1], live[2], "live tensors after steps 2 and 3");
    }

    @Test
    void configRoundTripsThroughText() {
        for (DualConfig c : new DualConfig[] {DualConfig.defaults(), DualConfig.quick(), Fixtures.tiny(), DualConfig.quick().withLrDecay(0.5)})
            assertEquals(c, DualConfig.fromMap(c.toMap(), "test"));
        Map<String, String> old = new java.util.LinkedHashMap<>(DualConfig.quick().withLrDecay(0.5).toMap());
        old.remove("lrDecay"); // a model directory written before the option existed trained at a constant rate
        assertEquals(DualConfig.quick(), DualConfig.fromMap(old, "old"));
        Map<String, String> withBranch = new java.util.LinkedHashMap<>(DualConfig.quick().withHistogramBins(24).toMap());
        assertEquals(DualConfig.quick().withHistogramBins(24), DualConfig.fromMap(withBranch, "with branch"));
        withBranch.remove("histogramBins"); // a model written before the histogram branch had two-branch discriminators
        assertEquals(DualConfig.quick(), DualConfig.fromMap(withBranch, "older"));
        assertEquals(0, new DualNetworks(DualConfig.quick(), new Rng(1)).stateDict().keySet().stream()
                .filter(k -> k.contains("histogram")).count(), "no histogram branch by default");
        DualNetworks h = new DualNetworks(DualConfig.quick().withHistogramBins(24), new Rng(1));
        assertTrue(h.noisyDiscriminator().hasHistogram() && h.cleanDiscriminator().hasHistogram());
        assertEquals(8, h.stateDict().keySet().stream().filter(k -> k.contains("histogram")).count(), "two Linear layers (weight, bias) in each of Dt and Dv");
    }

    @Test
    void configErrorsNameTheField() {
        Map<String, String> m = new java.util.LinkedHashMap<>(DualConfig.quick().toMap());
        m.remove("codeSize");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> DualConfig.fromMap(m, "cfg.txt"));
        assertTrue(e.getMessage().contains("cfg.txt") && e.getMessage().contains("codeSize"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> DualConfig.quick().withBatchSize(1));
        assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> DualConfig.quick().withLrDecay(1.5));
        assertTrue(e.getMessage().contains("lrDecay"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> DualConfig.quick().withHistogramBins(1));
        assertTrue(e.getMessage().contains("histogramBins"), e.getMessage());
    }
}
