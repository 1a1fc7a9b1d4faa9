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
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class WbpTest {
    /**
     * scikit-image's angle theta projects onto {@code col cos(theta) - row sin(theta)} (rows = our z, columns = our
     * x), ours onto {@code x cos(t) + z sin(t)}: the same detector with {@code t = -theta}, no flip (odd n, so both
     * centres are n // 2).
     */
    static Projector skimageGeometry(int n, float[] thetaDeg) {
        double[] t = new double[thetaDeg.length];
        for (int i = 0; i < t.length; i++) t[i] = -thetaDeg[i];
        return new Projector(new TiltGeometry(t, TiltAxis.Y), n, n);
    }

    @Test
    void filteredBackprojectionOfSkimagesSinogramEqualsIradonForEveryFilter() {
        float[] theta = BaselineFixture.get("angles").data();
        BaselineFixture.Array sino = BaselineFixture.get("sinogram");
        int views = sino.shape()[0], n = sino.shape()[1];
        Projector p = skimageGeometry(n, theta);
        boolean[] circle = BaselineFixture.circle(n);
        Tensor tilts = Tensor.of(sino.data(), views, 1, n);
        for (String f : WbpOptions.FILTERS) {
            float[] expected = BaselineFixture.get("iradon_" + f).data();
            Tensor rec = Wbp.reconstruct(p, tilts, WbpOptions.defaults().withFilter(f));
            assertArrayEquals(new int[] {n, 1, n}, rec.dims());
            float[] got = rec.toArray();
            double worst = 0, scale = 0;
            for (int i = 0; i < got.length; i++)
                if (circle[i]) {
                    worst = Math.max(worst, Math.abs(got[i] - expected[i]));
                    scale = Math.max(scale, Math.abs(expected[i]));
                }
            assertTrue(worst <= 1e-5 * scale, f + ": max |ours - iradon| = " + worst + " (max |iradon| " + scale + ")");
        }
    }

    @Test
    void reconstructionOfOurProjectionMatchesIradonAndThePhantom() {
        float[] theta = BaselineFixture.get("angles").data();
        float[] phantom = BaselineFixture.get("phantom").data();
        int n = BaselineFixture.get("phantom").shape()[0];
        Projector p = skimageGeometry(n, theta);
        Tensor tilts = TiltSimulation.project(p, Tensor.of(phantom, n, 1, n));
        // our projector against skimage's radon on the same angles
        float[] sino = BaselineFixture.get("sinogram").data();
        double rSino = BaselineFixture.pearson(tilts.toArray(), sino, null);
        assertTrue(rSino > 0.999, "projection vs radon: r = " + rSino);

        float[] rec = Wbp.reconstruct(p, tilts).toArray();
        boolean[] circle = BaselineFixture.circle(n);
        double rIradon = BaselineFixture.pearson(rec, BaselineFixture.get("iradon_ramp").data(), circle);
        double rPhantom = BaselineFixture.pearson(rec, phantom, circle);
        assertTrue(rIradon > 0.99, "WBP vs iradon(radon(phantom)): r = " + rIradon);
        assertTrue(rPhantom > 0.99, "WBP vs phantom: r = " + rPhantom);
        // amplitude: the mean inside the circle is the phantom's (the DC term survives the Ram-Lak filter); the
        // least-squares slope on the phantom is below 1 only by the blur of two linear interpolations, as iradon's
        float[] iradon = BaselineFixture.get("iradon_ramp").data();
        assertEquals(1.0, mean(rec, circle) / mean(phantom, circle), 0.01, "mean inside the circle, relative to the phantom");
        assertEquals(slope(phantom, iradon, circle), slope(phantom, rec, circle), 0.01, "slope on the phantom, ours vs iradon's");
    }

    private static double mean(float[] a, boolean[] mask) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < a.length; i++)
            if (mask[i]) {
                s += a[i];
                n++;
            }
        return s / n;
    }

    private static double slope(float[] x, float[] y, boolean[] mask) {
        double mx = mean(x, mask), my = mean(y, mask), sxy = 0, sxx = 0;
        for (int i = 0; i < x.length; i++)
            if (mask[i]) {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
            }
        return sxy / sxx;
    }

    @Test
    void spacingWeightsCorrectANonUniformAngleSet() {
        float[] phantom = BaselineFixture.get("phantom").data();
        int n = BaselineFixture.get("phantom").shape()[0];
        // 0..89 every 0.5 degrees, 90..178 every 2 degrees: unweighted WBP over-counts the dense half
        double[] angles = new double[180 + 45];
        for (int i = 0; i < 180; i++) angles[i] = 0.5 * i;
        for (int i = 0; i < 45; i++) angles[180 + i] = 90 + 2 * i;
        Projector p = new Projector(new TiltGeometry(angles, TiltAxis.Y), n, n);
        Tensor vol = Tensor.of(phantom, n, 1, n);
        Tensor tilts = TiltSimulation.project(p, vol);
        boolean[] circle = BaselineFixture.circle(n);
        double weighted = BaselineFixture.pearson(Wbp.reconstruct(p, tilts, new WbpOptions("ramp", true)).toArray(), phantom, circle);
        double plain = BaselineFixture.pearson(Wbp.reconstruct(p, tilts, new WbpOptions("ramp", false)).toArray(), phantom, circle);
        assertTrue(weighted > 0.99, "weighted r = " + weighted);
        assertTrue(weighted > plain + 0.005, "weighted r = " + weighted + " should beat unweighted r = " + plain);
    }

    @Test
    void viewWeightsAreTheAngularSpacingsInRadians() {
        double d = Math.PI / 180;
        assertArrayEquals(new double[] {1 * d, 1.5 * d, 3 * d, 4 * d}, Wbp.viewWeights(new double[] {0, 1, 3, 7}, true), 1e-12);
        // unsorted input keeps its order
        assertArrayEquals(new double[] {3 * d, 1 * d, 4 * d, 1.5 * d}, Wbp.viewWeights(new double[] {3, 0, 7, 1}, true), 1e-12);
        // mean spacing: range / (N - 1), so N views cover N * spacing
        double[] u = Wbp.viewWeights(TiltGeometry.standard().anglesDeg(), false);
        for (double w : u) assertEquals(2 * d, w, 1e-12);
        assertArrayEquals(u, Wbp.viewWeights(TiltGeometry.standard().anglesDeg(), true), 1e-12);
        assertArrayEquals(new double[] {Math.PI}, Wbp.viewWeights(new double[] {30}, false), 0);
    }

    @Test
    void paddingAndRampFollowIradon() {
        assertEquals(64, Wbp.paddedSize(1));
        assertEquals(64, Wbp.paddedSize(32));
        assertEquals(128, Wbp.paddedSize(33));
        assertEquals(256, Wbp.paddedSize(65));
        // the Ram-Lak transfer approaches |f| (cycles/sample) away from DC and is positive at DC
        double[] h = Wbp.transfer(256, "ramp");
        assertEquals(129, h.length);
        assertTrue(h[0] > 0 && h[0] < 0.01, "DC " + h[0]);
        for (int k = 8; k <= 128; k++) assertEquals(k / 256.0, h[k], 0.01 * k / 256.0 + 1e-3, "k = " + k);
        // windows only attenuate
        for (String f : new String[] {"shepp-logan", "cosine", "hann"}) {
            double[] w = Wbp.transfer(256, f);
            for (int k = 1; k <= 128; k++) assertTrue(w[k] <= h[k] + 1e-12 && w[k] >= -1e-12, f + " k = " + k);
        }
    }

    @Test
    void badInputIsReportedClearly() {
        Projector p = new Projector(TiltGeometry.range(-60, 60, 30, TiltAxis.Y), 16, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Wbp.reconstruct(p, Tensor.zeros(4, 2, 16)));
        assertTrue(e.getMessage().contains("[4, 2, 16]") && e.getMessage().contains("views=5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WbpOptions("hamming", false));
        assertTrue(e.getMessage().contains("hamming") && e.getMessage().contains("shepp-logan"), e.getMessage());
        assertEquals("ramp", new WbpOptions("Ram-Lak", false).filter());
        assertEquals(new WbpOptions("ramp", false), WbpOptions.defaults());
    }
}
