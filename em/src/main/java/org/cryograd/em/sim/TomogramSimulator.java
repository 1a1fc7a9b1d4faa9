package org.cryograd.em.sim;

import org.cryograd.io.XfTransform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.cryograd.em.geometry.Projector;
import org.cryograd.em.recon.Wbp;
import org.cryograd.fft.Ctf;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * Simulates a cryo-ET tilt series of a {@link Specimen} and reconstructs it.
 *
 * <p>The excess potential is projected along the tilted beam with {@link Projector} (tilt axis y, voxel-driven
 * linear interpolation, one detector pixel per voxel) and the ice/carbon background analytically
 * ({@link Specimen#backgroundProjection}), ice-contamination grains too ({@link Specimen#contaminationProjection}, added
 * to the excess); each view is then imaged by {@link ViewImager}. Per view, the defocus is
 * the nominal one plus a Gaussian deviation, and the raw image is rotated by the tilt axis angle plus a Gaussian
 * rotation error and shifted by a Gaussian residual shift: the {@link XfTransform} that maps it back is the one written to
 * the {@code .xf}. The tomograms are {@link Wbp} (ramp filter) reconstructions of the raw stack aligned with those
 * transforms and divided by each view's mean minus one (contrast), without and with phase flipping by each view's
 * defocus at the tilt axis.
 *
 * <p>Random streams: the specimen uses {@code Rng(seed)}; per-view geometry and noise use the same key at counters
 * {@code 2^40} and {@code 2^41}, so changing an imaging option leaves the specimen unchanged.
 */
public final class TomogramSimulator {
    private TomogramSimulator() {}

    /**
     * Runs the simulation.
     *
     * @param specimen  the specimen
     * @param scheme    tilt angles, order and doses
     * @param imaging   imaging options
     * @param seed      random seed (geometry and noise streams; see the class comment)
     * @param progress  receives progress lines
     */
    public static TomogramSimulation run(Specimen specimen, TiltScheme scheme, ImagingOptions imaging, long seed, Consumer<String> progress) {
        SpecimenOptions so = specimen.options();
        int nx = so.nx(), ny = so.ny(), nz = so.nz();
        double v = so.voxelSize();
        List<TiltScheme.View> views = scheme.views();
        int nv = views.size();
        Rng geo = new Rng(seed, 1L << 40), noise = new Rng(seed, 1L << 41);
        List<ViewImager.View> geometry = new ArrayList<>();
        for (TiltScheme.View tv : views) {
            double df = (imaging.defocusUm() + imaging.defocusSpreadUm() * gaussian(geo)) * 1e4;
            double rotErr = imaging.rotationSdDeg() * gaussian(geo);
            double sx = imaging.shiftSdA() * gaussian(geo) / v, sy = imaging.shiftSdA() * gaussian(geo) / v;
            XfTransform xf = imaging.tiltAxisDeg() == 0 && rotErr == 0 && sx == 0 && sy == 0 ? XfTransform.IDENTITY : XfTransform.rotation(-(imaging.tiltAxisDeg() + rotErr), 1, sx, sy);
            double half = imaging.astigmatismUm() * 1e4 / 2;
            geometry.add(new ViewImager.View(tv.angleDeg(), df + half, df - half, imaging.astigmatismAngleDeg() + ViewWarp.angleDeg(xf), tv.midDose(), tv.dose(), xf));
        }
        TiltGeometry tg = new TiltGeometry(scheme.anglesDeg(), TiltAxis.Y);
        Projector projector = new Projector(tg, nx, nz);
        progress.accept(String.format(Locale.ROOT, "imaging: projecting %dx%dx%d voxels into %d views", nx, ny, nz, nv));
        float[] proj;
        try (Grad g = Grad.disabled(); Tensor vol = Tensor.of(specimen.excess(), nz, ny, nx); Tensor p = projector.project(vol)) {
            proj = p.toArray();
        }
        ViewImager imager = new ViewImager(imaging, v, so.iceThicknessA() > 0 ? so.icePotentialV() : MeanInnerPotential.ICE_V);
        int plane = ny * nx;
        float[] raw = new float[nv * plane];
        float[] even = imaging.evenOdd() ? new float[nv * plane] : null, odd = imaging.evenOdd() ? new float[nv * plane] : null;
        for (int k = 0; k < nv; k++) {
            float[] excess = new float[plane];
            for (int i = 0; i < plane; i++) excess[i] = (float) (proj[k * plane + i] * v);
            if (!specimen.contamination().isEmpty())
                for (int y = 0; y < ny; y++)
                    for (int u = 0; u < nx; u++) excess[y * nx + u] += (float) specimen.contaminationProjection(u, y, views.get(k).angleDeg());
            double[] bg = new double[nx];
            for (int u = 0; u < nx; u++) bg[u] = specimen.backgroundProjection(u, views.get(k).angleDeg());
            ViewImager.Image img = imager.image(excess, bg, ny, nx, geometry.get(k), noise);
            System.arraycopy(img.counts(), 0, raw, k * plane, plane);
            if (even != null) {
                System.arraycopy(img.even(), 0, even, k * plane, plane);
                System.arraycopy(img.odd(), 0, odd, k * plane, plane);
            }
            if ((k + 1) % 10 == 0 || k + 1 == nv) progress.accept(String.format(Locale.ROOT, "imaging: %d of %d views", k + 1, nv));
        }
        progress.accept("reconstructing: WBP without and with phase flipping");
        Tensor rawT = Tensor.of(raw, nv, ny, nx);
        Tensor tomo = reconstruct(projector, raw, geometry, ny, nx, v, imaging, false);
        Tensor tomoCtf = reconstruct(projector, raw, geometry, ny, nx, v, imaging, true);
        return new TomogramSimulation(specimen, imaging, views, geometry, rawT, even == null ? null : Tensor.of(even, nv, ny, nx),
                odd == null ? null : Tensor.of(odd, nv, ny, nx), tomo, tomoCtf);
    }

    /**
     * WBP of a raw stack: each view aligned with its {@link XfTransform}, turned into contrast {@code I / mean - 1},
     * optionally phase-flipped with its defocus ({@link #alignedContrast}), then {@link Wbp#reconstruct}.
     */
    public static Tensor reconstruct(Projector projector, float[] raw, List<ViewImager.View> geometry, int ny, int nx, double pixel,
                                     ImagingOptions imaging, boolean phaseFlip) {
        float[] aligned = alignedContrast(raw, geometry, ny, nx, pixel, imaging, phaseFlip);
        try (Grad g = Grad.disabled(); Tensor stack = Tensor.of(aligned, geometry.size(), ny, nx)) {
            return Wbp.reconstruct(projector, stack);
        }
    }

    /**
     * The raw stack as a reconstruction method takes it: each view aligned with its {@link XfTransform}, turned into contrast
     * {@code I / mean - 1}, and optionally phase-flipped with its defocus at the tilt axis; {@code [views, ny, nx]}.
     */
    public static float[] alignedContrast(float[] raw, List<ViewImager.View> geometry, int ny, int nx, double pixel,
                                          ImagingOptions imaging, boolean phaseFlip) {
        int nv = geometry.size(), plane = ny * nx;
        float[] aligned = new float[nv * plane];
        for (int k = 0; k < nv; k++) {
            float[] view = new float[plane];
            System.arraycopy(raw, k * plane, view, 0, plane);
            ViewImager.View g = geometry.get(k);
            float[] a = g.xf().equals(XfTransform.IDENTITY) ? view : ViewWarp.toAligned(g.xf(), view, ny, nx);
            double mean = 0;
            for (float x : a) mean += x;
            mean /= plane;
            for (int i = 0; i < plane; i++) a[i] = (float) (mean > 0 ? a[i] / mean - 1 : 0);
            if (phaseFlip) {
                ElectronOptics o = imaging.optics();
                Ctf ctf = new Ctf(g.defocusUA(), g.defocusVA(), g.astigDeg(), o.voltageKv(), o.csMm(), o.amplitudeContrast(), 0, 0);
                try (Tensor t = Tensor.of(a, ny, nx); Tensor f = ctf.phaseFlip(t, pixel)) {
                    a = f.toArray();
                }
            }
            System.arraycopy(a, 0, aligned, k * plane, plane);
        }
        return aligned;
    }

    /** A standard normal variate (Box-Muller, two uniforms). */
    static double gaussian(Rng rng) {
        double u1 = rng.nextDouble(), u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
