package org.cryograd.em.ctf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cryograd.em.geometry.Defocus;
import org.cryograd.em.geometry.TiltSeriesGeometry;
import org.cryograd.em.geometry.ViewGeometry;
import org.cryograd.fft.Ctf;
import org.cryograd.fft.Fft;
import org.cryograd.fft.FourierLayout;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Phase flipping of tilted views in strips and the Grant &amp; Grigorieff exposure filter against the independent numpy
 * implementation of {@code em/src/test/python/make_ctf_dose_fixtures.py}; CTF zeros where the formula puts them; the
 * published optimal exposure 2.51284 Ne; and phase flipping with the defocus gradient restoring a CTF-free view's
 * correlation better than without the gradient.
 */
class CtfDoseCorrectionTest {
    private static List<String[]> reference() throws IOException {
        try (InputStream in = CtfDoseCorrectionTest.class.getResourceAsStream("/em/ctf_dose_reference.txt")) {
            List<String[]> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n"))
                if (!l.isBlank() && !l.startsWith("#")) out.add(l.strip().split(" "));
            return out;
        }
    }

    @Test
    void stripPhaseFlipMatchesNumpy() throws IOException {
        List<String[]> ref = reference();
        String[] im = ref.get(0);
        int ny = Integer.parseInt(im[1]), nx = Integer.parseInt(im[2]);
        float[] img = new float[ny * nx];
        for (int i = 0; i < img.length; i++) img[i] = (float) Double.parseDouble(im[3 + i]);
        int cases = 0;
        for (String[] r : ref) {
            if (!r[0].equals("flip")) continue;
            double pix = d(r[2]), tilt = d(r[3]), du = d(r[4]), dv = d(r[5]), ang = d(r[6]), kv = d(r[7]), cs = d(r[8]), w = d(r[9]), ph = d(r[10]),
                    tol = d(r[11]);
            int width = Integer.parseInt(r[12]);
            assertEquals(width, TiltCtfCorrection.stripWidth(nx, pix, tilt, tol), r[1] + " strip width");
            Tensor out = TiltCtfCorrection.phaseFlipView(Tensor.of(img, ny, nx), tilt, new Defocus(du, dv, ang, ph), new Microscope(kv, cs, w), pix,
                    new TiltCtfCorrection.Options(tol, false));
            float[] o = out.toArray();
            for (int i = 0; i < o.length; i++) assertEquals(d(r[13 + i]), o[i], 2e-5, r[1] + " pixel " + i);
            cases++;
        }
        assertEquals(3, cases);
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }

    @Test
    void exposureFilterMatchesNumpyAndThePaper() throws IOException {
        int n = 0;
        for (String[] r : reference()) {
            if (!r[0].equals("dose")) continue;
            double kv = d(r[1]), k = d(r[2]), e = d(r[3]);
            assertEquals(d(r[4]), DoseWeighting.criticalExposure(k, kv), 1e-12 * d(r[4]));
            assertEquals(d(r[5]), DoseWeighting.weight(k, e, kv), 1e-14);
            n++;
        }
        assertEquals(48, n);
        // the paper's constants and limits: Ne -> c = 2.81 e/A^2 at high frequency; q = 1/e at N = 2 Ne; q = 1 at k = 0
        assertEquals(0.245, DoseWeighting.A);
        assertEquals(-1.665, DoseWeighting.B);
        assertEquals(2.81, DoseWeighting.C);
        assertEquals(2.81, DoseWeighting.criticalExposure(1e4, 300), 1e-6);
        double ne = DoseWeighting.criticalExposure(0.1, 300);
        assertEquals(Math.exp(-1), DoseWeighting.weight(0.1, 2 * ne, 300), 1e-15);
        assertEquals(1, DoseWeighting.weight(0, 500, 300));
        assertEquals(0.8 * DoseWeighting.criticalExposure(0.1, 300), DoseWeighting.criticalExposure(0.1, 200), 1e-12);
        // the published optimal exposure 2.51284 Ne maximises the SNR of a sum, (integral of q)^2 / N:
        // d/dx (1 - e^{-x/2})^2 / x = 0  <=>  e^{-x/2} (x + 1) = 1
        double x = DoseWeighting.optimalExposure(0.1, 300) / ne;
        assertEquals(2.51284, x, 1e-12);
        assertEquals(1, Math.exp(-x / 2) * (x + 1), 1e-5);
    }

