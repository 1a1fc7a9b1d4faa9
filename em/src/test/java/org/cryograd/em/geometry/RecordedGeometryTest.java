package org.cryograd.em.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.em.phantom.Phantoms;
import org.cryograd.em.recon.Sirt;
import org.cryograd.em.recon.SirtOptions;
import org.cryograd.em.recon.Wbp;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.io.XfTransform;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The per-view geometry in the projector, WBP and SIRT: the ideal geometry changes nothing (bit for bit); a phantom
 * recorded with a rotated tilt axis, per-view rotation, magnification and shifts reconstructs with the matching
 * geometry like the axis-aligned case, and clearly worse with the wrong one; excluded views are left out.
 */
class RecordedGeometryTest {
    private static final int NX = 48, NY = 48, NZ = 16;
    private static final double[] TILTS = TiltGeometry.range(-60, 60, 3, TiltAxis.Y).anglesDeg();

    private static Tensor phantom() {
        // spheres well inside the volume, so that no projection reaches the image border
        Tensor v = Phantoms.spheres(new Rng(7), NX, NY, NZ);
        float[] a = v.toArray();
        for (int z = 0; z < NZ; z++)
            for (int y = 0; y < NY; y++)
                for (int x = 0; x < NX; x++) {
                    double r = Math.hypot(x - (NX - 1) / 2.0, y - (NY - 1) / 2.0);
                    if (r > 14) a[(z * NY + y) * NX + x] = 0;
                }
        return Tensor.of(a, NZ, NY, NX);
    }

    /** A recorded geometry like a real one: tilt axis near 85 degrees, a few degrees of drift, shifts, magnification. */
    private static TiltSeriesGeometry recorded() {
        List<ViewGeometry> v = new ArrayList<>();
        for (int i = 0; i < TILTS.length; i++) {
            double rot = 84.7 + 0.6 * Math.sin(i * 0.7);
            double sx = 3.2 * Math.cos(i * 1.3), sy = -2.1 * Math.sin(i * 0.9);
            double mag = 1 + 0.004 * Math.cos(i);
            v.add(ViewGeometry.ideal(TILTS[i]).withAlignment(rot, mag, sx, sy));
        }
        return new TiltSeriesGeometry(v, 10.0);
    }

    private static double correlation(Tensor a, Tensor b, int margin) {
        float[] x = a.toArray(), y = b.toArray();
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        int n = 0;
        for (int z = 0; z < NZ; z++)
            for (int j = margin; j < NY - margin; j++)
                for (int i = margin; i < NX - margin; i++) {
                    int k = (z * NY + j) * NX + i;
                    sx += x[k];
                    sy += y[k];
                    sxx += x[k] * (double) x[k];
                    syy += y[k] * (double) y[k];
                    sxy += x[k] * (double) y[k];
                    n++;
                }
        double cov = sxy / n - sx / n * sy / n, vx = sxx / n - sx / n * sx / n, vy = syy / n - sy / n * sy / n;
        return cov / Math.sqrt(vx * vy);
    }

    @Test
    void idealGeometryIsBitIdentical() {
        Tensor vol = phantom();
        Projector a = new Projector(new TiltGeometry(TILTS, TiltAxis.Y), NX, NZ);
        Projector b = new Projector(TiltSeriesGeometry.ideal(TILTS).withPixelSize(4.0), NX, NZ);
        Tensor pa = TiltSimulation.project(a, vol), pb = TiltSimulation.project(b, vol);
        assertArrayEquals(pa.toArray(), pb.toArray());
        assertSame(pa, b.toModelFrame(pa), "the ideal geometry hands the stack through");
        assertArrayEquals(pa.toArray(), b.projectToDetector(vol).toArray());
        assertArrayEquals(Wbp.reconstruct(a, pa).toArray(), Wbp.reconstruct(b, pa).toArray());
        SirtOptions o = SirtOptions.defaults().withIterations(3);
        assertArrayEquals(Sirt.reconstruct(a, pa, o).toArray(), Sirt.reconstruct(b, pa, o).toArray());
    }

    @Test
    void xfRoundTripRecoversRotationMagnificationAndShift() {
        ViewGeometry v = ViewGeometry.ideal(30).withAlignment(-84.3, 1.02, 12.5, -3.25);
        XfTransform x = v.toXf();
        assertEquals(1 / 1.02, Math.sqrt(x.determinant()), 1e-12);
        double[] back = ViewGeometry.fromXf(x);
        assertArrayEquals(new double[] {-84.3, 1.02, 12.5, -3.25}, back, 1e-10);
        assertEquals(0, ViewGeometry.xfResidual(x), 1e-15);
        // the xf maps the raw position of an ideal point back onto it: q - c = A (r - c) + d
        double qx = 5, qy = -7; // relative to the centre
        double t = Math.toRadians(-84.3), m = 1.02;
        double rx = m * (Math.cos(t) * qx - Math.sin(t) * qy) + 12.5, ry = m * (Math.sin(t) * qx + Math.cos(t) * qy) - 3.25;
        assertEquals(qx, x.a11() * rx + x.a12() * ry + x.dx(), 1e-12);
        assertEquals(qy, x.a21() * rx + x.a22() * ry + x.dy(), 1e-12);
        // a stretched matrix is reported
        assertTrue(ViewGeometry.xfResidual(new XfTransform(1.01, 0, 0, 0.99, 0, 0)) > 5e-3);
    }

