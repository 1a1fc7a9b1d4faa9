package org.cryograd.em.synth;

import org.cryograd.tensor.Rng;

/** Small random-geometry helpers on a seeded {@link Rng}. */
final class Geometry {
    private Geometry() {}

    /** A point uniform in the unit ball (rejection sampling). */
    static double[] uniformInBall(Rng rng) {
        while (true) {
            double x = 2 * rng.nextDouble() - 1, y = 2 * rng.nextDouble() - 1, z = 2 * rng.nextDouble() - 1;
            if (x * x + y * y + z * z <= 1) return new double[] {x, y, z};
        }
    }

    /** {@code lo + (hi - lo) * U(0, 1)}. */
    static double uniform(Rng rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }
}
