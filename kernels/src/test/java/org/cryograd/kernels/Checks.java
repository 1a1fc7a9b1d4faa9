package org.cryograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.cryograd.tensor.cpu.CpuBackend;
import org.cryograd.tensor.spi.Storage;
import org.cryograd.tensor.spi.UnaryOp;

/** Comparison helpers of the kernel validators. */
final class Checks {
    /**
     * Unary ops evaluated through double library functions (or, for the trigonometric ones, past |x| = 8192), whose
     * device result may differ from the CPU's in the last bit: the validators allow them 1 ulp, every other op must be
     * bit-equal. The one list a new op of that kind joins.
     */
    static final Set<UnaryOp> LIBM_UNARY = EnumSet.of(UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH, UnaryOp.SIGMOID,
            UnaryOp.POW_SCALAR, UnaryOp.SIN, UnaryOp.COS, UnaryOp.SINE);

    /** One float ulp at 1. */
    static final float EPS = 0x1p-23f;
    static final CpuBackend CPU = CpuBackend.INSTANCE;

    private Checks() {}

    /** For {@link #assertUlps}: sums in another order, within a relative 1e-6 of the largest value. */
    static final int REORDERED = -1;

    /** Uniform in [-1, 1). */
    static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextFloat() * 2 - 1;
        return a;
    }

    /** Normal with standard deviation {@code scale}. */
    static float[] gaussian(Random r, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * scale);
        return a;
    }

    static Storage cpu(float[] data) {
        return CPU.upload(data, 0, data.length);
    }

    static float[] cpuRead(Storage s) {
        float[] out = new float[(int) s.size()];
        CPU.download(s, 0, out, 0, out.length);
        return out;
    }

    /** Bit-for-bit equality (NaNs compare by their bits). */
    static void assertExact(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++)
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i]))
                fail(what + ": element " + i + " is " + actual[i] + ", expected exactly " + expected[i]);
    }

    /** |expected - actual| <= bound[i] for every element (NaN never passes). */
    static void assertWithin(String what, float[] expected, float[] actual, float[] bound) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            float d = Math.abs(expected[i] - actual[i]);
            if (!(d <= bound[i]))
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i] + " within " + bound[i]);
        }
    }

    /** |expected - actual| <= rel * (1 + |expected|) for every element. */
    static void assertClose(String what, float[] expected, float[] actual, float rel) {
        float[] bound = new float[expected.length];
        for (int i = 0; i < bound.length; i++) bound[i] = rel * (1 + Math.abs(expected[i]));
        assertWithin(what, expected, actual, bound);
    }

    /**
     * ulps = 0: bit-equal (any NaN equals any NaN); ulps &gt; 0: within that many float ulps, same sign;
     * {@link #REORDERED}: within a relative 1e-6 of the largest finite expected value (plus 1e-6 of the element).
     */
    static void assertUlps(String what, float[] want, float[] got, int ulps) {
        assertEquals(want.length, got.length, what + ": length");
        double scale = 0;
        for (float w : want) if (Float.isFinite(w)) scale = Math.max(scale, Math.abs(w));
        for (int i = 0; i < want.length; i++) {
            float w = want[i], g = got[i];
            if (Float.isNaN(w) && Float.isNaN(g) || Float.floatToRawIntBits(w) == Float.floatToRawIntBits(g)) continue;
            boolean ok = ulps > 0 ? Math.abs(Float.floatToRawIntBits(w) - Float.floatToRawIntBits(g)) <= ulps && (w < 0) == (g < 0)
                    : ulps == REORDERED && Math.abs(w - g) <= 1e-6 * Math.max(scale, 1e-30) + 1e-6 * Math.abs(w);
            if (!ok) fail(what + ": element " + i + " is " + g + ", CPU " + w);
        }
    }

    static float[] abs(float[] a) {
        float[] r = new float[a.length];
        for (int i = 0; i < a.length; i++) r[i] = Math.abs(a[i]);
        return r;
    }
}
