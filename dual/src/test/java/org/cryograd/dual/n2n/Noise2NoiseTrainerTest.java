package org.cryograd.dual.n2n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.dual.Volume;
import org.cryograd.em.eval.VolumeStats;
import org.cryograd.tensor.Rng;
import org.junit.jupiter.api.Test;

/** Noise2noise on a tiny synthetic case whose halves carry independent noise. */
class Noise2NoiseTrainerTest {
    private static final int N = 16;

    /** A few Gaussian blobs, standardised. */
    private static float[] blobs(Rng r) {
        float[] v = new float[N * N * N];
        for (int b = 0; b < 6; b++) {
            double cz = 3 + 10 * r.nextDouble(), cy = 3 + 10 * r.nextDouble(), cx = 3 + 10 * r.nextDouble(), s = 1.5 + r.nextDouble();
            for (int z = 0; z < N; z++)
                for (int y = 0; y < N; y++)
                    for (int x = 0; x < N; x++) {
                        double d2 = (z - cz) * (z - cz) + (y - cy) * (y - cy) + (x - cx) * (x - cx);
                        v[(z * N + y) * N + x] += (float) Math.exp(-d2 / (2 * s * s));
                    }
        }
        return VolumeStats.standardize(v);
    }

    private static float[] noisy(float[] clean, Rng r, double sd) {
        float[] v = clean.clone();
        for (int i = 0; i < v.length; i++) {
            double u1 = Math.max(r.nextDouble(), 1e-300), u2 = r.nextDouble();
            v[i] += (float) (sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        return v;
    }

    /** Mean squared error to {@code truth} after the least-squares scale and offset (so units do not matter). */
    private static double fittedMse(float[] v, float[] truth) {
        float[] f = VolumeStats.fitTo(v, truth);
        double s = 0;
        for (int i = 0; i < f.length; i++) s += (f[i] - truth[i]) * (double) (f[i] - truth[i]);
        return s / f.length;
    }

    @Test
    void trainingOnIndependentHalvesReducesTheErrorToTheCleanTruth() {
        Rng r = new Rng(5);
        List<Volume> even = new ArrayList<>(), odd = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            float[] c = blobs(r);
            even.add(new Volume(noisy(c, r, 1.0), N, N, N));
            odd.add(new Volume(noisy(c, r, 1.0), N, N, N));
        }
        Noise2NoiseConfig cfg = Noise2NoiseConfig.quick().withNetwork(16, 2, 8, 4).withSteps(150).withLr(3e-3);
        Noise2NoiseDenoiser d = Noise2NoiseTrainer.train(even, odd, cfg, 7, null);
        // a held-out volume: new blobs, new noise
        float[] clean = blobs(r), e = noisy(clean, r, 1.0), o = noisy(clean, r, 1.0);
        float[] avg = e.clone();
        for (int i = 0; i < avg.length; i++) avg[i] = 0.5f * (e[i] + o[i]);
        float[] out = d.denoise(VolumeStats.standardize(e), VolumeStats.standardize(o), N, N, N);
        double mseHalf = fittedMse(e, clean), mseAvg = fittedMse(avg, clean), mseN2n = fittedMse(out, clean);
        assertTrue(mseN2n < 0.6 * mseHalf, "noise2noise " + mseN2n + " vs a noisy half " + mseHalf);
        assertTrue(mseN2n < mseAvg, "noise2noise " + mseN2n + " vs the average of the halves " + mseAvg);
        assertEquals(clean.length, out.length);
    }

    @Test
    void mismatchedHalvesAreRefused() {
        Volume a = new Volume(new float[N * N * N], N, N, N);
        Noise2NoiseConfig cfg = Noise2NoiseConfig.quick().withNetwork(16, 2, 4, 1).withSteps(1);
        assertThrows(IllegalArgumentException.class, () -> Noise2NoiseTrainer.train(List.of(a), List.of(), cfg, 1, null));
        Volume small = new Volume(new float[8 * 8 * 8], 8, 8, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Noise2NoiseTrainer.train(List.of(small), List.of(small), cfg, 1, null));
        assertTrue(e.getMessage().contains("16^3 patch"), e.getMessage());
    }
}
