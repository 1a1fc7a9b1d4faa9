package org.cryograd.em.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.testing.Cgfx;
import org.junit.jupiter.api.Test;

/** QualityMetrics against scikit-image (PSNR, SSIM) and a numpy VIF-P on the matched volumes, and analytic cases. */
class QualityMetricsTest {
    /** A smooth volume plus a seeded pseudo-random ripple (deterministic, no Rng dependency). */
    static float[] volume(int nz, int ny, int nx, double phase) {
        float[] v = new float[nz * ny * nx];
        long s = 12345 + (long) (phase * 1000);
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++) {
                    s = s * 6364136223846793005L + 1442695040888963407L;
                    double noise = ((s >>> 11) * 0x1.0p-53) - 0.5;
                    v[(z * ny + y) * nx + x] = (float) (0.5 + 0.4 * Math.sin(0.5 * x + phase) * Math.cos(0.3 * y) * Math.cos(0.2 * z + phase)
                            + 0.1 * noise);
                }
        return v;
    }

    /** Test matched to reference mean/std in double (numpy: (t - t.mean()) / t.std() * r.std() + r.mean()). */
    static float[] matched(float[] r, float[] t) {
        double mr = 0, mt = 0;
        for (int i = 0; i < r.length; i++) {
            mr += r[i];
            mt += t[i];
        }
        mr /= r.length;
        mt /= t.length;
        double vr = 0, vt = 0;
        for (int i = 0; i < r.length; i++) {
            vr += (r[i] - mr) * (r[i] - mr);
            vt += (t[i] - mt) * (t[i] - mt);
        }
        double sr = Math.sqrt(vr / r.length), st = Math.sqrt(vt / t.length);
        float[] out = new float[t.length];
        for (int i = 0; i < t.length; i++) out[i] = (float) ((t[i] - mt) / st * sr + mr);
        return out;
    }

    @Test
    void matchMeanStdGivesTheReferenceMeanAndStd() {
        float[] r = volume(4, 5, 6, 0), t = volume(4, 5, 6, 1);
        for (int i = 0; i < t.length; i++) t[i] = 7 * t[i] - 3;
        float[] m = QualityMetrics.matchMeanStd(Tensor.of(r, 4, 5, 6), Tensor.of(t, 4, 5, 6)).toArray();
        double[] a = QualityMetrics.meanStd(r), b = QualityMetrics.meanStd(m);
        assertEquals(a[0], b[0], 1e-6);
        assertEquals(a[1], b[1], 1e-6);
        assertArrayEquals(matched(r, t), m, 1e-6f);
    }

    @Test
    void constantTestBecomesTheReferenceMean() {
        float[] r = volume(2, 3, 4, 0), t = new float[24];
        java.util.Arrays.fill(t, 5f);
        float[] m = QualityMetrics.matchMeanStd(Tensor.of(r, 2, 3, 4), Tensor.of(t, 2, 3, 4)).toArray();
        double mean = QualityMetrics.meanStd(r)[0];
        for (float v : m) assertEquals(mean, v, 1e-6);
    }

    @Test
    void measureMatchesScikitImage() {
        // references: scikit-image's PSNR and SSIM and a numpy VIF-P on the matched volume, by
        // src/test/python/make_quality_fixtures.py (stored as float32, hence the tolerances)
        List<Cgfx.Case> cases = Cgfx.load(QualityMetricsTest.class, "/fixtures/quality.bin.gz", "em/src/test/python/make_quality_fixtures.py");
        assertEquals(4, cases.size());
        assertTrue(cases.stream().anyMatch(c -> c.integer("k") == 1), "one case needs no VIF enlargement (81 x 84 slices)");
        for (Cgfx.Case c : cases) {
            QualityScores q = QualityMetrics.measure(c.get("ref").tensor(), c.get("test").tensor());
            assertEquals(c.get("psnr").data()[0], q.psnr(), 1e-4, c.id() + " psnr");
            assertEquals(c.get("ssim").data()[0], q.ssim(), 1e-5, c.id() + " ssim");
            assertEquals(c.get("vif").data()[0], q.vif(), 1e-5, c.id() + " vif");
            assertEquals(c.integer("k"), q.vifEnlargement(), c.id() + " enlargement");
        }
    }

    @Test
    void identicalVolumesScorePerfectly() {
        float[] r = volume(7, 9, 8, 0.2);
        QualityScores q = QualityMetrics.measure(Tensor.of(r, 7, 9, 8), Tensor.of(r, 7, 9, 8));
        assertEquals(Double.POSITIVE_INFINITY, q.psnr());
        assertEquals(1.0, q.ssim(), 1e-9);
        assertEquals(1.0, q.vif(), 1e-9);
    }

    @Test
    void positiveAffineChangesOfTheTestDoNotChangeScores() {
        float[] r = volume(7, 9, 8, 0), t = volume(7, 9, 8, 1.1), u = new float[t.length];
        for (int i = 0; i < t.length; i++) u[i] = 40 * t[i] - 17;
        QualityScores a = QualityMetrics.measure(Tensor.of(r, 7, 9, 8), Tensor.of(t, 7, 9, 8));
        QualityScores b = QualityMetrics.measure(Tensor.of(r, 7, 9, 8), Tensor.of(u, 7, 9, 8));
        assertEquals(a.psnr(), b.psnr(), 1e-4);
        assertEquals(a.ssim(), b.ssim(), 1e-5);
        assertEquals(a.vif(), b.vif(), 1e-5);
    }

    @Test
    void enlargementFactorAndReplication() {
        assertEquals(2, QualityMetrics.vifEnlargement(64, 64));
        assertEquals(1, QualityMetrics.vifEnlargement(81, 100));
        assertEquals(3, QualityMetrics.vifEnlargement(200, 27));
        assertEquals(2, QualityMetrics.vifEnlargement(80, 90));
        float[] v = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new float[] {1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 4, 4, 5, 5, 6, 6},
                QualityMetrics.enlarge(v, new int[] {1, 2, 3}, 2));
    }

    @Test
    void badInputsAreRejectedWithTheReason() {
        Tensor a = Tensor.of(volume(7, 8, 9, 0), 7, 8, 9), b = Tensor.of(volume(7, 9, 8, 0), 7, 9, 8);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> QualityMetrics.measure(a, b)).getMessage().contains("differs"));
        Tensor c = Tensor.of(new float[7 * 8 * 9], 7, 8, 9);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> QualityMetrics.measure(c, a)).getMessage().contains("constant"));
        float[] nan = volume(7, 8, 9, 0);
        nan[5] = Float.NaN;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> QualityMetrics.measure(a, Tensor.of(nan, 7, 8, 9))).getMessage().contains("NaN"));
    }
}
