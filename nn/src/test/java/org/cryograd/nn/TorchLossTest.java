package org.cryograd.nn;

import static org.cryograd.nn.TorchFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.testing.Cgfx;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Loss values and the gradients of both arguments against PyTorch ({@code F.mse_loss}, {@code F.l1_loss},
 * {@code F.binary_cross_entropy_with_logits}, Pearson via {@code torch.corrcoef}, DUAL's loss written with those).
 */
class TorchLossTest {
    static final List<Cgfx.Case> CASES = TorchFixtures.load("/fixtures/layers.bin.gz").stream()
            .filter(c -> Character.isLowerCase(c.op().charAt(0))).collect(Collectors.toList());
    static final double RTOL = 1e-5;

    static Tensor apply(Cgfx.Case c, Tensor a, Tensor b) {
        return switch (c.op()) {
            case "mse" -> Losses.mse(a, b);
            case "l1" -> Losses.l1(a, b);
            case "bce" -> Losses.bceWithLogits(a, b);
            case "pearson" -> c.has("axes") ? Losses.pearson(a, b, c.ints("axes")) : Losses.pearson(a, b);
            case "pearsonPerSample" -> Losses.pearsonPerSample(a, b);
            case "dual" -> c.has("eps") ? Losses.dualReconstruction(a, b, (float) c.real("eps")) : Losses.dualReconstruction(a, b);
            case "dualPerSample" -> Losses.dualReconstructionPerSample(a, b);
            default -> throw new IllegalArgumentException("no loss for fixture op " + c.op());
        };
    }

    static void run(Cgfx.Case c) {
        try (MemoryScope s = MemoryScope.open()) {
            Tensor a = c.get("a").tensor().requiresGrad();
            Tensor b = c.get("b").tensor().requiresGrad();
            Tensor out = apply(c, a, b);
            assertArrayEquals(c.get("out").shape(), out.dims(), c.id() + ": output shape");
            assertClose(c.id() + " out", c.get("out").data(), out.toArray(), RTOL);
            out.backward(c.get("gout").tensor());
            double floor = 0;
            for (String g : List.of("grad_a", "grad_b")) for (float v : c.get(g).data()) floor = Math.max(floor, RTOL * Math.abs(v));
            assertClose(c.id() + " grad_a", c.get("grad_a").data(), a.grad().toArray(), RTOL, floor);
            assertClose(c.id() + " grad_b", c.get("grad_b").data(), b.grad().toArray(), RTOL, floor);
        }
    }

    @TestFactory
    Stream<DynamicTest> lossesMatchPyTorch() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> run(c)));
    }

    @Test
    void everyLossIsCovered() {
        Map<String, Long> counts = CASES.stream().collect(Collectors.groupingBy(Cgfx.Case::op, Collectors.counting()));
        for (String op : List.of("mse", "l1", "bce", "pearson", "pearsonPerSample", "dual", "dualPerSample"))
            assertTrue(counts.getOrDefault(op, 0L) >= 1, "no PyTorch case for " + op + ": " + counts);
    }

    @Test
    void bceWithLogitsStaysFiniteForHugeLogits() {
        // analytic: for |x| = 1000 the loss is max(x,0) - x y + log1p(exp(-1000)) = 1000 (x=1000,y=0) or 0 (x=-1000,y=0)
        Tensor x = Tensor.of(new float[] {1000f, -1000f}, 2);
        Tensor y = Tensor.of(new float[] {0f, 0f}, 2);
        assertEquals(500f, Losses.bceWithLogits(x, y).item(), 1e-3f);
    }

    @Test
    void pearsonOfAnAffineCopyIsPlusOrMinusOne() {
        // analytic: r(a, 3a + 1) = 1 and r(a, -2a) = -1
        Tensor a = Tensor.of(new float[] {0.3f, -1.2f, 2.5f, 0.7f, -0.4f, 1.1f}, 2, 3);
        assertEquals(1f, Losses.pearson(a, a.mul(3f).add(1f)).item(), 1e-6f);
        assertEquals(-1f, Losses.pearson(a, a.mul(-2f)).item(), 1e-6f);
        float[] perRow = Losses.pearsonPerSample(a, a.mul(-2f)).toArray();
        assertArrayEquals(new float[] {-1f, -1f}, perRow, 1e-6f);
    }

    @Test
    void dualLossIsLogMsePlusLogOneMinusR() {
        // analytic: b = a + d with d orthogonal to a and both zero-mean: mse = mean(d^2), r = |a| / sqrt(|a|^2 + |d|^2)
        Tensor a = Tensor.of(new float[] {1, -1, 1, -1}, 4);
        Tensor b = a.add(Tensor.of(new float[] {1, 1, -1, -1}, 4)); // {2, 0, 0, -2}
        double mse = 1.0, r = 2.0 / Math.sqrt(4 + 4);
        assertEquals(Math.log(mse) + Math.log(1 - r), Losses.dualReconstruction(a, b).item(), 1e-5);
    }

    @Test
    void mismatchedShapesNameBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.mse(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("mse") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
    }
}
