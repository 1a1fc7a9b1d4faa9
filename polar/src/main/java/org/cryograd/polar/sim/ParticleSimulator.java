package org.cryograd.polar.sim;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.fft.Ctf;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * Simulates sets of cryo-EM particle images: Gaussian-blob pseudo-molecules ({@link PseudoMolecule}, one per
 * class), random 3-D rotations, analytic projection to {@code N x N}, random shifts, the CTF ({@link Ctf}), and
 * white Gaussian noise with {@code var(noise) = mean_i var(clean_i) / SNR}. Everything is drawn from one seeded
 * stream in a fixed order; molecules come from their own per-class streams, so class {@code c} is the same
 * molecule for any number of sets, any setting and any SNR with the same seed.
 */
public final class ParticleSimulator {
    private ParticleSimulator() {}

    /** The molecule of class {@code c} for {@code options} (depends only on the seed, class and sizes). */
    public static PseudoMolecule molecule(SimulationOptions o, int c) {
        Rng rng = new Rng(o.seed() * 0x9E3779B97F4A7C15L + 1000 + c);
        return PseudoMolecule.random(rng, o.blobsPerClass(), o.moleculeRadius(), o.blobSigma());
    }

    /** Simulates {@code options.sets()} sets with the noise level set by these images' mean variance and the SNR. */
    public static ParticleSets simulate(SimulationOptions o) {
        return simulate(o, Double.NaN);
    }

    /**
     * Simulates {@code options.sets()} sets.
     *
     * @param noiseStd the noise standard deviation to use, or NaN to derive it from these images and the SNR
     *                 (training draws small batches with the level calibrated once on a large sample)
     */
    public static ParticleSets simulate(SimulationOptions o, double noiseStd) {
        List<PseudoMolecule> mols = new ArrayList<>();
        for (int c = 0; c < o.classes(); c++) mols.add(molecule(o, c));
        Rng rng = new Rng(o.seed());
        int n = o.imageSize(), total = o.sets() * o.setSize(), px = n * n;
        float[] proj = new float[total * px], clean = new float[total * px];
        double[][] rot = new double[total][], shift = new double[total][];
        double[] defocus = new double[total];
        int[] cls = new int[total];
        for (int s = 0; s < o.sets(); s++) {
            int groups = o.setting() == Setting.DIRECTIONAL ? 1 : o.groupsPerSet();
            int[] gClass = new int[groups];
            double[][] gView = new double[groups][];
            for (int g = 0; g < groups; g++) {
                gClass[g] = rng.nextInt(o.classes());
                gView[g] = Rotations.uniform(rng);
            }
            double setDefocus = o.defocusMinUm() + (o.defocusMaxUm() - o.defocusMinUm()) * rng.nextDouble();
            for (int k = 0; k < o.setSize(); k++) {
                int i = s * o.setSize() + k;
                int g = groups == 1 ? 0 : rng.nextInt(groups);
                cls[i] = gClass[g];
                rot[i] = Rotations.multiply(Rotations.aboutZ(2 * Math.PI * rng.nextDouble()), gView[g]);
                shift[i] = new double[] {o.maxShift() * (2 * rng.nextDouble() - 1), o.maxShift() * (2 * rng.nextDouble() - 1)};
                double d = o.defocusMinUm() + (o.defocusMaxUm() - o.defocusMinUm()) * rng.nextDouble();
                defocus[i] = o.defocusPerSet() ? setDefocus : d;
                float[] p = mols.get(cls[i]).project(rot[i], shift[i][0], shift[i][1], n);
                System.arraycopy(p, 0, proj, i * px, px);
                Ctf ctf = Ctf.ofMicrons(defocus[i], o.voltageKv(), o.csMm(), o.amplitudeContrast());
                float[] c = ctf.apply(Tensor.of(p, n, n), o.pixelSize()).toArray();
                System.arraycopy(c, 0, clean, i * px, px);
            }
        }
        double meanVar = 0;
        for (int i = 0; i < total; i++) {
            double m = 0, m2 = 0;
            for (int j = 0; j < px; j++) {
                double v = clean[i * px + j];
                m += v;
                m2 += v * v;
            }
            m /= px;
            meanVar += (m2 / px - m * m) / total;
        }
        double sigma = Double.isNaN(noiseStd) ? Math.sqrt(meanVar / o.snr()) : noiseStd;
        float[] noise = Tensor.randn(rng, total * px).toArray();
        float[] noisy = new float[total * px];
        for (int j = 0; j < noisy.length; j++) noisy[j] = (float) (clean[j] + sigma * noise[j]);
        int[] shape = {o.sets(), o.setSize(), n, n};
        return new ParticleSets(o, Tensor.of(clean, shape), Tensor.of(noisy, shape), Tensor.of(proj, shape), rot, shift, defocus, cls, sigma);
    }
}
