package org.cryograd.em.sim;

import org.cryograd.tensor.Rng;

/**
 * Exact Poisson variates from a {@link Rng}: multiplication of uniforms (Knuth) for means below 10, Hörmann's
 * transformed rejection with squeeze (PTRS; W. Hörmann, Insurance Math. Econom. 12 (1993) 39) above.
 */
public final class PoissonSampler {
    private PoissonSampler() {}

    /** One Poisson variate of mean {@code lambda} (>= 0). */
    public static long sample(Rng rng, double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("PoissonSampler: mean must be finite and >= 0, got " + lambda);
        if (lambda == 0) return 0;
        if (lambda < 10) {
            double l = Math.exp(-lambda), p = 1;
            long k = 0;
            do {
                k++;
                p *= rng.nextDouble();
            } while (p > l);
            return k - 1;
        }
        double slam = Math.sqrt(lambda), loglam = Math.log(lambda);
        double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b, invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = rng.nextDouble() - 0.5, v = rng.nextDouble(), us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) return k;
            if (k < 0 || (us < 0.013 && v > us)) continue;
            if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) return k;
        }
    }

    /** {@code ln(k!)}: exact sums below 20, Stirling's series above (error below 1e-12). */
    static double logFactorial(long k) {
        if (k < 20) {
            double s = 0;
            for (long i = 2; i <= k; i++) s += Math.log(i);
            return s;
        }
        double x = k + 1.0, inv = 1 / x, inv2 = inv * inv;
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI)
                + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
    }
}
