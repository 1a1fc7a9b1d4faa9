package org.cryograd.em.sim;

import org.cryograd.io.XfTransform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.cryograd.em.phantom.Phantoms;
import org.cryograd.tensor.Rng;

/**
 * Single-particle images: each template (classes in turn) rotated uniformly at random ({@link Phantoms#randomRotation}),
 * offset by a Gaussian shift, projected along z (its excess over the ice it displaces, V·Å, as in
 * {@link SpecimenBuilder}) and imaged by {@link ViewImager} at zero tilt in a uniform ice layer with a random
 * defocus and astigmatism angle. Noise: Gaussian at a per-image SNR on the contrast {@code I / mean(I) - 1}, or
 * Poisson counts at a dose (then the MTF, when on). Images are {@code [count][box][box]}; the particle's centre is
 * pixel {@code box/2} minus RELION's origin ({@code rlnOriginX/YAngst = -shift}).
 */
public final class ParticleSimulator {
    private ParticleSimulator() {}

    /**
     * One image's truth.
     *
     * @param classNumber  1-based class
     * @param name         template name
     * @param euler        RELION angles of the rotation
     * @param shiftXA      particle offset from the box centre along x, Å
     * @param shiftYA      along y, Å
     * @param defocusUA    defocus U, Å
     * @param defocusVA    defocus V, Å
     * @param astigDeg     astigmatism angle, degrees
     */
    public record Particle(int classNumber, String name, EulerAngles euler, double shiftXA, double shiftYA, double defocusUA, double defocusVA, double astigDeg) {}

    /**
     * The simulated set.
     *
     * @param options     settings
     * @param classNames  classes in label order
     * @param particles   per image truth
     * @param noisy       the images (contrast + Gaussian noise, or counts)
     * @param clean       the noiseless images on the same scale
     * @param projections the projected excess potential, V·Å (no CTF)
     */
    public record ParticleSet(ParticleOptions options, List<String> classNames, List<Particle> particles, float[] noisy, float[] clean, float[] projections) {}

