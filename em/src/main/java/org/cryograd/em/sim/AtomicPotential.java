package org.cryograd.em.sim;

import java.util.List;

/**
 * The electrostatic potential of an atomic model on a voxel grid, from the five-Gaussian scattering factors of
 * {@link ScatteringFactors} (Peng et al. 1996). Each Gaussian term of each atom, blurred by the atom's B-factor plus
 * an extra B, is integrated exactly over every voxel (a product of error-function differences along x, y and z)
 * and divided by the voxel volume, so the map holds voxel averages and its integral equals
 * {@code sum_atoms occupancy * POTENTIAL_PREFACTOR * f(0)} at any voxel size, large or small.
 */
public final class AtomicPotential {
    private AtomicPotential() {}

    /**
     * The potential map (V) of {@code atoms} in a cubic box centred on their centroid (the centroid lies at the
     * map's centre voxel {@code n/2}).
     *
     * @param atoms     the atoms; elements without scattering factors are skipped (see {@link #unknownElements})
     * @param voxelSize voxel size, Å
     * @param extraB    B-factor added to every atom's own, Å² (>= 0)
     * @param padding   empty margin around the atoms, Å (>= 0)
     * @param name      the map's name
     */
    public static DensityMap compute(List<Atom> atoms, double voxelSize, double extraB, double padding, String name) {
        if (!(voxelSize > 0) || Double.isInfinite(voxelSize)) throw new IllegalArgumentException("AtomicPotential: voxel size must be > 0 Å, got " + voxelSize);
        if (!(extraB >= 0) || Double.isInfinite(extraB)) throw new IllegalArgumentException("AtomicPotential: extra B-factor must be >= 0 Å², got " + extraB);
        if (!(padding >= 0) || Double.isInfinite(padding)) throw new IllegalArgumentException("AtomicPotential: padding must be >= 0 Å, got " + padding);
        double cx = 0, cy = 0, cz = 0;
        int known = 0;
        for (Atom a : atoms) {
            if (!ScatteringFactors.has(a.element())) continue;
            cx += a.x();
            cy += a.y();
            cz += a.z();
            known++;
        }
        if (known == 0) throw new IllegalArgumentException("AtomicPotential: " + name + " has no atom with known scattering factors");
        cx /= known;
        cy /= known;
        cz /= known;
        double extent = 0;
        for (Atom a : atoms)
            if (ScatteringFactors.has(a.element()))
                extent = Math.max(extent, Math.max(Math.abs(a.x() - cx), Math.max(Math.abs(a.y() - cy), Math.abs(a.z() - cz))));
        int n = 2 * (int) Math.ceil((extent + padding) / voxelSize) + 2;
        int c = n / 2;
        double[] out = new double[n * n * n];
        double v3 = voxelSize * voxelSize * voxelSize;
        for (Atom a : atoms) {
            if (!ScatteringFactors.has(a.element())) continue;
            double[] k = ScatteringFactors.coefficients(a.element());
            double bAtom = Math.max(0, a.bFactor()) + extraB;
            for (int g = 0; g < 5; g++) {
                double sigma = Math.sqrt((k[5 + g] + bAtom) / (8 * Math.PI * Math.PI));
                double amp = a.occupancy() * ScatteringFactors.POTENTIAL_PREFACTOR * k[g] / v3;
                double reach = 5 * sigma + voxelSize;
                int[] lo = new int[3], hi = new int[3];
                double[][] f = new double[3][];
                double[] d = {a.x() - cx, a.y() - cy, a.z() - cz};
                for (int ax = 0; ax < 3; ax++) {
                    lo[ax] = Math.max(0, (int) Math.floor((d[ax] - reach) / voxelSize) + c);
                    hi[ax] = Math.min(n - 1, (int) Math.ceil((d[ax] + reach) / voxelSize) + c);
                    f[ax] = new double[Math.max(0, hi[ax] - lo[ax] + 1)];
                    for (int i = lo[ax]; i <= hi[ax]; i++) f[ax][i - lo[ax]] = boxFraction((i - c) * voxelSize - d[ax], voxelSize, sigma);
                }
                for (int z = lo[2]; z <= hi[2]; z++) {
                    double fz = amp * f[2][z - lo[2]];
                    for (int y = lo[1]; y <= hi[1]; y++) {
                        double fzy = fz * f[1][y - lo[1]];
                        int row = (z * n + y) * n;
                        for (int x = lo[0]; x <= hi[0]; x++) out[row + x] += fzy * f[0][x - lo[0]];
                    }
                }
            }
        }
        float[] fl = new float[out.length];
        for (int i = 0; i < fl.length; i++) fl[i] = (float) out[i];
        return new DensityMap(name, fl, n, n, n, voxelSize);
    }

    /** The elements of {@code atoms} that have no scattering factors, sorted. */
    public static List<String> unknownElements(List<Atom> atoms) {
        return atoms.stream().map(Atom::element).filter(e -> !ScatteringFactors.has(e)).distinct().sorted().toList();
    }

    /** The mass of a unit Gaussian of std {@code sigma} inside {@code [centre - w/2, centre + w/2]}. */
    static double boxFraction(double centre, double w, double sigma) {
        double s = sigma * Math.sqrt(2);
        return 0.5 * (erf((centre + w / 2) / s) - erf((centre - w / 2) / s));
    }

    /** The error function (Chebyshev fit of erfc, fractional error below 1.2e-7; Numerical Recipes, 2nd ed., 6.2). */
    static double erf(double x) {
        double z = Math.abs(x), t = 1 / (1 + 0.5 * z);
        double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - erfc : erfc - 1;
    }
}
