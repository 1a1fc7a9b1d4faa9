package org.cryograd.tensor.cpu;

/**
 * Single-precision sine and cosine by Cody–Waite reduction to [-pi/4, pi/4] and minimax polynomials (the
 * coefficients of Cephes' {@code sinf}/{@code cosf}, max error about 1 ulp for {@code |x| <= 8192}). This is the
 * scalar twin of {@code SimdTrig}: both perform the same float operations in the same order (no fused multiply-add),
 * so they agree bit for bit. Larger or non-finite arguments, where the three-part reduction loses accuracy, go to
 * {@link Math#sin}/{@link Math#cos} in both.
 */
final class CpuTrig {
    /** Above this |x| the reduction falls back to {@link Math}. */
    static final float BIG = 8192f;
    static final float FOPI = 1.27323954473516f; // 4 / pi
    static final float MAGIC = 0x1.8p23f; // (v + MAGIC) - MAGIC rounds |v| < 2^22 to an integer
    // pi/4 split so that j * DP1 and j * DP2 are exact in float for j < 2^14
    static final float DP1 = 0.78515625f, DP2 = 2.4187564849853515625e-4f, DP3 = 3.77489497744594108e-8f;
    static final float S0 = -1.9515295891e-4f, S1 = 8.3321608736e-3f, S2 = -1.6666654611e-1f;
    static final float C0 = 2.443315711809948e-5f, C1 = -1.388731625493765e-3f, C2 = 4.166664568298827e-2f;

    private CpuTrig() {}

    /** sin x. */
    static float sin(float x) {
        return x == 0f ? x : eval(x, false); // keeps the sign of zero
    }

    /** cos x. */
    static float cos(float x) {
        return eval(x, true);
    }

    private static float eval(float x, boolean cos) {
        if (!(Math.abs(x) <= BIG)) return (float) (cos ? Math.cos(x) : Math.sin(x));
        // everything in float arithmetic (the vector twin must not convert lanes to int: JDK 17 boxes that).
        // q = nearest integer to x / (pi/2), by the 1.5 * 2^23 rounding trick; x = q * pi/2 + r, |r| <= pi/4
        float t = x * FOPI * 0.5f;
        float q = (t + MAGIC) - MAGIC;
        float y = q * 2f;
        float r = ((x - y * DP1) - y * DP2) - y * DP3;
        if (cos) q += 1f; // cos x = sin(x + pi/2)
        float z = r * r;
        float pc = ((C0 * z + C1) * z + C2) * z * z - 0.5f * z + 1f;
        float ps = ((S0 * z + S1) * z + S2) * z * r + r;
        // q mod 4 from the fractions of q/2 and q/4 (round-half-even): odd q takes the cosine polynomial,
        // q = 2, 3 (mod 4) flip the sign
        float h = q * 0.5f, g = q * 0.25f;
        float fh = h - ((h + MAGIC) - MAGIC), fg = g - ((g + MAGIC) - MAGIC);
        float v = fh != 0f ? pc : ps;
        return Math.abs(fg) == 0.5f || fg == -0.25f ? -v : v;
    }
}
