package org.cryograd.polar.sim;

import org.cryograd.tensor.Rng;

/** 3 x 3 rotation matrices as row-major {@code double[9]}. */
public final class Rotations {
    private Rotations() {}

    /** A rotation drawn uniformly from SO(3) (Shoemake's unit-quaternion method). */
    public static double[] uniform(Rng rng) {
        double u1 = rng.nextDouble(), u2 = 2 * Math.PI * rng.nextDouble(), u3 = 2 * Math.PI * rng.nextDouble();
        double a = Math.sqrt(1 - u1), b = Math.sqrt(u1);
        double w = a * Math.sin(u2), x = a * Math.cos(u2), y = b * Math.sin(u3), z = b * Math.cos(u3);
        return new double[] {
            1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
            2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
            2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)};
    }

    /** Rotation by {@code angle} radians about z (in-plane: {@code +x} towards {@code +y}). */
    public static double[] aboutZ(double angle) {
        double c = Math.cos(angle), s = Math.sin(angle);
        return new double[] {c, -s, 0, s, c, 0, 0, 0, 1};
    }

    /** The product {@code a b}. */
    public static double[] multiply(double[] a, double[] b) {
        double[] r = new double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                r[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
        return r;
    }

    /** {@code r v}. */
    public static double[] apply(double[] r, double[] v) {
        return new double[] {r[0] * v[0] + r[1] * v[1] + r[2] * v[2], r[3] * v[0] + r[4] * v[1] + r[5] * v[2], r[6] * v[0] + r[7] * v[1] + r[8] * v[2]};
    }

    /** {@code r^T v}. */
    public static double[] applyTransposed(double[] r, double[] v) {
        return new double[] {r[0] * v[0] + r[3] * v[1] + r[6] * v[2], r[1] * v[0] + r[4] * v[1] + r[7] * v[2], r[2] * v[0] + r[5] * v[1] + r[8] * v[2]};
    }
}