    @Test
    void alignUndoesUnalignInTheInterior() {
        // a smooth image: cubic interpolation twice stays close
        int n = 40;
        float[] img = new float[n * n];
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) img[y * n + x] = (float) (Math.sin(x * 0.31) * Math.cos(y * 0.23) + 0.01 * x);
        TiltSeriesGeometry g = new TiltSeriesGeometry(List.of(ViewGeometry.ideal(0).withAlignment(37, 1.03, 2.5, -1.75)), 2.0);
        Tensor ideal = Tensor.of(img, 1, n, n);
        Tensor back = StackAlignment.align(StackAlignment.unalign(ideal, g), g);
        float[] b = back.toArray();
        double worst = 0;
        for (int y = 10; y < 30; y++)
            for (int x = 10; x < 30; x++) worst = Math.max(worst, Math.abs(b[y * n + x] - img[y * n + x]));
        assertTrue(worst < 0.02, "interior error " + worst);
        // an identity view is copied exactly
        TiltSeriesGeometry id = new TiltSeriesGeometry(List.of(ViewGeometry.ideal(0), ViewGeometry.ideal(3).withAlignment(0, 1, 1, 0)), 2.0);
        Tensor two = Tensor.of(new float[2 * n * n], 2, n, n).add(1f);
        float[] a = StackAlignment.align(two, id).toArray();
        assertEquals(1f, a[0]);
    }

    @Test
    void rotatedAxisAndShiftsReconstructLikeTheAlignedCase() {
        Tensor vol = phantom();
        TiltSeriesGeometry g = recorded();
        Projector ideal = new Projector(TiltSeriesGeometry.ideal(TILTS), NX, NZ);
        Projector matching = new Projector(g, NX, NZ);
        Projector wrong = new Projector(g.withoutAlignment(), NX, NZ);
        Tensor aligned = TiltSimulation.project(ideal, vol);
        Tensor raw = matching.projectToDetector(vol);
        // the raw views really are rotated: they differ a lot from the aligned ones
        assertTrue(correlation2d(raw, aligned) < 0.5, "raw vs aligned views " + correlation2d(raw, aligned));

        Tensor ref = Wbp.reconstruct(ideal, aligned);
        double good = correlation(ref, Wbp.reconstruct(matching, raw), 8);
        double bad = correlation(ref, Wbp.reconstruct(wrong, raw), 8);
        assertTrue(good > 0.99, "WBP, matching geometry: r = " + good);
        assertTrue(bad < 0.5, "WBP, wrong geometry: r = " + bad);

        SirtOptions o = SirtOptions.defaults().withIterations(10);
        Tensor sref = Sirt.reconstruct(ideal, aligned, o);
        double sgood = correlation(sref, Sirt.reconstruct(matching, raw, o), 8);
        double sbad = correlation(sref, Sirt.reconstruct(wrong, raw, o), 8);
        assertTrue(sgood > 0.99, "SIRT, matching geometry: r = " + sgood);
        assertTrue(sbad < 0.5, "SIRT, wrong geometry: r = " + sbad);
        // and the phantom itself
        assertTrue(correlation(vol, Sirt.reconstruct(matching, raw, o), 8) > 0.8);
    }

    @Test
    void excludedViewsAreLeftOut() {
        Tensor vol = phantom();
        TiltSeriesGeometry g = recorded().withExcluded(0, 5, 40);
        Projector p = new Projector(g, NX, NZ);
        assertEquals(TILTS.length - 3, p.views());
        assertEquals(TILTS.length, p.recordedViews());
        Tensor raw = p.projectToDetector(vol);
        assertEquals(TILTS.length, raw.dim(0), "the detector stack has every view");
        // corrupt the excluded views: the reconstruction does not change
        float[] r = raw.toArray();
        for (int v : new int[] {0, 5, 40})
            for (int i = 0; i < NY * NX; i++) r[v * NY * NX + i] = 1e6f;
        Tensor corrupt = Tensor.of(r, TILTS.length, NY, NX);
        assertArrayEquals(Wbp.reconstruct(p, raw).toArray(), Wbp.reconstruct(p, corrupt).toArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Wbp.reconstruct(p, raw.slice(0, 0, 38)));
        assertTrue(e.getMessage().contains("must be [views=41, ny, nx=48] (41 recorded views, 38 used)"), e.getMessage());
    }

    private static double correlation2d(Tensor a, Tensor b) {
        float[] x = a.toArray(), y = b.toArray();
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < x.length; i++) {
            sx += x[i];
            sy += y[i];
            sxx += x[i] * (double) x[i];
            syy += y[i] * (double) y[i];
            sxy += x[i] * (double) y[i];
        }
        int n = x.length;
        return (sxy / n - sx / n * sy / n) / Math.sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
    }
}
