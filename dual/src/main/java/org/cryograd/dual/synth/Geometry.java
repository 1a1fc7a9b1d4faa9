package org.cryograd.dual.synth;

import org.cryograd.tensor.Rng;

/** Small random-geometry helpers on a seeded {@link Rng}. */
final class Geometry {
    private Geometry() {}

    /** A uniform random rotation matrix (row-major 3 x 3) from a uniform unit quaternion (Shoemake 1992). */
    static double[] randomRotation(Rng rng) {
        double u1 = rng.nextDouble(), u2 = rng.nextDouble(), u3 = rng.nextDouble();
        double a = Math.sqrt(1 - u1), b = Math.sqrt(u1);
        double qx = a * Math.sin(2 * Math.PI * u2), qy = a * Math.cos(2 * Math.PI * u2);
        double qz = b * Math.sin(2 * Math.PI * u3), qw = b * Math.cos(2 * Math.PI * u3);
        return new double[] {
            1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - qz * qw), 2 * (qx * qz + qy * qw),
            2 * (qx * qy + qz * qw), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - qx * qw),
            2 * (qx * qz - qy * qw), 2 * (qy * qz + qx * qw), 1 - 2 * (qx * qx + qy * qy)};
    }

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
