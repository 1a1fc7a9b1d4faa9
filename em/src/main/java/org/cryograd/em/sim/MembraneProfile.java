package org.cryograd.em.sim;

/**
 * The radial potential profile of a lipid bilayer, in volts above the surrounding ice: two Gaussian head-group
 * layers {@code headSeparationA} apart plus a flat hydrocarbon core. The core's excess reflects that hydrocarbon
 * (0.85 g/cm³ CH2) has a higher mean inner potential than ice by the {@link MeanInnerPotential} sum (about 6.2 V
 * against 4.5 V); the head groups, denser and phosphate-rich, have more.
 *
 * @param headSeparationA distance between the two head-group peaks, Å
 * @param headSigmaA      standard deviation of each head-group layer, Å
 * @param headExcessV     peak excess potential of a head-group layer, V
 * @param coreThicknessA  thickness of the hydrocarbon core, Å
 * @param coreExcessV     excess potential of the core, V
 */
public record MembraneProfile(double headSeparationA, double headSigmaA, double headExcessV, double coreThicknessA, double coreExcessV) {
    /** Validates. */
    public MembraneProfile {
        if (!(headSeparationA > 0 && headSigmaA > 0 && coreThicknessA >= 0) || !Double.isFinite(headExcessV) || !Double.isFinite(coreExcessV)
                || Double.isInfinite(headSeparationA) || Double.isInfinite(headSigmaA) || Double.isInfinite(coreThicknessA))
            throw new IllegalArgumentException("MembraneProfile: separation and sigma must be > 0 Å, core thickness >= 0 Å, potentials finite");
    }

    /** Heads 40 Å apart, sigma 4 Å, +3 V; core 28 Å, +1.5 V. */
    public static MembraneProfile defaults() {
        return new MembraneProfile(40, 4, 3.0, 28, 1.5);
    }

    /** Half the membrane's full extent, Å (to the outer edge of the head groups plus 3 sigma). */
    public double halfWidthA() {
        return headSeparationA / 2 + 3 * headSigmaA;
    }

    /**
     * The voxel-averaged excess at signed distance {@code rho} (Å) from the mid-plane, for voxels of {@code voxel} Å:
     * each Gaussian widened by the voxel's variance {@code v^2/12} with its area kept, the core's edges by the same.
     */
    public double excess(double rho, double voxel) {
        double s = Math.sqrt(headSigmaA * headSigmaA + voxel * voxel / 12);
        double heads = headExcessV * headSigmaA / s * (gauss(rho - headSeparationA / 2, s) + gauss(rho + headSeparationA / 2, s));
        double e = Math.sqrt(2) * Math.sqrt(voxel * voxel / 12 + 1);
        double core = coreExcessV * 0.5 * (AtomicPotential.erf((coreThicknessA / 2 - rho) / e) + AtomicPotential.erf((coreThicknessA / 2 + rho) / e));
        return heads + core;
    }

    private static double gauss(double x, double s) {
        return Math.exp(-0.5 * x * x / (s * s));
    }
}
