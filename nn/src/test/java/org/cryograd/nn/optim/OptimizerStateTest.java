package org.cryograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** State dicts, argument checks, skipped parameters and memory behaviour of the optimizers. */
class OptimizerStateTest {
    private static MlpProblem prob;

    @BeforeAll
    static void load() throws Exception {
        prob = MlpProblem.load();
    }

    @AfterAll
    static void close() {
        prob.close();
    }

    private static void train(MlpProblem prob, List<Tensor> params, Optimizer opt, int steps) {
        for (int k = 0; k < steps; k++) {
            opt.zeroGrad();
            try (MemoryScope s = MemoryScope.open()) {
                prob.loss(params, null).backward();
            }
            opt.step();
        }
    }

    private static final List<Function<List<Tensor>, Optimizer>> KINDS = List.of(
            p -> new SGD(p, SGD.Options.of(0.05).withMomentum(0.9).withNesterov(true).withWeightDecay(0.01)),
            p -> new SGD(p, SGD.Options.of(0.05).withMomentum(0.9).withDampening(0.2)),
            p -> new Adam(p, AdamOptions.adam(0.01).withAmsgrad(true).withWeightDecay(0.1)),
            p -> new AdamW(p, AdamOptions.adamW(0.01).withAmsgrad(true).withBetas(0.8, 0.99)));

    /** In memory: 10 steps, state dict into a fresh optimizer over copied parameters, 10 more == 20 steps, bit for bit. */
    @Test
    void stateDictResumesExactly() {
        for (Function<List<Tensor>, Optimizer> make : KINDS) {
            List<Tensor> a = prob.freshParams();
            Optimizer oa = make.apply(a);
            train(prob, a, oa, 10);
            oa.setLearningRate(oa.learningRate() * 0.5); // must travel with the state
            List<Tensor> b = MlpProblem.split(MlpProblem.flatten(a), true);
            Optimizer ob = make.apply(b);
            try (OptimizerState st = oa.stateDict()) {
                ob.loadStateDict(st);
            }
            assertEquals(oa.learningRate(), ob.learningRate());
            train(prob, a, oa, 10);
            train(prob, b, ob, 10);
            assertArrayEquals(MlpProblem.flatten(a), MlpProblem.flatten(b), 0f, oa.getClass().getSimpleName());
            // and the state really mattered: a fresh optimizer (same rate) from the same point ends elsewhere
            List<Tensor> c = prob.freshParams();
            Optimizer oc = make.apply(c);
            train(prob, c, oc, 10);
            Optimizer fresh = make.apply(c);
            fresh.setLearningRate(oc.learningRate() * 0.5);
            train(prob, c, fresh, 10);
            assertFalse(java.util.Arrays.equals(MlpProblem.flatten(a), MlpProblem.flatten(c)));
        }
    }

    @Test
    void stateDictNamesFollowPyTorch() {
        List<Tensor> p = prob.freshParams();
        try (OptimizerState st = new AdamW(p, AdamOptions.adamW(1e-3).withAmsgrad(true)).stateDict()) {
            assertEquals("AdamW", st.type());
            assertEquals(List.of("state.0.exp_avg", "state.1.exp_avg", "state.2.exp_avg", "state.3.exp_avg",
                    "state.0.exp_avg_sq", "state.1.exp_avg_sq", "state.2.exp_avg_sq", "state.3.exp_avg_sq",
                    "state.0.max_exp_avg_sq", "state.1.max_exp_avg_sq", "state.2.max_exp_avg_sq", "state.3.max_exp_avg_sq"),
                    new ArrayList<>(st.tensors().keySet()));
            assertEquals("0", st.value("state.3.step"));
            assertEquals("0.001", st.value("lr"));
            assertEquals("true", st.value("amsgrad"));
        }
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        Tensor a = Tensor.of(new float[] {1, 2}, 2).requiresGrad();
        Tensor b = Tensor.of(new float[] {3, 4}, 2).requiresGrad();
        Optimizer opt = new Adam(List.of(a, b), 0.1);
        try (MemoryScope s = MemoryScope.open()) {
            a.square().sum().backward();
        }
        opt.step();
        assertArrayEquals(new float[] {3, 4}, b.toArray(), 0f);
        // Adam's first step (bias-corrected m = g, v = g^2) moves each element by lr * g / (|g| + eps): grad 2a = {2, 4}
        assertArrayEquals(new float[] {(float) (1 - 0.1 * 2 / (2 + 1e-8)), (float) (2 - 0.1 * 4 / (4 + 1e-8))}, a.toArray(), 1e-6f);
        try (OptimizerState st = opt.stateDict()) {
            assertEquals("1", st.value("state.0.step"));
            assertEquals("0", st.value("state.1.step"));
        }
    }

