package org.cryograd.fft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.testing.Cgfx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FSC against a numpy full-spectrum implementation, plus analytic cases. */
class FscTest {

    @Test
    void curvesMatchNumpy() {
        for (Cgfx.Case c : Fixtures.of("fsc")) {
            double voxel = c.real("voxel");
            FscCurve curve = Fsc.compute(c.get("a").tensor(), c.get("b").tensor(), voxel);
            float[] fsc = c.get("fsc").data(), count = c.get("count").data(), freq = c.get("freq").data();
            assertEquals(fsc.length, curve.shells(), c.id());
            for (int s = 0; s < fsc.length; s++) {
                assertEquals(fsc[s], curve.fsc()[s], 1e-5, c.id() + " shell " + s);
                assertEquals(count[s], curve.voxels()[s], 0, c.id() + " count " + s);
                assertEquals(freq[s], curve.frequency()[s], 1e-6 * freq[s] + 1e-9, c.id() + " freq " + s);
            }
            float[] res = c.get("res").data();
            assertEquals(res[0], curve.resolution05(), 1e-4 * res[0], c.id() + " 0.5");
            assertEquals(res[1], curve.resolution0143(), 1e-4 * res[1], c.id() + " 0.143");
        }
    }

    @Test
    void volumeWithItselfIsOneEverywhereAndNeverCrosses() {
        Tensor v = Tensor.randn(new Rng(4), 20, 18, 16);
        FscCurve c = Fsc.compute(v, v, 1.0);
        for (int s = 0; s < c.shells(); s++) assertEquals(1.0, c.fsc()[s], 1e-9, "shell " + s);
        assertTrue(Double.isNaN(c.resolution0143()));
        long total = 0;
        for (long n : c.voxels()) total += n;
        assertTrue(total <= 20L * 18 * 16 && total > 0.5 * 20 * 18 * 16, "full-spectrum voxel counts");
    }

    @Test
    void independentNoiseFallsToZero() {
        // For independent white noise, FSC in a shell of n full-spectrum voxels (n/2 independent complex pairs)
        // has mean 0 and standard deviation 1/sqrt(n): every shell must stay within 4 of those.
        FscCurve c = Fsc.compute(Tensor.randn(new Rng(5), 48, 48, 48), Tensor.randn(new Rng(6), 48, 48, 48), 1.0);
        for (int s = 1; s < c.shells(); s++) {
            double bound = 4 / Math.sqrt(c.voxels()[s]);
            assertTrue(Math.abs(c.fsc()[s]) < bound, "shell " + s + ": |" + c.fsc()[s] + "| >= " + bound);
        }
    }

    @Test
    void lowPassedCopyPlusOrthogonalNoiseCrossesWhereExpected() {
        // v1 has a flat spectrum |S| = 1 with random phases; v2 = G_sigma * v1 + n with |N| = |S| and
        // Re(S conj N) = 0 at every voxel (N = i sgn(k) S, sgn odd under k -> -k, so n is real). Then per voxel
        // the correlation is H / sqrt(H^2 + 1), H(f) = exp(-2 pi^2 sigma^2 f^2), and the curve crosses t where
        // H = t / sqrt(1 - t^2): f_t = sqrt(ln(sqrt(1 - t^2) / t) / (2 pi^2 sigma^2)).
        int n = 64;
        double sigma = 1.0, voxel = 2.0;
        Tensor white = Tensor.randn(new Rng(8), n, n, n);
        float[] s = Fft.rfftn(white, 3).toArray();
        int m = n / 2 + 1;
        float[] v2spec = new float[s.length];
        double a = 2 * Math.PI * Math.PI * sigma * sigma;
        for (int iz = 0, p = 0; iz < n; iz++)
            for (int iy = 0; iy < n; iy++)
                for (int ix = 0; ix < m; ix++, p++) {
                    double re = s[2 * p], im = s[2 * p + 1], mag = Math.hypot(re, im);
                    re /= mag;
                    im /= mag;
                    s[2 * p] = (float) re;
                    s[2 * p + 1] = (float) im;
                    int kz = Fft.signedIndex(iz, n), ky = Fft.signedIndex(iy, n);
                    int sg = sgn(ix, n) != 0 ? sgn(ix, n) : sgn(ky, n) != 0 ? sgn(ky, n) : sgn(kz, n);
                    double f2 = ((double) kz * kz + (double) ky * ky + (double) ix * ix) / ((double) n * n);
                    double h = Math.exp(-a * f2);
                    v2spec[2 * p] = (float) (h * re - sg * im); // H S + i sg S
                    v2spec[2 * p + 1] = (float) (h * im + sg * re);
                }
        Tensor v1 = Fft.irfftn(Tensor.of(s, n, n, m, 2), n, n, n);
        Tensor v2 = Fft.irfftn(Tensor.of(v2spec, n, n, m, 2), n, n, n);
        FscCurve c = Fsc.compute(v1, v2, voxel);
        for (double t : new double[] {0.5, 0.143}) {
            double ft = Math.sqrt(Math.log(Math.sqrt(1 - t * t) / t) / (2 * Math.PI * Math.PI * sigma * sigma)) / voxel;
            double got = c.crossingFrequency(t);
            // tolerance: a quarter shell (binning of a curved function over 1-voxel shells + linear interpolation)
            assertEquals(ft, got, 0.25 / (n * voxel), "crossing at " + t);
            assertEquals(1 / ft, c.resolutionAt(t), 0.05 / ft, "resolution at " + t);
        }
    }

