package org.cryograd.em.denoise;

import java.util.stream.IntStream;

/**
 * 3-D Perona–Malik anisotropic diffusion, explicit scheme on the 6-neighbourhood:
 * <pre>
 *   u(n+1, p) = u(n, p) + dt * sum over q in N6(p) of g(u(n, q) - u(n, p)) * (u(n, q) - u(n, p))
 *   g(d) = exp(-(d / kappa)^2)          (EXPONENTIAL, Perona–Malik's first function, default)
 *   g(d) = 1 / (1 + (d / kappa)^2)      (RATIONAL, the second)
 * </pre>
 * Neighbours outside the volume contribute nothing (zero flux, Neumann boundary). The scheme is stable for
 * {@code dt <= 1/6}; larger values are refused. Computed in double, returned as float.
 *
 * @param kappa       edge threshold, in the volume's intensity units
 * @param steps       iterations
 * @param dt          time step
 * @param conductance the conductance function
 */
public record AnisotropicDiffusion(double kappa, int steps, double dt, Conductance conductance) implements VolumeDenoiser {

    /** The conductance function {@code g}. */
    public enum Conductance {
        /** {@code exp(-(d/kappa)^2)}: favours high-contrast edges. */
        EXPONENTIAL,
        /** {@code 1 / (1 + (d/kappa)^2)}: favours wide regions. */
        RATIONAL
    }

    /** Checks the parameters. */
    public AnisotropicDiffusion {
        if (!(kappa > 0) || Double.isInfinite(kappa)) throw new IllegalArgumentException("AnisotropicDiffusion: kappa must be positive, got " + kappa);
        if (steps < 0) throw new IllegalArgumentException("AnisotropicDiffusion: steps must be >= 0, got " + steps);
        if (!(dt > 0 && dt <= 1.0 / 6)) throw new IllegalArgumentException("AnisotropicDiffusion: dt must be in (0, 1/6] for stability, got " + dt);
        if (conductance == null) throw new IllegalArgumentException("AnisotropicDiffusion: conductance is null");
    }

    /** Exponential conductance with {@code dt = 1/7}. */
    public static AnisotropicDiffusion of(double kappa, int steps) {
        return new AnisotropicDiffusion(kappa, steps, 1.0 / 7, Conductance.EXPONENTIAL);
    }

    @Override
    public float[] denoise(float[] volume, int nz, int ny, int nx) {
        VolumeDenoiser.checkShape("AnisotropicDiffusion", volume, nz, ny, nx);
        double[] u = new double[volume.length], next = new double[volume.length];
        for (int i = 0; i < u.length; i++) u[i] = volume[i];
        double inv = 1 / (kappa * kappa);
        boolean exp = conductance == Conductance.EXPONENTIAL;
        for (int s = 0; s < steps; s++) {
            double[] cur = u, out = next;
            // planes are independent within a step; fixed per-plane work, so results do not depend on threads
            IntStream.range(0, nz).parallel().forEach(z -> {
                for (int y = 0; y < ny; y++)
                    for (int x = 0; x < nx; x++) {
                        int i = (z * ny + y) * nx + x;
                        double c = cur[i], flux = 0;
                        if (x > 0) flux += term(cur[i - 1] - c, inv, exp);
                        if (x < nx - 1) flux += term(cur[i + 1] - c, inv, exp);
                        if (y > 0) flux += term(cur[i - nx] - c, inv, exp);
                        if (y < ny - 1) flux += term(cur[i + nx] - c, inv, exp);
                        if (z > 0) flux += term(cur[i - nx * ny] - c, inv, exp);
                        if (z < nz - 1) flux += term(cur[i + nx * ny] - c, inv, exp);
                        out[i] = c + dt * flux;
                    }
            });
            next = u;
            u = out;
        }
        float[] r = new float[u.length];
        for (int i = 0; i < r.length; i++) r[i] = (float) u[i];
        return r;
    }

    private static double term(double d, double inv, boolean exp) {
        double q = d * d * inv;
        return (exp ? Math.exp(-q) : 1 / (1 + q)) * d;
    }
}
