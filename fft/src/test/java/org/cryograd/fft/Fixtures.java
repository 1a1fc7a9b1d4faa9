package org.cryograd.fft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.testing.Cgfx;

/** The numpy reference fixtures of {@code src/test/python/make_fft_fixtures.py} (read by tensor's {@link Cgfx}) and comparisons. */
final class Fixtures {
    static final String FILE = "/fixtures/fft.bin.gz";
    private static List<Cgfx.Case> cached;

    private Fixtures() {}

    static synchronized List<Cgfx.Case> all() {
        if (cached == null) cached = Cgfx.load(Fixtures.class, FILE, "fft/src/test/python/make_fft_fixtures.py");
        return cached;
    }

    static List<Cgfx.Case> of(String op) {
        List<Cgfx.Case> out = new ArrayList<>();
        for (Cgfx.Case c : all()) if (c.op().equals(op)) out.add(c);
        assertTrue(!out.isEmpty(), "no fixture cases for op " + op);
        return out;
    }

    // ------------------------------------------------------------------ comparisons

    /** Asserts same shape and {@code |a - b| <= atol + rtol * max|expected|} elementwise. */
    static void assertClose(Cgfx.Array expected, Tensor actual, double rtol, double atol, String what) {
        assertArrayEquals(expected.shape(), actual.dims(), what + ": shape");
        assertClose(expected.data(), actual.toArray(), rtol, atol, what);
    }

    static void assertClose(float[] expected, float[] actual, double rtol, double atol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (float v : expected) scale = Math.max(scale, Math.abs(v));
        double tol = atol + rtol * scale, worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) expected[i] - actual[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        double w = worst;
        int idx = at;
        assertTrue(w <= tol, () -> what + ": max error " + w + " at " + idx + " (expected " + expected[idx] + ", got " + actual[idx] + ") > tol " + tol);
    }

    static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    static float[] toFloat(int[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = d[i];
        return f;
    }
}