    @Test
    void ctfZerosAreWhereTheFormulaPutsThem() {
        // Cs = 0: chi + asin(w) = n pi at k_n = sqrt((n pi - asin w) / (pi lambda df))
        double df = 20000, w = 0.07;
        Ctf ctf = new Ctf(df, df, 0, 300, 0, w, 0, 0);
        double lambda = Ctf.electronWavelength(300);
        for (int n = 1; n <= 6; n++) {
            double k = Math.sqrt((n * Math.PI - Math.asin(w)) / (Math.PI * lambda * df));
            assertEquals(0, ctf.value(k, 0), 1e-9, "zero " + n);
            double before = ctf.value(k * (1 - 1e-3), 0), after = ctf.value(k * (1 + 1e-3), 0);
            assertTrue(before * after < 0, "sign changes at zero " + n);
            // the phase flip's transfer changes sign there too (on a grid fine enough to resolve it)
        }
        // the first lobe is negative (CTFFIND's sign), so a phase flip multiplies low frequencies by -1
        assertTrue(ctf.value(1e-4, 0) < 0);
    }

    /**
     * The recorded image of a tilted view: every column of the specimen (a line of points at one height) is imaged
     * with the CTF of its own defocus, and the images add up (the delocalised signal of a point carries the defocus of
     * the point, not of the detector column it lands on).
     */
    private static float[] applyCtfWithGradient(float[] img, int ny, int nx, double pix, double tilt, Defocus d, Microscope m) {
        double[] out = new double[ny * nx];
        for (int x = 0; x < nx; x++) {
            float[] column = new float[ny * nx];
            for (int y = 0; y < ny; y++) column[y * nx + x] = img[y * nx + x];
            double s = TiltCtfCorrection.defocusShift(x, nx, pix, tilt, false);
            Ctf c = new Ctf(d.u() + s, d.v() + s, d.angleDeg(), m.voltageKv(), m.csMm(), m.amplitudeContrast(), 0, 0);
            float[] conv = Fft.irfft2(Fft.multiply(Fft.rfft2(Tensor.of(column, ny, nx)), c.image(FourierLayout.HALF, pix, ny, nx)), ny, nx).toArray();
            for (int i = 0; i < out.length; i++) out[i] += conv[i];
        }
        float[] f = new float[out.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) out[i];
        return f;
    }

    private static double correlation(float[] a, float[] b) {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (int i = 0; i < a.length; i++) {
            sa += a[i];
            sb += b[i];
            saa += a[i] * (double) a[i];
            sbb += b[i] * (double) b[i];
            sab += a[i] * (double) b[i];
        }
        int n = a.length;
        return (sab / n - sa / n * sb / n) / Math.sqrt((saa / n - sa / n * sa / n) * (sbb / n - sb / n * sb / n));
    }

    /** A band-limited random view (what a projection looks like before the microscope). */
    private static float[] view(int ny, int nx, double pix, double cutoff) {
        float[] noise = Tensor.randn(new Rng(11), ny, nx).toArray();
        Tensor spec = Fft.rfft2(Tensor.of(noise, ny, nx));
        float[] f = new float[ny * (nx / 2 + 1)];
        for (int y = 0; y < ny; y++)
            for (int x = 0; x <= nx / 2; x++) {
                double ky = (y <= ny / 2 ? y : y - ny) / (ny * pix), kx = x / (nx * pix);
                f[y * (nx / 2 + 1) + x] = Math.hypot(kx, ky) < cutoff ? 1f : 0f;
            }
        return Fft.irfft2(Fft.multiply(spec, Tensor.of(f, ny, nx / 2 + 1)), ny, nx).toArray();
    }

