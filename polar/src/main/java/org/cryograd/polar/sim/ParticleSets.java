package org.cryograd.polar.sim;

import org.cryograd.fft.Ctf;

/**
 * Simulated particle sets and everything the simulator knows about them. Per-image arrays are indexed by
 * {@code set * setSize + image}.
 *
 * @param options     the settings used
 * @param clean       noise-free images with CTF and shift {@code [sets, setSize, N, N]} (the denoising target)
 * @param noisy       {@code clean} plus Gaussian noise
 * @param projections noise-free images without CTF (shift applied)
 * @param rotations   each image's 3-D rotation (row-major 3 x 3; blob centres {@code R c} are projected along z)
 * @param shifts      each image's {@code (dx, dy)} shift in pixels
 * @param defocusUm   each image's defocus in µm
 * @param classes     each image's molecule class
 * @param noiseStd    standard deviation of the added noise
 */
public record ParticleSets(SimulationOptions options, org.cryograd.tensor.Tensor clean, org.cryograd.tensor.Tensor noisy,
        org.cryograd.tensor.Tensor projections, double[][] rotations, double[][] shifts, double[] defocusUm, int[] classes, double noiseStd) {
    /** Number of images. */
    public int count() {
        return defocusUm.length;
    }

    /** The CTF of image {@code i}. */
    public Ctf ctf(int i) {
        return Ctf.ofMicrons(defocusUm[i], options.voltageKv(), options.csMm(), options.amplitudeContrast());
    }
}
