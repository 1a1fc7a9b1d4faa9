package org.cryograd.em.recon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.em.BaselineFixture;
import org.cryograd.em.geometry.Projector;
import org.cryograd.em.geometry.TiltSimulation;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Held-out-view stopping: it must stop early on noisy data near the truth's best iteration, and late on clean data. */
class SirtStoppingTest {
    private static final int N = BaselineFixture.get("phantom").shape()[0];

    private static Tensor phantom() {
        return Tensor.of(BaselineFixture.get("phantom").data(), N, 1, N);
    }

    private static double error(Tensor truth, Tensor x) {
        float[] a = truth.toArray(), b = x.toArray();
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (double) (a[i] - b[i]);
            den += a[i] * (double) a[i];
        }
        return num / den;
    }

    @Test
    void onNoisyViewsTheChosenCountIsNearTheTruthsBest() {
        Projector p = new Projector(TiltGeometry.range(-60, 60, 2, TiltAxis.Y), N, N);
        Tensor truth = phantom();
        Tensor b = TiltSimulation.addNoise(TiltSimulation.project(p, truth), 0.5, new Rng(3));
        int max = 150;
        SirtStopping.Choice c = SirtStopping.choose(p, b, SirtOptions.defaults().withIterations(max), 6);
        double[] e = c.heldOutError();
        assertEquals(max, e.length);
        int k = c.bestIterations();
        assertTrue(k < max / 2, "noisy views: SIRT should be stopped early, chose " + k);
        assertTrue(e[max - 1] > 1.05 * e[k - 1], "held-out error rises after the optimum: " + e[k - 1] + " -> " + e[max - 1]);
        // the truth's error along the same run (all views) is near its minimum at the chosen count
        double[] truthErr = new double[max];
        Sirt.iterate(p, b, SirtOptions.defaults().withIterations(max), (it, x) -> truthErr[it - 1] = error(truth, x)).close();
        double bestTruth = Double.MAX_VALUE;
        for (double v : truthErr) bestTruth = Math.min(bestTruth, v);
        assertTrue(truthErr[k - 1] < 1.15 * bestTruth, "error vs truth at the chosen " + k + ": " + truthErr[k - 1] + ", best " + bestTruth);
        assertTrue(truthErr[max - 1] > 1.2 * bestTruth, "the test needs over-fitting to happen: " + truthErr[max - 1] + " vs " + bestTruth);
        int[] held = c.heldOutViews();
        assertEquals(3, held[0]);
        for (int i = 1; i < held.length; i++) assertEquals(6, held[i] - held[i - 1]);
    }

    @Test
    void onCleanViewsItKeepsIterating() {
        Projector p = new Projector(TiltGeometry.range(-60, 60, 2, TiltAxis.Y), N, N);
        Tensor b = TiltSimulation.project(p, phantom());
        SirtStopping.Choice c = SirtStopping.choose(p, b, SirtOptions.defaults().withIterations(60), 6);
        assertTrue(c.bestIterations() >= 50, "clean data: the held-out error keeps falling, chose " + c.bestIterations());
    }

    @Test
    void badArguments() {
        Projector p = new Projector(TiltGeometry.range(-60, 60, 30, TiltAxis.Y), 16, 8); // 5 views
        Tensor b = Tensor.zeros(5, 2, 16);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SirtStopping.choose(p, b, SirtOptions.defaults(), 2))
                .getMessage().contains("every >= 3"));
        Projector three = new Projector(TiltGeometry.range(-60, 60, 60, TiltAxis.Y), 16, 8);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SirtStopping.choose(three, Tensor.zeros(3, 2, 16), SirtOptions.defaults(), 3))
                .getMessage().contains("too few"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SirtStopping.choose(p, Tensor.zeros(4, 2, 16), SirtOptions.defaults(), 3))
                .getMessage().contains("[4, 2, 16]"));
        assertArrayEquals(new int[] {2}, SirtStopping.choose(p, b.add(1f), SirtOptions.defaults().withIterations(2), 4).heldOutViews());
    }
}
