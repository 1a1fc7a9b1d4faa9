package org.cryograd.em.benchmark;

import java.util.List;
import org.cryograd.em.eval.VolumeStats;
import org.cryograd.tensor.Rng;

/**
 * The conventional simulation baseline: the clean map (standardised) plus independent Gaussian white noise, then
 * standardised again. With {@link #matched} the noise variance is the one the real tomograms have: for each real
 * pair (tomogram t, grand model v), both standardised, {@code t ≈ a v + b} in least squares leaves a residual of
 * variance {@code r}; the simulation's noise standard deviation is the mean over pairs of {@code sqrt(r) / |a|}, so
 * simulated and real tomograms have the same ratio of explained to residual variance. Nothing else about the real
 * noise (its spectrum, the CTF, the missing wedge) is modelled, which is the point of the comparison.
 *
 * @param noiseStd noise standard deviation relative to the standardised map
 */
public record WhiteNoiseSimulator(double noiseStd) implements VolumeSimulator {

    /** Checks the noise level. */
    public WhiteNoiseSimulator {
        if (!(noiseStd >= 0) || Double.isInfinite(noiseStd)) throw new IllegalArgumentException("WhiteNoiseSimulator: noiseStd must be finite and >= 0, got " + noiseStd);
    }

    /**
     * The simulator matched to real (tomogram, grand model) pairs as described above.
     *
     * @param tomograms real tomograms
     * @param maps      their grand models, same order and sizes
     */
    public static WhiteNoiseSimulator matched(List<float[]> tomograms, List<float[]> maps) {
        if (tomograms.isEmpty() || tomograms.size() != maps.size())
            throw new IllegalArgumentException("WhiteNoiseSimulator.matched: " + tomograms.size() + " tomograms for " + maps.size() + " maps");
        double sum = 0;
        for (int i = 0; i < tomograms.size(); i++) {
            float[] t = VolumeStats.standardize(tomograms.get(i)), v = VolumeStats.standardize(maps.get(i));
            double[] ab = VolumeStats.leastSquaresFit(v, t);
            double r = 0;
            for (int k = 0; k < t.length; k++) {
                double e = t[k] - (ab[0] * v[k] + ab[1]);
                r += e * e;
            }
            sum += Math.sqrt(r / t.length) / Math.max(Math.abs(ab[0]), 1e-12);
        }
        return new WhiteNoiseSimulator(sum / tomograms.size());
    }

    @Override
    public float[] simulate(float[] cleanMap, int nz, int ny, int nx, long seed) {
        if ((long) nz * ny * nx != cleanMap.length)
            throw new IllegalArgumentException("WhiteNoiseSimulator: map of " + cleanMap.length + " voxels does not have shape [" + nz + ", " + ny + ", " + nx + "]");
        float[] v = VolumeStats.standardize(cleanMap);
        Rng rng = new Rng(seed);
        for (int i = 0; i < v.length; i += 2) {
            // Box-Muller: two normals per pair of uniforms
            double u1 = Math.max(rng.nextDouble(), Double.MIN_VALUE), u2 = rng.nextDouble(), m = Math.sqrt(-2 * Math.log(u1));
            v[i] += (float) (noiseStd * m * Math.cos(2 * Math.PI * u2));
            if (i + 1 < v.length) v[i + 1] += (float) (noiseStd * m * Math.sin(2 * Math.PI * u2));
        }
        return VolumeStats.standardize(v);
    }
}
