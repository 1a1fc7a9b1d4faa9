package org.cryograd.em.synth;

import org.cryograd.em.geometry.Projector;
import org.cryograd.em.geometry.TiltSimulation;
import org.cryograd.em.recon.Wbp;
import org.cryograd.fft.Ctf;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * Simulated tomogram of a grand model: parallel-beam projection over the tilt range (the {@link Projector},
 * tilt axis y), the CTF applied to every projection ({@link Ctf#apply}, periodic), optional phase flipping, additive
 * white Gaussian noise at the configured projection SNR ({@link TiltSimulation#addNoise}: SNR = var(signal) /
 * var(noise) over the whole series), and ramp-filtered back-projection ({@link Wbp}). The missing wedge comes from
 * the limited tilt range. A defocus of 0 switches the CTF off.
 */
public final class TomogramSimulator {
    private final SynthConfig config;
    private final Projector projector;
    private final Ctf ctf;

    /** Builds the projector and the CTF of {@code config}. */
    public TomogramSimulator(SynthConfig config) {
        this.config = config;
        TiltGeometry g = TiltGeometry.range(config.tiltMinDeg(), config.tiltMaxDeg(), config.tiltStepDeg(), TiltAxis.Y);
        this.projector = new Projector(g, config.nx(), config.nz());
        this.ctf = Ctf.ofMicrons(config.defocusUm(), config.voltageKv(), config.csMm(), config.amplitudeContrast());
    }

    /** The projector (tilt angles and sizes). */
    public Projector projector() {
        return projector;
    }

    /**
     * The tomogram {@code [nz, ny, nx]} of a density map, drawing the noise from {@code rng}.
     *
     * @throws IllegalArgumentException if the map's size differs from the configuration's
     */
    public float[] simulate(float[] density, Rng rng) {
        if (density.length != config.voxels())
            throw new IllegalArgumentException("TomogramSimulator: map of " + density.length + " voxels, configuration has "
                    + config.nz() + "x" + config.ny() + "x" + config.nx());
        try (Grad g = Grad.disabled(); MemoryScope s = MemoryScope.open()) {
            Tensor vol = Tensor.of(density, config.nz(), config.ny(), config.nx());
            Tensor tilts = TiltSimulation.project(projector, vol);
            Tensor imaged = config.defocusUm() > 0 ? ctf.apply(tilts, config.voxelSizeA()) : tilts;
            if (config.phaseFlip()) imaged = ctf.phaseFlip(imaged, config.voxelSizeA());
            Tensor noisy = TiltSimulation.addNoise(imaged, config.snr(), rng);
            return Wbp.reconstruct(projector, noisy).toArray();
        }
    }
}
