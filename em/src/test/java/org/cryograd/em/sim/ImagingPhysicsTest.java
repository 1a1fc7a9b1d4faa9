package org.cryograd.em.sim;

import org.cryograd.io.XfTransform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cryograd.em.ctf.DoseWeighting;
import java.util.Map;
import org.cryograd.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The image formation of {@link ViewImager} against numpy references (make_sim_fixtures.py) and statistics. */
class ImagingPhysicsTest {
    static final int N = 128;
    static final double PX = 2.0;

    /** Imaging with everything off; effects switched on per test. */
    static ImagingOptions off(boolean ctf, boolean envelopes) {
        return ImagingOptions.defaults().withDefocus(1.5, 0, 0, 0).allOff().withEffects(ctf, false, envelopes, false, false, false, false);
    }

    /** A weak white-noise object (V·Å) and the Fourier ratio of the image contrast to it along kx (ky = 0), averaged over rows. */
    static double[] measuredTransfer(ViewImager imager, ViewImager.View view, long seed) {
        Rng rng = new Rng(seed);
        float[] p = new float[N * N];
        for (int i = 0; i < p.length; i++) p[i] = (float) (5 * TomogramSimulator.gaussian(rng));
        float[] img = imager.alignedIntensity(p, new double[N], N, N, view);
        float[] contrast = new float[N * N];
        for (int i = 0; i < contrast.length; i++) contrast[i] = img[i] - 1;
        float[] fp = Fourier2.forward(Fourier2.complex(p), N, N), fc = Fourier2.forward(Fourier2.complex(contrast), N, N);
        // least-squares ratio over the whole ky = 0 ... use every ky: the object is white, the transfer depends on |k|, so take
        // the ky = 0 column only to keep the frequency exact
        double[] t = new double[N / 2];
        for (int kx = 0; kx < N / 2; kx++) {
            int i = 2 * kx; // row ky = 0
            double re = fc[i] * fp[i] + fc[i + 1] * fp[i + 1], den = fp[i] * fp[i] + fp[i + 1] * fp[i + 1];
            t[kx] = re / den;
        }
        return t;
    }

    @Test
    void weakObjectTransferIsTheCtfFormula() throws Exception {
        List<Map<String, String>> ref = SimFixtures.rows("ctf_transfer.tsv");
        ElectronOptics o = ElectronOptics.krios();
        assertEquals(SimFixtures.d(ref.get(0), "sigma"), o.interactionConstant(), 1e-9, "interaction constant, rad/(V Å)");
        for (boolean env : new boolean[] {false, true}) {
            ViewImager imager = new ViewImager(off(true, env), PX, 4.5);
            double[] t = measuredTransfer(imager, new ViewImager.View(0, 15000, 15000, 0, 0, 1, XfTransform.IDENTITY), 3);
            double scale = 2 * o.interactionConstant(), worst = 0;
            for (int kx = 1; kx < N / 2; kx++) {
                double want = SimFixtures.d(ref.get(kx), env ? "transfer_with_envelopes" : "transfer");
                worst = Math.max(worst, Math.abs(t[kx] - want) / scale);
            }
            // second-order terms of a 5 V·Å object are ~sigma*5 = 3e-3 of the first-order ones
            assertTrue(worst < 0.01, "transfer vs the weak-object formula, envelopes " + env + ": worst error " + worst + " of 2 sigma");
        }
    }

    @Test
    void ctfZerosLieWhereTheFormulaPutsThem() throws Exception {
        ViewImager imager = new ViewImager(off(true, false), PX, 4.5);
        double[] t = measuredTransfer(imager, new ViewImager.View(0, 15000, 15000, 0, 0, 1, XfTransform.IDENTITY), 5);
        List<Map<String, String>> zeros = SimFixtures.rows("ctf_zeros.tsv");
        int found = 0;
        for (Map<String, String> z : zeros) {
            double k = SimFixtures.d(z, "k_per_A");
            double pos = k * N * PX; // in frequency bins
            int b = (int) Math.floor(pos);
            assertTrue(t[b] * t[b + 1] <= 0, "the measured transfer changes sign between bins " + b + " and " + (b + 1) + " around the zero at k = " + k);
            // linear interpolation of the crossing
            double cross = b + t[b] / (t[b] - t[b + 1]);
            assertEquals(pos, cross, 0.25, "zero " + z.get("m") + " position in bins");
            found++;
        }
        assertTrue(found >= 5, "at least five zeros below Nyquist, got " + found);
    }

