package org.cryograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Module semantics: naming, modes, state-dict loading and its errors, Dropout, registration rules. */
class ModuleTest {
    @Test
    void nestedNamesFollowPyTorch() {
        TestNets.Net net = new TestNets.Net(new Rng(1));
        assertEquals(List.of("down.0.conv.weight", "down.0.conv.bias", "down.0.norm.weight", "down.0.norm.bias", "down.1.conv.weight",
                "down.1.conv.bias", "down.1.norm.weight", "down.1.norm.bias", "bn.weight", "bn.bias", "head.weight", "head.bias"),
                List.copyOf(net.namedParameters().keySet()));
        assertEquals(List.of("bn.running_mean", "bn.running_var", "bn.num_batches_tracked"), List.copyOf(net.namedBuffers().keySet()));
        assertEquals(List.of("", "down", "down.0", "down.0.conv", "down.0.norm", "down.0.act", "down.1", "down.1.conv", "down.1.norm",
                "down.1.act", "bn", "head"), List.copyOf(net.namedModules().keySet()));
        assertEquals(List.of("down", "bn", "head"), List.copyOf(net.children().keySet()));
        for (Tensor p : net.parameters()) assertTrue(p.needsGrad() && p.isLeaf());
        for (Tensor b : net.namedBuffers().values()) assertFalse(b.needsGrad());
        // parameter count: conv 1->2 (54 + 2), norm (2 + 2), conv 2->3 (162 + 3), norm (3 + 3), bn (3 + 3), head (3 + 1)
        assertEquals(56 + 4 + 165 + 6 + 6 + 4, net.numParameters());
    }

    @Test
    void trainAndEvalPropagateToEveryDescendant() {
        TestNets.Net net = new TestNets.Net(new Rng(1));
        for (Module m : net.namedModules().values()) assertTrue(m.isTraining());
        net.eval();
        for (Module m : net.namedModules().values()) assertFalse(m.isTraining());
        net.train();
        for (Module m : net.namedModules().values()) assertTrue(m.isTraining());
        assertSame(net, net.train(false));
        assertFalse(net.namedModules().get("down.1.norm").isTraining());
    }

