package org.cryograd.em.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.em.AuxFixtures;
import org.cryograd.em.benchmark.RealismScores;
import org.cryograd.em.benchmark.WhiteNoiseSimulator;
import org.cryograd.tensor.Rng;
import org.junit.jupiter.api.Test;

/** Spectrum, histogram distances and simulators against numpy/scipy values and stated math. */
class EvalReferenceTest {

    @Test
    void radialSpectrumMatchesNumpyFullFft() {
        var in = AuxFixtures.get("spec/input");
        int[] d = in.dims();
        double[] p = RadialSpectrum.compute(in.floats(), d[0], d[1], d[2]);
        double[] e = AuxFixtures.get("spec/power").values();
        assertEquals(e.length, p.length);
        for (int s = 0; s < e.length; s++) assertEquals(e[s], p[s], 1e-5 * Math.max(1, e[s]), "shell " + s);
    }

    @Test
    void whiteNoiseHasFlatSpectrumAtItsVariance() {
        float[] v = new WhiteNoiseSimulator(2.0).simulate(new float[16 * 16 * 16], 16, 16, 16, 3);
        // a zero map standardises to zeros, so the output is standardised noise: P(s) = 1 for s >= 1 within sampling error
        double[] p = RadialSpectrum.compute(v, 16, 16, 16);
        for (int s = 2; s < p.length; s++) assertEquals(1.0, p[s], 0.25, "shell " + s);
    }

    @Test
    void histogramAndDistancesMatchScipy() {
        float[] a = AuxFixtures.get("dist/a").floats(), b = AuxFixtures.get("dist/b").floats();
        assertEquals(AuxFixtures.get("dist/w1").values()[0], Distributions.wasserstein1(a, b), 1e-9);
        double[] ha = Distributions.histogram(a, -5, 5, 100), hb = Distributions.histogram(b, -5, 5, 100);
        double[] ea = AuxFixtures.get("dist/hist_a").values(), eb = AuxFixtures.get("dist/hist_b").values();
        for (int i = 0; i < 100; i++) {
            assertEquals(ea[i], ha[i], 1e-12, "hist a bin " + i);
            assertEquals(eb[i], hb[i], 1e-12, "hist b bin " + i);
        }
        assertEquals(AuxFixtures.get("dist/js").values()[0], Distributions.jensenShannon(ha, hb), 1e-12);
    }

    @Test
    void distanceIdentities() {
        float[] a = {3, 1, 2};
        assertEquals(0, Distributions.wasserstein1(a, new float[] {1, 2, 3}), 0);
        // shifting a sample by c moves it by exactly c
        assertEquals(0.5, Distributions.wasserstein1(new float[] {0, 1}, new float[] {0.5f, 1.5f}), 1e-12);
        assertEquals(1.0, Distributions.jensenShannon(new double[] {1, 0}, new double[] {0, 1}), 1e-12);
        assertEquals(0, Distributions.jensenShannon(new double[] {1, 3}, new double[] {2, 6}), 1e-12);
        // log10 spectra 10x apart everywhere (DC ignored): distance 1
        assertEquals(1.0, Distributions.logSpectrumDistance(new double[] {5, 1, 2, 3}, new double[] {7, 10, 20, 30}), 1e-12);
    }

    @Test
    void leastSquaresFitAndStandardize() {
        float[] x = {1, 2, 3, 4, 5}, y = new float[5];
        for (int i = 0; i < 5; i++) y[i] = -3 * x[i] + 7;
        double[] ab = VolumeStats.leastSquaresFit(x, y);
        assertEquals(-3, ab[0], 1e-12);
        assertEquals(7, ab[1], 1e-12);
        float[] s = VolumeStats.standardize(x);
        assertEquals(0, VolumeStats.mean(s), 1e-7);
        assertEquals(1, VolumeStats.std(s), 1e-6);
        assertEquals(0, VolumeStats.std(VolumeStats.standardize(new float[] {2, 2, 2})), 0);
    }

    @Test
    void matchedWhiteNoiseRecoversTheNoiseLevel() {
        // real tomogram = -2 * map + N(0, 0.6^2): relative to the standardised map the noise std is 0.6 / (2 std(map))
        Rng rng = new Rng(11);
        int n = 20000;
        List<float[]> tomos = new ArrayList<>(), maps = new ArrayList<>();
        double expected = 0;
        for (int k = 0; k < 3; k++) {
            float[] m = new float[n], t = new float[n];
            for (int i = 0; i < n; i++) m[i] = (float) (rng.nextDouble() < 0.1 ? 1 + rng.nextDouble() : 0);
            float[] noise = new WhiteNoiseSimulator(1).simulate(new float[n], 1, 1, n, 100 + k);
            for (int i = 0; i < n; i++) t[i] = -2 * m[i] + 0.6f * noise[i];
            expected += 0.6 / (2 * VolumeStats.std(m)) / 3;
            tomos.add(t);
            maps.add(m);
        }
        assertEquals(expected, WhiteNoiseSimulator.matched(tomos, maps).noiseStd(), 0.02 * expected);
    }

    @Test
    void realismOfAVolumeWithItselfIsZero() {
        float[] v = new WhiteNoiseSimulator(1).simulate(new float[8 * 8 * 8], 8, 8, 8, 1);
        RealismScores r = RealismScores.compare(v, v, 8, 8, 8);
        assertEquals(0, r.spectrumDistance(), 0);
        assertEquals(0, r.wasserstein1(), 0);
        assertEquals(0, r.jensenShannon(), 0);
        assertThrows(IllegalArgumentException.class, () -> RealismScores.compare(v, new float[3], 8, 8, 8));
        assertTrue(RealismScores.compare(v, new WhiteNoiseSimulator(1).simulate(new float[512], 8, 8, 8, 2), 8, 8, 8).wasserstein1() > 0);
    }
}