    @Test
    void exposureFilterValuesMatchGrantAndGrigorieff() throws Exception {
        for (Map<String, String> r : SimFixtures.rows("exposure_filter.tsv"))
            assertEquals(SimFixtures.d(r, "value"), DoseWeighting.weight(SimFixtures.d(r, "k_per_A"), SimFixtures.d(r, "dose"), SimFixtures.d(r, "voltage_kv")), 1e-12, r.toString());
        assertEquals(1.0, DoseWeighting.weight(0, 100, 300), 0.0, "zero frequency undamped");
    }

    @Test
    void radiationDamageFiltersTheImageByTheExposureFilter() {
        // no CTF and no envelopes: the image contrast is -2 eta sigma P, linear; damage multiplies P's spectrum by q(k, N)
        ImagingOptions on = off(false, false).withEffects(false, false, false, false, true, false, false).withOptics(ElectronOptics.krios().withAmplitudeContrast(0.3));
        ImagingOptions offDamage = on.withEffects(false, false, false, false, false, false, false);
        ViewImager.View view = new ViewImager.View(0, 0, 0, 0, 40, 3, XfTransform.IDENTITY);
        double[] damaged = measuredTransfer(new ViewImager(on, PX, 4.5), view, 7), clean = measuredTransfer(new ViewImager(offDamage, PX, 4.5), view, 7);
        for (int kx = 1; kx < N / 2; kx += 5) {
            double k = kx / (N * PX);
            assertEquals(DoseWeighting.weight(k, 40, 300), damaged[kx] / clean[kx], 0.01, "damage at k = " + k);
        }
        assertTrue(damaged[N / 2 - 1] / clean[N / 2 - 1] < 0.2, "high frequencies are damped at 40 e/Å²");
    }

    @Test
    void attenuationFollowsThicknessOverCosTilt() throws Exception {
        for (Map<String, String> r : SimFixtures.rows("attenuation.tsv")) {
            double tilt = SimFixtures.d(r, "tilt_deg"), thick = SimFixtures.d(r, "thickness_A"), mfp = SimFixtures.d(r, "mfp_nm");
            int nz = (int) Math.ceil(thick / 10);
            SpecimenOptions so = SpecimenOptions.defaults().withBox(32, 32, nz, 10).withIce(thick, 4.5).withCounts(0, 0, 0, 0);
            Specimen sp = SpecimenBuilder.build(so, List.of(), new Rng(1), s -> { });
            ImagingOptions im = ImagingOptions.defaults().allOff().withEffects(true, true, true, true, false, false, false).withDetails(mfp, 0.3, 16);
            double[] bg = new double[32];
            for (int u = 0; u < 32; u++) bg[u] = sp.backgroundProjection(u, tilt);
            float[] img = new ViewImager(im, 10, 4.5).alignedIntensity(new float[32 * 32], bg, 32, 32, new ViewImager.View(tilt, 30000, 30000, 0, 0, 1, XfTransform.IDENTITY));
            double mean = 0;
            for (float v : img) mean += v;
            mean /= img.length;
            assertEquals(SimFixtures.d(r, "fraction"), mean, 2e-6, "mean intensity at tilt " + tilt + ", " + thick + " Å, mfp " + mfp + " nm");
        }
    }