    /**
     * Simulates the set.
     *
     * @param o          settings
     * @param templates  potential maps at {@code o.pixelSize()}
     * @param icePotentialV ice potential, V
     * @param proteinPotentialV protein potential, V (occupancy of displaced ice)
     * @param seed       random seed
     * @param progress   progress lines
     */
    public static ParticleSet run(ParticleOptions o, List<DensityMap> templates, double icePotentialV, double proteinPotentialV, long seed,
                                  Consumer<String> progress) {
        if (templates.isEmpty()) throw new IllegalArgumentException("ParticleSimulator: no templates");
        for (DensityMap t : templates)
            if (Math.abs(t.voxelSize() - o.pixelSize()) > 1e-6 * o.pixelSize())
                throw new IllegalArgumentException("ParticleSimulator: template " + t.name() + " has voxel size " + t.voxelSize() + " Å, the images " + o.pixelSize() + " Å");
        int b = o.box(), plane = b * b, n = o.count();
        Rng rng = new Rng(seed), noise = new Rng(seed, 1L << 41);
        float[] noisy = new float[n * plane], clean = new float[n * plane], proj = new float[n * plane];
        List<Particle> out = new ArrayList<>();
        double ice = o.iceThicknessA() > 0 ? icePotentialV : 0;
        ViewImager imager = new ViewImager(o.imaging(), o.pixelSize(), icePotentialV > 0 ? icePotentialV : MeanInnerPotential.ICE_V);
        double[] bg = new double[b];
        java.util.Arrays.fill(bg, ice * o.iceThicknessA());
        for (int i = 0; i < n; i++) {
            int cls = i % templates.size();
            DensityMap t = templates.get(cls);
            double[] a = Phantoms.randomRotation(rng);
            double sx = o.shiftSdA() * TomogramSimulator.gaussian(rng), sy = o.shiftSdA() * TomogramSimulator.gaussian(rng);
            double df = (o.defocusMinUm() + rng.nextDouble() * (o.defocusMaxUm() - o.defocusMinUm())) * 1e4;
            double astig = 180 * rng.nextDouble();
            float[] p = project(t, a, sx / o.pixelSize(), sy / o.pixelSize(), b, ice, proteinPotentialV);
            ViewImager.View view = new ViewImager.View(0, df + o.astigmatismUm() * 5e3, df - o.astigmatismUm() * 5e3, astig, 0, Double.isNaN(o.dose()) ? 0 : o.dose(), XfTransform.IDENTITY);
            float[] img = imager.alignedIntensity(p, bg, b, b, view);
            if (Double.isNaN(o.dose())) {
                double mean = 0;
                for (float v : img) mean += v;
                mean /= plane;
                double var = 0;
                for (int k = 0; k < plane; k++) {
                    img[k] = (float) (img[k] / mean - 1);
                    var += img[k] * (double) img[k];
                }
                var /= plane;
                double sd = Math.sqrt(var / o.snr());
                for (int k = 0; k < plane; k++) {
                    clean[i * plane + k] = img[k];
                    noisy[i * plane + k] = (float) (img[k] + sd * TomogramSimulator.gaussian(noise));
                }
            } else {
                ViewImager.Image im = imager.image(p, bg, b, b, view, noise);
                float[] expected = im.intensity();
                double per = o.dose() * o.pixelSize() * o.pixelSize();
                for (int k = 0; k < plane; k++) expected[k] *= (float) per;
                if (o.imaging().mtf()) {
                    double c = o.imaging().mtfCutoff();
                    expected = Fourier2.filter(expected, b, b, (fx, fy) -> DetectorMtf.value(fx, fy, c));
                }
                System.arraycopy(expected, 0, clean, i * plane, plane);
                System.arraycopy(im.counts(), 0, noisy, i * plane, plane);
            }
            System.arraycopy(p, 0, proj, i * plane, plane);
            out.add(new Particle(cls + 1, t.name(), EulerAngles.of(a), sx, sy, view.defocusUA(), view.defocusVA(), astig));
            if ((i + 1) % 200 == 0 || i + 1 == n) progress.accept(String.format(Locale.ROOT, "particles: %d of %d images", i + 1, n));
        }
        return new ParticleSet(o, templates.stream().map(DensityMap::name).toList(), out, noisy, clean, proj);
    }

    /**
     * The projection along z (V·Å) of a template rotated by {@code a} ({@code particle(r) = template(A^T r)}) and
     * centred at pixel {@code (box/2 + sx, box/2 + sy)}, minus the ice it displaces. Public for tests of the
     * orientation convention.
     */
    public static float[] project(DensityMap t, double[] a, double sx, double sy, int box, double icePotentialV, double proteinPotentialV) {
        float[] out = new float[box * box];
        double r = t.radius(0.001) / t.voxelSize() + 1;
        int tx = t.nx() / 2, ty = t.ny() / 2, tz = t.nz() / 2, c = box / 2, zr = (int) Math.ceil(r);
        for (int y = 0; y < box; y++)
            for (int x = 0; x < box; x++) {
                double dx = x - c - sx, dy = y - c - sy;
                if (dx * dx + dy * dy > r * r) continue;
                double s = 0;
                for (int z = -zr; z <= zr; z++) {
                    double lx = a[0] * dx + a[3] * dy + a[6] * z, ly = a[1] * dx + a[4] * dy + a[7] * z, lz = a[2] * dx + a[5] * dy + a[8] * z;
                    double v = t.sample(tx + lx, ty + ly, tz + lz);
                    if (v == 0) continue;
                    s += v - Math.min(1, Math.max(0, v / proteinPotentialV)) * icePotentialV;
                }
                out[y * box + x] = (float) (s * t.voxelSize());
            }
        return out;
    }
}