    private static int sgn(int k, int n) {
        if (k == 0 || (n % 2 == 0 && Math.abs(k) == n / 2)) return 0;
        return k > 0 ? 1 : -1;
    }

    @Test
    void crossingInterpolatesLinearlyBetweenShells() {
        double[] f = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
        double[] c = {1, 0.9, 0.7, 0.45, 0.2, 0.1, 0.05};
        FscCurve curve = new FscCurve(f, c, new long[7], 1.0);
        // 0.5 lies between shells 2 (0.7) and 3 (0.45): 0.2 + (0.7 - 0.5) / 0.25 * 0.1 = 0.28
        assertEquals(0.28, curve.crossingFrequency(0.5), 1e-12);
        assertEquals(1 / 0.28, curve.resolution05(), 1e-9);
        // 0.143 between shells 4 (0.2) and 5 (0.1): 0.4 + 0.057 / 0.1 * 0.1 = 0.457
        assertEquals(1 / 0.457, curve.resolution0143(), 1e-9);
        // NaN shells are skipped: interpolate between the neighbouring defined shells 2 and 4
        double[] gap = {1, 0.9, 0.7, Double.NaN, 0.3, 0.1, 0.05};
        assertEquals(0.2 + 0.2 / 0.4 * 0.2, FscCurve.crossingFrequency(f, gap, 0.5), 1e-12);
        // never crosses, and below from the first shell: NaN; a later dip after a rise is the first crossing
        assertTrue(Double.isNaN(FscCurve.crossingFrequency(f, new double[] {1, 0.9, 0.8, 0.7, 0.6, 0.55, 0.51}, 0.5)));
        assertTrue(Double.isNaN(FscCurve.crossingFrequency(f, new double[] {1, 0.1, 0.8, 0.7, 0.6, 0.55, 0.51}, 0.5)));
        assertEquals(0.45, FscCurve.crossingFrequency(f, new double[] {-1, 0.9, 0.8, 0.9, 0.6, 0.4, 0.7}, 0.5), 1e-12);
    }

    @Test
    void csvHasOneRowPerShellAndIsWrittenAtomically(@TempDir Path dir) throws Exception {
        FscCurve c = new FscCurve(new double[] {0, 0.25, 0.5}, new double[] {1, 0.6, Double.NaN}, new long[] {1, 26, 98}, 2.0);
        Path out = dir.resolve("sub/fsc.csv");
        c.writeCsv(out);
        c.writeCsv(out); // replaces
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals("shell,frequency_per_A,resolution_A,fsc,voxels", lines.get(0));
        assertEquals(4, lines.size());
        assertEquals("0,0.00000000,inf,1.00000000,1", lines.get(1));
        assertEquals("1,0.250000000,4.00000000,0.600000000,26", lines.get(2));
        assertEquals("2,0.500000000,2.00000000,nan,98", lines.get(3));
        try (var files = Files.list(out.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void badInputNamesShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Fsc.compute(Tensor.zeros(4, 4, 4), Tensor.zeros(4, 4, 5), 1.0));
        assertTrue(e.getMessage().contains("[4, 4, 4]") && e.getMessage().contains("[4, 4, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Fsc.compute(Tensor.zeros(4, 4), Tensor.zeros(4, 4), 0));
        e = assertThrows(IllegalArgumentException.class, () -> Fsc.compute(Tensor.zeros(4, 4), Tensor.zeros(4, 4), 1, Tensor.zeros(4, 4)));
        assertTrue(e.getMessage().contains("[4, 3]"), e.getMessage());
    }
}
