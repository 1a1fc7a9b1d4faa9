package org.cryograd.em.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.em.AuxFixtures;
import org.junit.jupiter.api.Test;

/** Baselines against scipy, a numpy Perona–Malik and scikit-image's non-local means (fixture from the Python script). */
class BaselineReferenceTest {

    private static void assertClose(double[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        assertTrue(worst <= tol, what + ": max |diff| " + worst + " > " + tol);
    }

    @Test
    @ReferenceFor("gaussian")
    void gaussianMatchesScipy() {
        var in = AuxFixtures.get("gauss/input");
        int[] d = in.dims();
        for (double s : new double[] {0.7, 1.5, 2.5})
            assertClose(AuxFixtures.get("gauss/sigma" + s).values(), new GaussianDenoiser(s).denoise(in.floats(), d[0], d[1], d[2]), 2e-6, "sigma " + s);
    }

    @Test
    @ReferenceFor("nad")
    void peronaMalikMatchesNumpyScheme() {
        var in = AuxFixtures.get("pm/input");
        int[] d = in.dims();
        float[] e = new AnisotropicDiffusion(0.3, 10, 1.0 / 7, AnisotropicDiffusion.Conductance.EXPONENTIAL).denoise(in.floats(), d[0], d[1], d[2]);
        assertClose(AuxFixtures.get("pm/exp_k0.3_s10").values(), e, 2e-6, "exponential");
        float[] r = new AnisotropicDiffusion(0.5, 7, 0.15, AnisotropicDiffusion.Conductance.RATIONAL).denoise(in.floats(), d[0], d[1], d[2]);
        assertClose(AuxFixtures.get("pm/rat_k0.5_s7").values(), r, 2e-6, "rational");
    }

    @Test
    void peronaMalikConservesMass() {
        // zero-flux boundaries: the explicit scheme moves intensity between neighbours, never out of the volume
        var in = AuxFixtures.get("pm/input");
        int[] d = in.dims();
        float[] out = AnisotropicDiffusion.of(0.4, 25).denoise(in.floats(), d[0], d[1], d[2]);
        double a = 0, b = 0;
        for (float v : in.floats()) a += v;
        for (float v : out) b += v;
        assertEquals(a, b, 1e-3);
    }

    @Test
    @ReferenceFor("nlm")
    void nonLocalMeansMatchesSkimage() {
        var in = AuxFixtures.get("nlm/input");
        int[] d = in.dims();
        int[][] sd = {{3, 2}, {5, 3}, {4, 2}, {5, 2}, {7, 4}};
        double[] hs = {0.2, 0.35, 0.5, 0.3, 0.6}, sig = {0, 0, 0, 0.2, 0};
        for (int k = 0; k < sd.length; k++) {
            String name = "nlm/s" + sd[k][0] + "_d" + sd[k][1] + "_h" + hs[k] + "_sig" + sig[k];
            float[] out = new NonLocalMeans(sd[k][0], sd[k][1], hs[k], sig[k]).denoise(in.floats(), d[0], d[1], d[2]);
            assertClose(AuxFixtures.get(name).values(), out, 1e-5, name);
        }
        var thin = AuxFixtures.get("nlm/thin_input");
        int[] t = thin.dims();
        assertClose(AuxFixtures.get("nlm/thin_s5_d3_h0.4").values(), new NonLocalMeans(5, 3, 0.4, 0).denoise(thin.floats(), t[0], t[1], t[2]), 1e-5, "thin");
    }

    @Test
    void fastExpIsSchraudolphsApproximation() {
        // scikit-image's own fast_exp (double version; skimage/_shared/fast_exp.h: Schraudolph 1999,
        // doi:10.1162/089976600300015033, high word (int)(EXP_A * y) + EXP_BC with EXP_A = 2^20/ln2 and the min-RMS
        // EXP_BC = 1072632447), values printed with Debian's python3-skimage 0.19.3 by
        //   python3 -c 'import numpy as np; from skimage._shared.fast_exp import fast_exp
        //   for y in (0.0, -1.0, -2.5, -1.7, -4.9): print(y, repr(float(fast_exp(np.float64(y)))))'
        assertEquals(0.9710078239440918, NonLocalMeans.fastExp(0.0), 0);
        assertEquals(0.3748302459716797, NonLocalMeans.fastExp(-1.0), 0);
        assertEquals(0.0834549069404602, NonLocalMeans.fastExp(-2.5), 0);
        assertEquals(0.1861792802810669, NonLocalMeans.fastExp(-1.7), 0);
        assertEquals(0.0073156654834747314, NonLocalMeans.fastExp(-4.9), 0);
        // and it approximates exp: over [-5, 0] skimage's version is within 3.94 % (max of 100,001 samples)
        assertEquals(Math.exp(-1.7), NonLocalMeans.fastExp(-1.7), 0.04 * Math.exp(-1.7));
    }

    @Test
    void numpyReflectPadding() {
        // np.pad([0, 1, 2, 3], 5, 'reflect') = [1 2 3 2 1 | 0 1 2 3 | 2 1 0 1 2]
        int[] expected = {1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2};
        for (int i = -5; i < 9; i++) assertEquals(expected[i + 5], NonLocalMeans.reflect(i, 4), "index " + i);
    }

    @Test
    void refusesBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new AnisotropicDiffusion(1, 5, 0.2, AnisotropicDiffusion.Conductance.EXPONENTIAL));
        assertThrows(IllegalArgumentException.class, () -> new NonLocalMeans(5, 3, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new GaussianDenoiser(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GaussianDenoiser(1).denoise(new float[10], 2, 2, 2));
        assertTrue(e.getMessage().contains("[2, 2, 2]"), e.getMessage());
        assertArrayEquals(new float[8], new GaussianDenoiser(0).denoise(new float[8], 2, 2, 2));
    }
}