    @Test
    void strictLoadListsEveryBadKeyInOneMessageAndCopiesNothing() {
        Sequential seq = new Sequential(new Linear(new Rng(1), 3, 2), new ReLU(), new Linear(new Rng(2), 2, 1));
        float[] before = seq.stateDict().get("0.weight").toArray();
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("0.weight", Tensor.zeros(2, 3));
        sd.put("0.bias", Tensor.zeros(3)); // wrong shape
        sd.put("2.weight", Tensor.zeros(1, 2));
        sd.put("2.extra", Tensor.zeros(1)); // unexpected
        sd.put("5.weight", Tensor.zeros(1)); // unexpected; 2.bias is missing
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> seq.loadStateDict(sd, true));
        String msg = e.getMessage();
        assertTrue(msg.contains("missing keys [2.bias]"), msg);
        assertTrue(msg.contains("unexpected keys [2.extra, 5.weight]"), msg);
        assertTrue(msg.contains("0.bias: state dict [3], module [2]"), msg);
        assertArrayEquals(before, seq.stateDict().get("0.weight").toArray(), "a failed load must not copy anything");
    }

    @Test
    void nonStrictLoadReportsKeysButStillRejectsShapes() {
        Sequential seq = new Sequential(new Linear(new Rng(1), 3, 2), new ReLU(), new Linear(new Rng(2), 2, 1));
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("0.weight", Tensor.full(Device.cpu(), 0.5f, 2, 3));
        sd.put("9.weight", Tensor.zeros(4));
        Module.LoadResult r = seq.loadStateDict(sd, false);
        assertEquals(List.of("0.bias", "2.weight", "2.bias"), r.missingKeys());
        assertEquals(List.of("9.weight"), r.unexpectedKeys());
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f}, seq.stateDict().get("0.weight").toArray());
        assertTrue(seq.stateDict().get("0.weight").needsGrad(), "loading keeps the parameter trainable");
        sd.put("0.bias", Tensor.zeros(5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> seq.loadStateDict(sd, false));
        assertTrue(e.getMessage().contains("0.bias") && !e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void stateDictRoundTripsBetweenModules() {
        TestNets.Net a = new TestNets.Net(new Rng(1)), b = new TestNets.Net(new Rng(2));
        assertFalse(java.util.Arrays.equals(a.stateDict().get("head.weight").toArray(), b.stateDict().get("head.weight").toArray()));
        b.loadStateDict(a.stateDict(), true);
        for (var e : a.stateDict().entrySet()) assertArrayEquals(e.getValue().toArray(), b.stateDict().get(e.getKey()).toArray(), e.getKey());
        Tensor x = Tensor.randn(new Rng(3), 2, 1, 3, 3, 3);
        a.eval();
        b.eval();
        assertArrayEquals(a.forward(x).toArray(), b.forward(x).toArray());
    }

    @Test
    void batchNormCountsTrainingBatchesOnly() {
        BatchNorm bn = new BatchNorm(2, 3);
        Tensor x = Tensor.randn(new Rng(5), 4, 3, 2, 2);
        try (Grad g = Grad.disabled()) {
            bn.forward(x);
            bn.forward(x);
            bn.eval();
            bn.forward(x);
        }
        assertEquals(2f, bn.stateDict().get("num_batches_tracked").item());
        assertEquals(0, bn.stateDict().get("num_batches_tracked").rank(), "a scalar, as PyTorch's");
    }

    @Test
    void zeroGradClearsEveryParameterGradient() {
        Sequential seq = new Sequential(new Linear(new Rng(1), 3, 2), new Tanh(), new Linear(new Rng(2), 2, 1));
        seq.forward(Tensor.randn(new Rng(3), 4, 3)).sum().backward();
        for (Tensor p : seq.parameters()) assertTrue(p.grad() != null);
        seq.zeroGrad();
        for (Tensor p : seq.parameters()) assertNull(p.grad());
    }

    @Test
    void dropoutIsTheIdentityInEvalAndScalesSurvivorsInTraining() {
        Dropout d = new Dropout(0.3f, new Rng(9));
        Tensor x = Tensor.rand(new Rng(2), 100, 100).add(0.5f); // all values in [0.5, 1.5)
        d.eval();
        assertSame(x, d.forward(x));
        d.train();
        Tensor xg = x.detach().requiresGrad();
        Tensor y = d.forward(xg);
        float[] xv = x.toArray(), yv = y.toArray();
        int kept = 0;
        for (int i = 0; i < xv.length; i++) {
            if (yv[i] != 0f) {
                kept++;
                assertEquals(xv[i] / 0.7f, yv[i], 1e-6f * Math.abs(yv[i]), "survivor " + i + " scaled by 1/(1-p)");
            }
        }
        // kept ~ Binomial(10^4, 0.7): standard deviation 45.8, so 7000 +- 230 is 5 standard deviations
        assertEquals(7000, kept, 230);
        // gradient: the same mask times 1/(1-p)
        y.sum().backward();
        float[] g = xg.grad().toArray();
        for (int i = 0; i < xv.length; i++) assertEquals(yv[i] == 0f ? 0f : 1f / 0.7f, g[i], 1e-6f);
        // the stream advances: a second call draws another mask
        assertFalse(java.util.Arrays.equals(yv, d.forward(x).toArray()));
        // same seed, same masks
        assertArrayEquals(new Dropout(0.3f, new Rng(9)).forward(x).toArray(), yv);
    }

    @Test
    void dropoutEdgeProbabilities() {
        Tensor x = Tensor.randn(new Rng(2), 5, 6);
        assertSame(x, new Dropout(0f, new Rng(1)).forward(x));
        for (float v : new Dropout(1f, new Rng(1)).forward(x).toArray()) assertEquals(0f, v, 0f);
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5f, new Rng(1)));
    }

    static final class Bad extends Module {
        Bad(String a, String b) {
            param(a, Tensor.zeros(2));
            buffer(b, Tensor.zeros(2));
        }

        @Override
        public Tensor forward(Tensor x) {
            return x;
        }
    }

    @Test
    void registrationRejectsDuplicateAndDottedNames() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Bad("w", "w")).getMessage().contains("'w' is already registered"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Bad("a.b", "c")).getMessage().contains("invalid name 'a.b'"));
        assertThrows(IllegalArgumentException.class, () -> new Bad("", "c"));
        new Bad("w", "v"); // fine
    }

    @Test
    void sequentialIndexingAndEmptyIdentity() {
        Linear l = new Linear(new Rng(1), 2, 2);
        Sequential s = new Sequential().add(l).add(new ReLU());
        assertEquals(2, s.size());
        assertSame(l, s.get(0));
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(2));
        Tensor x = Tensor.ones(1, 2);
        assertSame(x, new Sequential().forward(x));
    }

    @Test
    void forwardShapeErrorsNameTheLayerAndShape() {
        Conv3d c = new Conv3d(new Rng(1), 2, 4, 3);
        String msg = assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.zeros(1, 3, 4, 4, 4))).getMessage();
        assertTrue(msg.contains("Conv3d") && msg.contains("[1, 3, 4, 4, 4]"), msg);
        msg = assertThrows(IllegalArgumentException.class, () -> new Linear(new Rng(1), 3, 2).forward(Tensor.zeros(4, 2))).getMessage();
        assertTrue(msg.contains("Linear") && msg.contains("[4, 2]"), msg);
        msg = assertThrows(IllegalArgumentException.class, () -> new BatchNorm(2, 3).forward(Tensor.zeros(1, 3, 1, 1))).getMessage();
        assertTrue(msg.contains("more than 1 value per channel"), msg);
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(3, 4));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(new Rng(1), 3, 4, new int[] {3}, new int[] {1}, new int[] {1}, 2, true,
                org.cryograd.tensor.PadMode.ZERO));
    }

    @Test
    void applyVisitsChildrenBeforeParentsAndCanReinitialise() {
        TestNets.Net net = new TestNets.Net(new Rng(1));
        List<String> seen = new ArrayList<>();
        net.apply(m -> seen.add(m.getClass().getSimpleName()));
        assertEquals("Net", seen.get(seen.size() - 1));
        assertEquals("Conv3d", seen.get(0));
        Rng rng = new Rng(7);
        net.apply(m -> {
            if (m instanceof ConvNd c) Init.orthogonal(c.weight(), 1.0, rng);
        });
        Tensor w = ((Conv3d) net.namedModules().get("head")).weight(); // [1, 3, 1, 1, 1]: one unit row
        float[] v = w.toArray();
        assertEquals(1.0, v[0] * v[0] + v[1] * v[1] + v[2] * v[2], 1e-5);
    }

    @Test
    void toSameDeviceKeepsTensorsAndToStringShowsTheTree() {
        Sequential s = new Sequential(new Conv3d(new Rng(1), 1, 2, 3), new LeakyReLU(0.2f));
        Tensor w = s.stateDict().get("0.weight");
        s.to(Device.cpu());
        assertSame(w, s.stateDict().get("0.weight"));
        String str = s.toString();
        assertTrue(str.startsWith("Sequential(") && str.contains("(0): Conv3d(1, 2, kernel_size=3)") && str.contains("(1): LeakyReLU(negative_slope=0.2)"),
                str);
    }
}
