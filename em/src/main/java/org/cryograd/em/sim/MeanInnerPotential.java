package org.cryograd.em.sim;

/**
 * Mean inner potentials (V) of bulk materials from their composition and density, by superposing the neutral-atom
 * potentials of {@link ScatteringFactors}: {@code V = POTENTIAL_PREFACTOR * sum_e n_e f_e(0)} with {@code n_e} atoms
 * per Å³. Bonding lowers measured values by a few percent; the default ice potential is therefore the measured
 * one, 4.5 V (liquid water 4.48 ± 0.19 V by electron holography: Yesibolati et al., Phys. Rev. Lett. 124, 065502
 * (2020)), which this sum reproduces (4.57 V at 0.94 g/cm³).
 */
public final class MeanInnerPotential {
    /** Avogadro's number over 10^24 (atoms per Å³ per mol/cm³). */
    private static final double AVOGADRO_PER_A3 = 0.602214076;

    /** Vitreous ice, V (measured value, see the class comment). */
    public static final double ICE_V = 4.5;

    private MeanInnerPotential() {}

    /**
     * A material's mean inner potential.
     *
     * @param densityGcm3     density, g/cm³
     * @param massFractions   mass fraction per element, same order as {@code elements}
     * @param elements        element symbols
     * @param molarMasses     g/mol per element
     */
    public static double of(double densityGcm3, double[] massFractions, String[] elements, double[] molarMasses) {
        double sum = 0;
        for (int i = 0; i < elements.length; i++) {
            double n = densityGcm3 * AVOGADRO_PER_A3 * massFractions[i] / molarMasses[i];
            sum += n * ScatteringFactors.f(elements[i], 0);
        }
        return ScatteringFactors.POTENTIAL_PREFACTOR * sum;
    }

    /**
     * Protein: mass fractions C 0.53, H 0.07, N 0.16, O 0.23, S 0.01 (the usual elemental composition of proteins) at
     * 1.35 g/cm³ (Fischer, Polikarpov &amp; Craievich, Protein Sci. 13 (2004) 2825): about 7.9 V.
     */
    public static double protein() {
        return of(1.35, new double[] {0.53, 0.07, 0.16, 0.23, 0.01}, new String[] {"C", "H", "N", "O", "S"},
                new double[] {12.011, 1.008, 14.007, 15.999, 32.06});
    }

    /** Water at {@code densityGcm3} (vitreous ice about 0.94 g/cm³). */
    public static double water(double densityGcm3) {
        return of(densityGcm3, new double[] {15.999 / 18.015, 2 * 1.008 / 18.015}, new String[] {"O", "H"}, new double[] {15.999, 1.008});
    }

    /** Amorphous carbon at {@code densityGcm3} (evaporated carbon films about 2.0 g/cm³: about 12 V). */
    public static double carbon(double densityGcm3) {
        return of(densityGcm3, new double[] {1}, new String[] {"C"}, new double[] {12.011});
    }
}
