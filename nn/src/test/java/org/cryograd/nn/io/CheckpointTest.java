package org.cryograd.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.cryograd.nn.optim.AdamOptions;
import org.cryograd.nn.optim.Adam;
import org.cryograd.nn.optim.AdamW;
import org.cryograd.nn.optim.GradClip;
import org.cryograd.nn.optim.LogLinearLr;
import org.cryograd.nn.optim.LrSchedule;
import org.cryograd.nn.optim.MlpProblem;
import org.cryograd.nn.optim.Optimizer;
import org.cryograd.nn.optim.OptimizerState;
import org.cryograd.nn.optim.SGD;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint layout, validation, and exact resume through a file. */
class CheckpointTest {
    private static final String[] NAMES = {"W1", "b1", "W2", "b2"};
    private static MlpProblem prob;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        prob = MlpProblem.load();
    }

    @AfterAll
    static void close() {
        prob.close();
    }

    private static Map<String, Tensor> state(List<Tensor> params) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) m.put(NAMES[i], params.get(i));
        return m;
    }

    /** One training step: noisy inputs drawn from {@code rng}, scheduled LR, clipped gradients. */
    private static void step(List<Tensor> params, Optimizer opt, LrSchedule sched, Rng rng, long k) {
        sched.applyTo(opt, k);
        opt.zeroGrad();
        try (MemoryScope s = MemoryScope.open()) {
            Tensor noise = Tensor.randn(rng, 8, 3).mul(0.05f);
            prob.loss(params, noise).backward();
        }
        GradClip.clipNorm(params, 0.5);
        opt.step();
    }

    private static final List<Function<List<Tensor>, Optimizer>> KINDS = List.of(
            p -> new SGD(p, SGD.Options.of(0.05).withMomentum(0.9).withNesterov(true).withWeightDecay(0.01)),
            p -> new Adam(p, AdamOptions.adam(0.01).withAmsgrad(true).withWeightDecay(0.05)),
            p -> new AdamW(p, AdamOptions.adamW(0.02).withAmsgrad(true).withBetas(0.8, 0.99)));

    /** 25 steps, checkpoint, load into fresh parameters and optimizer, 25 more == 50 uninterrupted steps, bit for bit. */
    @Test
    void resumeFromFileIsBitExact() throws Exception {
        for (Function<List<Tensor>, Optimizer> make : KINDS) {
            // uninterrupted
            List<Tensor> a = prob.freshParams();
            Optimizer oa = make.apply(a);
            LrSchedule sched = LogLinearLr.of(oa.learningRate(), 50);
            Rng ra = new Rng(77);
            for (long k = 0; k < 50; k++) step(a, oa, sched, ra, k);

            // interrupted at 25
            List<Tensor> b = prob.freshParams();
            Optimizer ob = make.apply(b);
            Rng rb = new Rng(77);
            for (long k = 0; k < 25; k++) step(b, ob, sched, rb, k);
            Path file = dir.resolve("run.safetensors");
            Checkpoint.save(file, state(b), ob, TrainingProgress.of(0, 25, rb), Map.of("note", "half way"));
            b.forEach(Tensor::close);

            List<Tensor> c = MlpProblem.split(new float[MlpProblem.SIZE], true); // fresh, zero parameters
            Optimizer oc = make.apply(c);
            Rng rc;
            long start;
            try (Checkpoint ck = Checkpoint.load(file)) {
                ck.restoreModel(state(c));
                ck.restoreOptimizer(oc);
                rc = ck.progress().rng();
                start = ck.progress().step();
                assertEquals("half way", ck.extra().get("note"));
            }
            for (long k = start; k < 50; k++) step(c, oc, sched, rc, k);
            assertArrayEquals(MlpProblem.flatten(a), MlpProblem.flatten(c), 0f, oa.getClass().getSimpleName());
            assertEquals(ra.counter(), rc.counter());
        }
    }

    @Test
    void layoutUsesPrefixesAndRoundTripsEverything() throws Exception {
        List<Tensor> p = prob.freshParams();
        AdamW opt = new AdamW(p, AdamOptions.adamW(1e-3 / 3).withAmsgrad(true));
        for (int k = 0; k < 3; k++) step(p, opt, LrSchedule.constant(1e-3 / 3), new Rng(k), k);
        Path file = dir.resolve("layout.safetensors");
        Checkpoint.save(file, state(p), opt, new TrainingProgress(2, 3, -5, 12), Map.of("dataset", "sph"));
        Header h = SafeTensors.readHeader(file);
        assertEquals(List.of("model.W1", "model.b1", "model.W2", "model.b2", "optim.state.0.exp_avg"), h.names().subList(0, 5));
        assertEquals("cryograd.checkpoint", h.metadata().get("format"));
        assertEquals("AdamW", h.metadata().get("optim.type"));
        assertEquals("3", h.metadata().get("optim.state.0.step"));
        assertEquals("sph", h.metadata().get("extra.dataset"));
        assertTrue(Checkpoint.compareModel(file, state(p)).matches());
        try (Checkpoint ck = Checkpoint.load(file); OptimizerState live = opt.stateDict()) {
            assertEquals(new TrainingProgress(2, 3, -5, 12), ck.progress());
            assertEquals(Map.of("dataset", "sph"), ck.extra());
            OptimizerState st = ck.optimizer().orElseThrow();
            assertEquals(live.values(), st.values()); // doubles survive the text round trip exactly
            assertEquals(1e-3 / 3, Double.parseDouble(st.value("lr")));
            for (String k : live.tensors().keySet()) assertArrayEquals(live.tensor(k).toArray(), st.tensor(k).toArray(), 0f, k);
            for (int i = 0; i < NAMES.length; i++) assertArrayEquals(p.get(i).toArray(), ck.model().get(NAMES[i]).toArray(), 0f);
        }
    }

    @Test
    void mismatchesAreReported() throws Exception {
        List<Tensor> p = prob.freshParams();
        Path file = dir.resolve("model-only.safetensors");
        Checkpoint.save(file, state(p), null, new TrainingProgress(0, 0, 1, 0), null);
        Map<String, Tensor> other = new LinkedHashMap<>(state(p));
        other.remove("b2");
        other.put("W2", Tensor.zeros(6, 3));
        other.put("extra", Tensor.zeros(1));
        StateDiff d = Checkpoint.compareModel(file, other);
        assertEquals(List.of("extra"), d.missing());
        assertEquals(List.of("b2"), d.unexpected());
        assertEquals(List.of("W2: file [6, 2], expected [6, 3]"), d.shapes());
        try (Checkpoint ck = Checkpoint.load(file)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ck.restoreModel(other));
            assertTrue(e.getMessage().contains("model-only.safetensors") && e.getMessage().contains("W2: stored [6, 2], expected [6, 3]"), e.getMessage());
            assertTrue(ck.optimizer().isEmpty());
            e = assertThrows(IllegalArgumentException.class, () -> ck.restoreOptimizer(new SGD(prob.freshParams(), 0.1)));
            assertTrue(e.getMessage().contains("no optimizer state"), e.getMessage());
        }
        // a plain safetensors file is not a checkpoint
        Path torch = MlpProblem.resource(SafeTensorsTorchTest.MODEL);
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> Checkpoint.load(torch));
        assertTrue(e.getMessage().contains("conv3d_groupnorm_model.safetensors") && e.getMessage().contains("not a cryograd checkpoint"), e.getMessage());
    }
}
