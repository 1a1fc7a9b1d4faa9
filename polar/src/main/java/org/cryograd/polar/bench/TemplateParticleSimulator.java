package org.cryograd.polar.bench;

import java.util.List;
import org.cryograd.em.sim.DensityMap;
import org.cryograd.em.sim.ElectronOptics;
import org.cryograd.em.sim.ImagingOptions;
import org.cryograd.em.sim.MeanInnerPotential;
import org.cryograd.em.sim.ParticleSimulator;
import org.cryograd.em.sim.ViewImager;
import org.cryograd.fft.Ctf;
import org.cryograd.io.XfTransform;
import org.cryograd.polar.sim.Rotations;
import org.cryograd.polar.sim.Setting;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * Sets of particle images of real molecules for the polar transformer, built on em's physics simulator: each
 * template (a potential map, {@link org.cryograd.em.sim.Templates}) is rotated by {@code R = Rz(ψ) V} (a uniform
 * view {@code V}, shared by a directional set or by one of the groups of a mixed set, as in polar's own simulator,
 * and a uniform in-plane angle {@code ψ}), shifted uniformly by up to {@code maxShiftPx} along x and y, projected
 * along z by {@link ParticleSimulator#project} (V·Å, no ice) and imaged by em's {@link ViewImager} as a phase object
 * with the CTF only (300 kV, Cs 2.7 mm, amplitude contrast 0.1, a defocus drawn per image, astigmatism at a random
 * angle; no envelopes, attenuation, damage or MTF, so the CTF the Wiener filter and the reconstruction are given is
 * the one that made the images). The clean image is the contrast {@code I / mean(I) - 1} (em's convention) and the
 * noise is white Gaussian at a per-image SNR: {@code var(noise_i) = var(clean_i) / SNR}.
 */
public final class TemplateParticleSimulator {
    private final List<DensityMap> molecules;
    private final Imaging imaging;
    private final ViewImager imager;
    private final double proteinV = MeanInnerPotential.protein();

    /**
     * Image geometry and optics.
     *
     * @param imageSize     image side {@code N}, pixels
     * @param pixelSize     Å per pixel (the templates must be at this voxel size)
     * @param maxShiftPx    largest shift along x and y, pixels
     * @param defocusMinUm  smallest defocus, µm (underfocus)
     * @param defocusMaxUm  largest defocus, µm
     * @param astigmatismUm {@code defocusU - defocusV}, µm
     * @param groupsPerSet  (molecule, view) groups per mixed set
     */
    public record Imaging(int imageSize, double pixelSize, double maxShiftPx, double defocusMinUm, double defocusMaxUm, double astigmatismUm,
            int groupsPerSet) {
        /** Validates. */
        public Imaging {
            if (imageSize < 8 || !(pixelSize > 0) || !(maxShiftPx >= 0) || groupsPerSet < 1 || !(defocusMinUm > 0) || defocusMaxUm < defocusMinUm)
                throw new IllegalArgumentException("TemplateParticleSimulator.Imaging: invalid " + this);
        }

        /** The paper's: shifts up to {@code N/32} px, defocus 1-3 µm, 0.05 µm astigmatism, 2 groups per mixed set. */
        public static Imaging paper(int imageSize, double pixelSize) {
            return new Imaging(imageSize, pixelSize, imageSize / 32.0, 1, 3, 0.05, 2);
        }
    }

    /**
     * Simulated sets; per-image arrays are indexed by {@code set * setSize + image}.
     *
     * @param names       the molecules' names (index = {@code molecules[i]})
     * @param clean       noise-free contrast images {@code [sets, setSize, N, N]} (the denoising target)
     * @param noisy       {@code clean} plus noise
     * @param projections the projections without CTF times the weak-phase factor {@code 2σ/sqrt(1-w²)}, on the scale of
     *                    {@code clean} (for the Wiener filter's signal spectrum)
     * @param rotations   each image's rotation (row-major 3 x 3, {@code particle(r) = template(R^T r)})
     * @param shifts      each image's {@code (dx, dy)} in pixels (centre at {@code N/2 + d})
     * @param ctfs        each image's CTF
     * @param molecules   each image's molecule index
     * @param noiseStd    each image's noise standard deviation
     */
    public record Sets(List<String> names, Tensor clean, Tensor noisy, Tensor projections, double[][] rotations, double[][] shifts, Ctf[] ctfs,
            int[] molecules, double[] noiseStd) {
        /** Number of images. */
        public int count() {
            return ctfs.length;
        }

        /** Images {@code [count, N, N]} of a 4-D set tensor. */
        public static Tensor flat(Tensor sets) {
            int[] d = sets.dims();
            return sets.reshape(d[0] * d[1], d[2], d[3]);
        }
    }

    /**
     * @param molecules potential maps at {@code imaging.pixelSize()} (e.g. {@code Templates.load(dir, names, pixel, 7.9)})
     * @param imaging   geometry and optics
     */
    public TemplateParticleSimulator(List<DensityMap> molecules, Imaging imaging) {
        if (molecules.isEmpty()) throw new IllegalArgumentException("TemplateParticleSimulator: no molecules");
        for (DensityMap m : molecules)
            if (Math.abs(m.voxelSize() - imaging.pixelSize()) > 1e-6 * imaging.pixelSize())
                throw new IllegalArgumentException("TemplateParticleSimulator: template " + m.name() + " has voxel size " + m.voxelSize() + " Å, the images "
                        + imaging.pixelSize() + " Å");
        this.molecules = List.copyOf(molecules);
        this.imaging = imaging;
        ImagingOptions io = ImagingOptions.defaults().withOptics(optics()).withEffects(true, false, false, false, false, false, false)
                .withAlignment(0, 0, 0);
        this.imager = new ViewImager(io, imaging.pixelSize(), MeanInnerPotential.ICE_V);
    }

    /** 300 kV, Cs 2.7 mm, amplitude contrast 0.1 (the paper's). */
    public static ElectronOptics optics() {
        return ElectronOptics.krios().withAmplitudeContrast(0.1);
    }

    /** The molecules' names. */
    public List<String> names() {
        return molecules.stream().map(DensityMap::name).toList();
    }

    /** The geometry and optics. */
    public Imaging imaging() {
        return imaging;
    }

    /**
     * Simulates {@code sets} sets of {@code setSize} images; a directional set is one molecule in one view (random
     * in-plane rotations), a mixed set draws each image from one of {@code groupsPerSet} (molecule, view) groups.
     */
    public Sets simulate(Setting setting, int sets, int setSize, double snr, long seed) {
        if (sets < 1 || setSize < 1 || !(snr > 0) || Double.isInfinite(snr))
            throw new IllegalArgumentException("TemplateParticleSimulator.simulate: need sets, setSize >= 1 and a finite SNR > 0");
        Rng rng = new Rng(seed), noiseRng = new Rng(seed, 1L << 41);
        int n = imaging.imageSize(), px = n * n, total = sets * setSize;
        float[] clean = new float[total * px], noisy = new float[total * px], proj = new float[total * px];
        double[][] rot = new double[total][], shift = new double[total][];
        Ctf[] ctfs = new Ctf[total];
        int[] mol = new int[total];
        double[] sd = new double[total];
        double[] background = new double[n];
        ElectronOptics op = optics();
        double w = op.amplitudeContrast(), weak = 2 * op.interactionConstant() / Math.sqrt(1 - w * w);
        for (int s = 0; s < sets; s++) {
            int groups = setting == Setting.DIRECTIONAL ? 1 : imaging.groupsPerSet();
            int[] gMol = new int[groups];
            double[][] gView = new double[groups][];
            for (int g = 0; g < groups; g++) {
                gMol[g] = rng.nextInt(molecules.size());
                gView[g] = Rotations.uniform(rng);
            }
            for (int k = 0; k < setSize; k++) {
                int i = s * setSize + k, g = groups == 1 ? 0 : rng.nextInt(groups);
                mol[i] = gMol[g];
                rot[i] = Rotations.multiply(Rotations.aboutZ(2 * Math.PI * rng.nextDouble()), gView[g]);
                double m = imaging.maxShiftPx();
                shift[i] = new double[] {m * (2 * rng.nextDouble() - 1), m * (2 * rng.nextDouble() - 1)};
                double df = (imaging.defocusMinUm() + rng.nextDouble() * (imaging.defocusMaxUm() - imaging.defocusMinUm())) * 1e4;
                double astigDeg = 180 * rng.nextDouble(), half = imaging.astigmatismUm() * 5e3;
                ctfs[i] = Ctf.of(df, op.voltageKv(), op.csMm(), w).withAstigmatism(df + half, df - half, astigDeg);
                float[] p = ParticleSimulator.project(molecules.get(mol[i]), rot[i], shift[i][0], shift[i][1], n, 0, proteinV);
                float[] img = imager.alignedIntensity(p, background, n, n, new ViewImager.View(0, df + half, df - half, astigDeg, 0, 0, XfTransform.IDENTITY));
                double mean = 0;
                for (float v : img) mean += v;
                mean /= px;
                double m1 = 0, m2 = 0;
                for (int j = 0; j < px; j++) {
                    double c = img[j] / mean - 1;
                    clean[i * px + j] = (float) c;
                    proj[i * px + j] = (float) (weak * p[j]);
                    m1 += c;
                    m2 += c * c;
                }
                m1 /= px;
                sd[i] = Math.sqrt(Math.max(m2 / px - m1 * m1, 0) / snr);
            }
        }
        float[] z = Tensor.randn(noiseRng, total * px).toArray();
        for (int i = 0; i < total; i++)
            for (int j = 0; j < px; j++) noisy[i * px + j] = (float) (clean[i * px + j] + sd[i] * z[i * px + j]);
        int[] shape = {sets, setSize, n, n};
        return new Sets(names(), Tensor.of(clean, shape), Tensor.of(noisy, shape), Tensor.of(proj, shape), rot, shift, ctfs, mol, sd);
    }

    /**
     * The ground-truth volume of molecule {@code index} on an {@code N³} grid of the images' pixel size, centred at
     * voxel {@code N/2} as the projections are ({@code [z, y, x]}).
     */
    public Tensor volume(int index) {
        DensityMap t = molecules.get(index);
        int n = imaging.imageSize(), c = n / 2, tx = t.nx() / 2, ty = t.ny() / 2, tz = t.nz() / 2;
        float[] v = new float[n * n * n];
        for (int z = 0; z < n; z++)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++) v[(z * n + y) * n + x] = (float) t.sample(tx + x - c, ty + y - c, tz + z - c);
        return Tensor.of(v, n, n, n);
    }
}
