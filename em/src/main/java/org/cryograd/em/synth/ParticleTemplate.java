package org.cryograd.em.synth;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.tensor.Rng;

/**
 * The shape of one pseudo-molecule class: a few isotropic Gaussian blobs at fixed offsets from the centre, in the
 * molecule's own frame. All ten grand models share the templates, so a class looks the same everywhere.
 *
 * @param radius  bounding radius in voxels (every blob's centre lies within {@code radius - 1.5 sigma})
 *                offsets are relative to the centre of mass
 * @param offsets blob centres, {@code [b][x, y, z]}
 * @param sigmas  blob standard deviations (voxels)
 * @param amps    blob peak densities
 */
public record ParticleTemplate(double radius, double[][] offsets, double[] sigmas, double[] amps) {

    /** Checks the arrays agree. */
    public ParticleTemplate {
        if (offsets.length != sigmas.length || sigmas.length != amps.length)
            throw new IllegalArgumentException("ParticleTemplate: " + offsets.length + " offsets, " + sigmas.length + " sigmas, " + amps.length + " amplitudes");
    }

    /** Number of blobs. */
    public int blobs() {
        return sigmas.length;
    }

    /**
     * Random templates, one per class of {@code config}: class {@code c} has {@link SynthConfig#classRadius(int)}
     * radius and {@code 2 + 2c} blobs (more blobs for bigger classes, at most 10), blob sigma {@code U(0.25, 0.4)} of
     * the radius (at least 0.8 voxels), amplitude {@code U(0.6, 1)}, centre uniform in the ball of radius
     * {@code radius - 1.5 sigma}; the first blob starts at the centre so no molecule is hollow. The blobs are then
     * shifted so the molecule's centre of mass (blob mass {@code amp sigma^3}) is the origin: the recorded particle
     * centre is where its density is centred, as in SHREC's annotations, and where DoG finds it. The template's
     * radius is the class radius or, if larger after the shift, {@code max |offset| + 1.5 sigma}.
     */
    public static List<ParticleTemplate> random(SynthConfig config, Rng rng) {
        List<ParticleTemplate> out = new ArrayList<>();
        for (int c = 0; c < config.classes(); c++) {
            double r = config.classRadius(c);
            int n = Math.min(10, 2 + 2 * c);
            double[][] off = new double[n][3];
            double[] sig = new double[n], amp = new double[n];
            for (int b = 0; b < n; b++) {
                sig[b] = Math.max(0.8, r * (0.25 + 0.15 * rng.nextDouble()));
                amp[b] = 0.6 + 0.4 * rng.nextDouble();
                double reach = Math.max(0, r - 1.5 * sig[b]);
                if (b > 0) {
                    double[] u = Geometry.uniformInBall(rng);
                    for (int a = 0; a < 3; a++) off[b][a] = u[a] * reach;
                }
            }
            double[] com = new double[3];
            double mass = 0;
            for (int b = 0; b < n; b++) {
                double m = amp[b] * sig[b] * sig[b] * sig[b];
                mass += m;
                for (int a = 0; a < 3; a++) com[a] += m * off[b][a];
            }
            double radius = r;
            for (int b = 0; b < n; b++) {
                for (int a = 0; a < 3; a++) off[b][a] -= com[a] / mass;
                radius = Math.max(radius, Math.sqrt(off[b][0] * off[b][0] + off[b][1] * off[b][1] + off[b][2] * off[b][2]) + 1.5 * sig[b]);
            }
            out.add(new ParticleTemplate(radius, off, sig, amp));
        }
        return out;
    }
}