    @Test
    void phaseFlipWithTheGradientRestoresTheViewBest() {
        // a 1 um wide view at 60 degrees: the defocus changes by +-890 A across it
        int ny = 16, nx = 512;
        double pix = 2, tilt = 60;
        Microscope m = Microscope.krios();
        Defocus d = new Defocus(25000, 24000, 20, 0);
        float[] truth = view(ny, nx, pix, 1 / 5.0);
        float[] recorded = applyCtfWithGradient(truth, ny, nx, pix, tilt, d, m);
        float[] plain = TiltCtfCorrection.phaseFlipView(Tensor.of(recorded, ny, nx), tilt, d, m, pix, new TiltCtfCorrection.Options(0, false)).toArray();
        float[] strips = TiltCtfCorrection.phaseFlipView(Tensor.of(recorded, ny, nx), tilt, d, m, pix, new TiltCtfCorrection.Options(20, false)).toArray();
        float[] wrongSign = TiltCtfCorrection.phaseFlipView(Tensor.of(recorded, ny, nx), tilt, d, m, pix, new TiltCtfCorrection.Options(20, true)).toArray();
        double r0 = correlation(truth, recorded), r1 = correlation(truth, plain), r2 = correlation(truth, strips), r3 = correlation(truth, wrongSign);
        assertTrue(r0 < 0.1, "uncorrected r = " + r0);
        assertTrue(r2 > 0.8, "with the gradient r = " + r2);
        assertTrue(r2 > r1 + 0.1, "gradient " + r2 + " vs none " + r1);
        assertTrue(r2 > r3 + 0.1, "gradient " + r2 + " vs inverted " + r3);
    }

    @Test
    void untiltedPhaseFlipRestoresLowResolutionContrast() {
        int n = 64;
        double pix = 5;
        Microscope m = Microscope.krios();
        Defocus d = Defocus.of(30000);
        float[] truth = view(n, n, pix, 1 / 40.0);
        float[] recorded = applyCtfWithGradient(truth, n, n, pix, 0, d, m);
        float[] flipped = TiltCtfCorrection.phaseFlipView(Tensor.of(recorded, n, n), 0, d, m, pix, TiltCtfCorrection.Options.defaults()).toArray();
        double before = correlation(truth, recorded), after = correlation(truth, flipped);
        assertTrue(before < 0, "the CTF inverts low-resolution contrast: r = " + before);
        assertTrue(after > 0.9, "phase flipped: r = " + after);
    }

    @Test
    void seriesCorrectionsUseEachViewsValues() {
        int n = 32;
        double pix = 4;
        List<ViewGeometry> v = new ArrayList<>();
        v.add(ViewGeometry.ideal(-30).withExposure(0, 3).withDefocus(Defocus.of(20000)));
        v.add(ViewGeometry.ideal(0).withExposure(3, 3).withDefocus(Defocus.of(21000)).withExcluded(true));
        v.add(ViewGeometry.ideal(30).withAlignment(80, 1, 0, 0).withExposure(6, 3).withDefocus(new Defocus(22000, 21000, 100, 0)));
        TiltSeriesGeometry g = new TiltSeriesGeometry(v, pix);
        Tensor views = Tensor.randn(new Rng(5), 2, n, n);
        Tensor w = DoseWeighting.apply(views, g, pix, 300);
        float[] a = views.toArray(), b = w.toArray();
        for (int i = 0; i < n * n; i++) assertEquals(a[i], b[i], 1e-5, "view 1 has no exposure before it");
        float[] third = DoseWeighting.apply(views.slice(0, 1, 2), new double[] {6}, pix, 300).toArray();
        for (int i = 0; i < n * n; i++) assertEquals(third[i], b[n * n + i], 1e-6);
        Microscope m = Microscope.krios();
        Tensor f = TiltCtfCorrection.phaseFlip(views, g, m, pix, TiltCtfCorrection.Options.defaults());
        float[] expect = TiltCtfCorrection.phaseFlipView(views.slice(0, 1, 2), 30, new Defocus(22000, 21000, 20, 0), m, pix,
                TiltCtfCorrection.Options.defaults()).toArray();
        float[] got = f.toArray();
        for (int i = 0; i < n * n; i++) assertEquals(expect[i], got[n * n + i], 1e-6, "astigmatism angle turned into the aligned frame");
        TiltSeriesGeometry noDefocus = g.withView(2, g.view(2).withDefocus(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TiltCtfCorrection.phaseFlip(views, noDefocus, m, pix,
                TiltCtfCorrection.Options.defaults()));
        assertEquals("CTF correction: view 3 (1-based) has no defocus", e.getMessage());
    }
}