    @Test
    void countsArePoissonBeforeTheMtfAndTheMtfScalesTheirVariance() {
        int n = 128;
        double dose = 2.5, px = 4; // 40 electrons per pixel
        float[] flat = new float[n * n];
        ImagingOptions im = ImagingOptions.defaults().allOff().withEffects(false, false, false, false, false, true, false).withEvenOdd(true);
        ViewImager.Image a = new ViewImager(im, px, 4.5).image(flat, new double[n], n, n, new ViewImager.View(0, 0, 0, 0, 0, dose, XfTransform.IDENTITY), new Rng(11));
        double[] mv = meanVar(a.counts());
        double lambda = dose * px * px;
        assertEquals(lambda, mv[0], 4 * Math.sqrt(lambda / (n * n)), "mean count");
        // var of the sample variance of Poisson ~ (lambda + 2 lambda^2) / N
        assertEquals(lambda, mv[1], 4 * Math.sqrt((lambda + 2 * lambda * lambda) / (n * n)), "variance = mean");
        for (int i = 0; i < n * n; i++) {
            assertEquals(Math.rint(a.counts()[i]), a.counts()[i], 0.0, "integer counts");
            assertEquals(a.even()[i] + a.odd()[i], a.counts()[i], 0.0, "even + odd = full");
        }
        double[] me = meanVar(a.even()), mo = meanVar(a.odd());
        assertEquals(lambda / 2, me[1], 4 * Math.sqrt((lambda / 2 + 2 * lambda * lambda / 4) / (n * n)), "even half variance = its mean");
        double cov = 0;
        for (int i = 0; i < n * n; i++) cov += (a.even()[i] - me[0]) * (a.odd()[i] - mo[0]);
        cov /= n * n;
        assertEquals(0, cov / Math.sqrt(me[1] * mo[1]), 4 / Math.sqrt(n * n), "halves independent");

        // with the MTF: the variance of filtered white noise is lambda * mean(MTF^2) over the frequency grid
        ImagingOptions withMtf = im.withEffects(false, false, false, false, false, true, true).withEvenOdd(false);
        ViewImager.Image b = new ViewImager(withMtf, px, 4.5).image(flat, new double[n], n, n, new ViewImager.View(0, 0, 0, 0, 0, dose, XfTransform.IDENTITY), new Rng(12));
        double m2 = 0;
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) {
                double m = DetectorMtf.value(Fourier2.freq(x, n), Fourier2.freq(y, n), 0.3);
                m2 += m * m;
            }
        m2 /= n * n;
        double[] mb = meanVar(b.counts());
        assertEquals(lambda, mb[0], 4 * Math.sqrt(lambda / (n * n)), "the MTF keeps the mean (MTF(0) = 1)");
        assertEquals(lambda * m2, mb[1], 0.05 * lambda * m2, "variance after the MTF = lambda * mean(MTF^2) = " + lambda * m2);
        assertTrue(mb[1] < 0.5 * lambda, "the MTF lowers the noise variance");
    }

    @Test
    void poissonSamplerMatchesMeanAndVarianceAcrossBothAlgorithms() {
        Rng rng = new Rng(5);
        for (double lambda : new double[] {0.3, 4, 9.9, 10, 37, 800}) {
            int m = 40000;
            double s = 0, s2 = 0;
            for (int i = 0; i < m; i++) {
                long k = PoissonSampler.sample(rng, lambda);
                s += k;
                s2 += (double) k * k;
            }
            double mean = s / m, var = s2 / m - mean * mean;
            assertEquals(lambda, mean, 5 * Math.sqrt(lambda / m), "mean at " + lambda);
            assertEquals(lambda, var, 5 * Math.sqrt((lambda + 2 * lambda * lambda) / m), "variance at " + lambda);
        }
        assertEquals(Math.log(2 * 3 * 4 * 5 * 6 * 7 * 8 * 9 * 10 * 11 * 12.0), PoissonSampler.logFactorial(12), 1e-12);
        double lf30 = 0;
        for (int i = 2; i <= 30; i++) lf30 += Math.log(i);
        assertEquals(lf30, PoissonSampler.logFactorial(30), 1e-10, "Stirling branch");
    }

    @Test
    void defocusGradientGivesEachColumnTheDefocusOfItsHeight() {
        int n = 64;
        double tilt = 50, df = 20000;
        Rng rng = new Rng(2);
        float[] p = new float[n * n];
        for (int i = 0; i < p.length; i++) p[i] = (float) (20 * TomogramSimulator.gaussian(rng));
        ImagingOptions g = off(true, false).withEffects(true, true, false, false, false, false, false).withDetails(395, 0.3, 1);
        ViewImager.View view = new ViewImager.View(tilt, df, df, 0, 0, 1, XfTransform.IDENTITY);
        float[] grad = new ViewImager(g, PX, 4.5).alignedIntensity(p, new double[n], n, n, view);
        double cx = (n - 1) / 2.0, tan = Math.tan(Math.toRadians(tilt));
        for (int x : new int[] {3, 20, 40, 60}) {
            double local = df - (x - cx) * PX * tan;
            float[] one = new ViewImager(off(true, false), PX, 4.5).alignedIntensity(p, new double[n], n, n, new ViewImager.View(tilt, local, local, 0, 0, 1, XfTransform.IDENTITY));
            for (int y = 0; y < n; y++) assertEquals(one[y * n + x], grad[y * n + x], 1e-6, "column " + x + " has defocus " + local + " Å");
        }
        // and a different column differs from the centre defocus image
        float[] centre = new ViewImager(off(true, false), PX, 4.5).alignedIntensity(p, new double[n], n, n, view);
        double diff = 0;
        for (int y = 0; y < n; y++) diff += Math.abs(centre[y * n + 3] - grad[y * n + 3]);
        assertTrue(diff > 1e-3, "the gradient changes the edge column");
    }

    static double[] meanVar(float[] a) {
        double s = 0, s2 = 0;
        for (float v : a) s += v;
        double m = s / a.length;
        for (float v : a) s2 += (v - m) * (v - m);
        return new double[] {m, s2 / (a.length - 1)};
    }
}
