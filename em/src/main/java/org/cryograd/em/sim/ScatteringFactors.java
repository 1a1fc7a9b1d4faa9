package org.cryograd.em.sim;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Elastic electron scattering factors of neutral atoms as five-Gaussian fits {@code f(s) = sum_i a_i exp(-b_i s^2)}
 * ({@code s = sin(theta)/lambda} in 1/Å, {@code f} in Å, {@code b} in Å²), valid for {@code 0 <= s <= 2}: the
 * coefficients of L.-M. Peng, G. Ren, S. L. Dudarev and M. J. Whelan, "Robust parameterization of elastic and
 * absorptive electron atomic scattering factors", Acta Cryst. A52 (1996) 257-276, Table 1 (also International
 * Tables for Crystallography Vol. C, Table 4.3.2.2).
 *
 * <p>The potential of an atom follows by Fourier inversion:
 * {@code V(r) = (h^2 / (2 pi m0 e)) sum_i a_i (4 pi / b_i)^{3/2} exp(-4 pi^2 r^2 / b_i)} volts, whose volume
 * integral is {@code (h^2 / (2 pi m0 e)) sum_i a_i} V·Å³; a B-factor adds {@code B} to every {@code b_i}.
 */
public final class ScatteringFactors {
    /** {@code h^2 / (2 pi m0 e)} in V·Å² (CODATA 2018 constants; 47.878). */
    public static final double POTENTIAL_PREFACTOR;

    static {
        double h = 6.62607015e-34, m0 = 9.1093837015e-31, e = 1.602176634e-19;
        POTENTIAL_PREFACTOR = h * h / (2 * Math.PI * m0 * e) * 1e20;
    }

    // a1..a5, b1..b5 (Peng et al. 1996, Table 1, 0 < s < 2 Å^-1)
    private static final Map<String, double[]> TABLE = Map.ofEntries(
            Map.entry("H", new double[] {0.0349, 0.1201, 0.1970, 0.0573, 0.1195, 0.5347, 3.5867, 12.3471, 18.9525, 38.6269}),
            Map.entry("C", new double[] {0.0893, 0.2563, 0.7570, 1.0487, 0.3575, 0.2465, 1.7100, 6.4094, 18.6113, 50.2523}),
            Map.entry("N", new double[] {0.1022, 0.3219, 0.7982, 0.8197, 0.1715, 0.2451, 1.7481, 6.1925, 17.3894, 48.1431}),
            Map.entry("O", new double[] {0.0974, 0.2921, 0.6910, 0.6990, 0.2039, 0.2067, 1.3815, 4.6943, 12.7105, 32.4726}),
            Map.entry("F", new double[] {0.1083, 0.3175, 0.6487, 0.5846, 0.1421, 0.2057, 1.3439, 4.2788, 11.3932, 28.7881}),
            Map.entry("P", new double[] {0.2548, 0.6106, 1.4541, 2.3204, 0.8477, 0.2908, 1.8740, 8.5176, 24.3434, 63.2996}),
            Map.entry("S", new double[] {0.2497, 0.5628, 1.3899, 2.1865, 0.7715, 0.2681, 1.6711, 7.0267, 19.5377, 50.3888}),
            Map.entry("CL", new double[] {0.2443, 0.5397, 1.3919, 2.0197, 0.6621, 0.2468, 1.5242, 6.1537, 16.6687, 42.3086}),
            Map.entry("FE", new double[] {0.3946, 1.2725, 1.7031, 2.3140, 1.4795, 0.2717, 2.0443, 7.6007, 29.9714, 86.2265}),
            Map.entry("NI", new double[] {0.3860, 1.1765, 1.5451, 2.0730, 1.3814, 0.2478, 1.7660, 6.3107, 25.2204, 74.3146}),
            Map.entry("CU", new double[] {0.4314, 1.3208, 1.5236, 1.4671, 0.8562, 0.2694, 1.9223, 7.3474, 28.9892, 90.6246}),
            Map.entry("ZN", new double[] {0.4288, 1.2646, 1.4472, 1.8294, 1.0934, 0.2593, 1.7998, 6.7500, 25.5860, 73.5284}));

    private ScatteringFactors() {}

    /** The element symbols (upper case) that have coefficients. */
    public static Set<String> elements() {
        return TABLE.keySet();
    }

    /** Whether {@code element} (any case) has coefficients. */
    public static boolean has(String element) {
        return TABLE.containsKey(element.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * The ten coefficients {@code a1..a5, b1..b5} of an element (a copy).
     *
     * @throws IllegalArgumentException for an element without coefficients, naming the ones there are
     */
    public static double[] coefficients(String element) {
        double[] c = TABLE.get(element.trim().toUpperCase(Locale.ROOT));
        if (c == null) throw new IllegalArgumentException("no electron scattering factors for element '" + element + "'; known: " + String.join(" ", new java.util.TreeSet<>(TABLE.keySet())));
        return c.clone();
    }

    /** {@code f(s)} in Å at {@code s = sin(theta)/lambda} (1/Å). */
    public static double f(String element, double s) {
        double[] c = coefficients(element);
        double v = 0;
        for (int i = 0; i < 5; i++) v += c[i] * Math.exp(-c[5 + i] * s * s);
        return v;
    }

    /** The volume integral of the atom's potential, V·Å³: {@code POTENTIAL_PREFACTOR * f(0)}. */
    public static double integratedPotential(String element) {
        return POTENTIAL_PREFACTOR * f(element, 0);
    }
}
