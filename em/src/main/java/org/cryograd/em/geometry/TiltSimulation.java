package org.cryograd.em.geometry;

import org.cryograd.tensor.Grad;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * Simulated tilt series: noiseless projections of a volume through a {@link Projector}, and additive white Gaussian
 * noise at a given signal-to-noise ratio.
 */
public final class TiltSimulation {
    private TiltSimulation() {}

    /**
     * The noiseless tilt series {@code [views, ny, nx]} of a volume {@code [nz, ny, nx]} (no gradient is recorded).
     *
     * @throws IllegalArgumentException if the volume does not match the projector
     */
    public static Tensor project(Projector p, Tensor volume) {
        try (Grad g = Grad.disabled()) {
            return p.project(volume);
        }
    }

    /**
     * Adds Gaussian noise of standard deviation {@code sqrt(var(signal) / snr)}, where {@code var(signal)} is the
     * population variance over the whole series, so that {@code SNR = var(signal) / var(noise)} holds in
     * expectation. The noise is drawn from {@code rng} (one value per element, in row-major order) on the series'
     * device. A non-positive or infinite {@code snr}, or a constant series, gives an unchanged copy.
     *
     * @throws IllegalArgumentException if {@code snr} is NaN
     */
    public static Tensor addNoise(Tensor tilts, double snr, Rng rng) {
        if (Double.isNaN(snr)) throw new IllegalArgumentException("TiltSimulation.addNoise: snr is NaN");
        try (Grad g = Grad.disabled()) {
            if (snr <= 0 || Double.isInfinite(snr)) return tilts.copy();
            double var;
            try (Tensor v = tilts.var(null, 0, false)) {
                var = v.item();
            }
            if (!(var > 0)) return tilts.copy();
            double sigma = Math.sqrt(var / snr);
            try (Tensor noise = Tensor.randn(tilts.device(), rng, tilts.dims())) {
                try (Tensor scaled = noise.mul((float) sigma)) {
                    return tilts.add(scaled);
                }
            }
        }
    }
}