    /** Updates run in their own memory scope: the live-tensor count stays flat over many steps. */
    @Test
    void stepsDoNotLeakTensors() {
        for (Function<List<Tensor>, Optimizer> make : KINDS) {
            List<Tensor> p = prob.freshParams();
            Optimizer opt = make.apply(p);
            train(prob, p, opt, 2);
            GradClip.clipNorm(p, 0.1);
            long live = Tensor.liveCount();
            for (int k = 0; k < 20; k++) {
                opt.step();
                GradClip.clipNorm(p, 0.1);
                GradClip.clipValue(p, 0.01);
            }
            assertEquals(live, Tensor.liveCount(), opt.getClass().getSimpleName());
            p.forEach(Tensor::close);
        }
    }

    @Test
    void badParametersAreRejected() {
        Tensor ok = Tensor.zeros(2).requiresGrad();
        Tensor noGrad = Tensor.zeros(2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(ok, noGrad), 0.1)).getMessage().contains("parameter 1"));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(ok, ok), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new AdamW(List.of(), 0.1));
        Tensor nonLeaf = ok.mul(2f);
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(nonLeaf), 0.1));
    }

    @Test
    void badHyperparametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SGD.Options.of(0.1).withNesterov(true)); // no momentum
        assertThrows(IllegalArgumentException.class, () -> SGD.Options.of(0.1).withMomentum(0.9).withDampening(0.1).withNesterov(true));
        assertThrows(IllegalArgumentException.class, () -> SGD.Options.of(-1));
        assertThrows(IllegalArgumentException.class, () -> AdamOptions.adam(0.1).withBetas(1.0, 0.999));
        assertThrows(IllegalArgumentException.class, () -> AdamOptions.adam(0.1).withEps(-1));
        assertThrows(IllegalArgumentException.class, () -> AdamOptions.adamW(Double.NaN));
        Optimizer opt = new SGD(List.of(Tensor.zeros(1).requiresGrad()), 0.1);
        assertThrows(IllegalArgumentException.class, () -> opt.setLearningRate(-0.1));
    }

    @Test
    void mismatchedStatesAreRejectedWithoutChangingAnything() {
        List<Tensor> p = prob.freshParams();
        Adam adam = new Adam(p, AdamOptions.adam(0.01).withAmsgrad(true));
        train(prob, p, adam, 3);
        try (OptimizerState good = adam.stateDict()) {
            // wrong type
            AdamW w = new AdamW(prob.freshParams(), AdamOptions.adamW(0.01).withAmsgrad(true));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> w.loadStateDict(good)).getMessage().contains("for Adam, not AdamW"));
            // different amsgrad
            Adam noAms = new Adam(prob.freshParams(), AdamOptions.adam(0.01));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> noAms.loadStateDict(good)).getMessage().contains("amsgrad"));
            // fewer parameters
            Adam fewer = new Adam(prob.freshParams().subList(0, 2), AdamOptions.adam(0.01).withAmsgrad(true));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> fewer.loadStateDict(good)).getMessage().contains("4 parameters"));
            // a buffer of the wrong shape: the message names the key; nothing is changed
            Map<String, Tensor> t = new java.util.LinkedHashMap<>(good.tensors());
            t.put("state.2.exp_avg_sq", Tensor.zeros(2, 6));
            Adam target = new Adam(prob.freshParams(), AdamOptions.adam(0.02).withAmsgrad(true));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> target.loadStateDict(new OptimizerState("Adam", good.values(), t)));
            assertTrue(e.getMessage().contains("state.2.exp_avg_sq"), e.getMessage());
            assertEquals(0.02, target.learningRate());
            try (OptimizerState after = target.stateDict()) {
                assertEquals("0", after.value("state.0.step"));
                assertArrayEquals(new float[18], after.tensor("state.0.exp_avg").toArray(), 0f);
            }
        }
    }
}
