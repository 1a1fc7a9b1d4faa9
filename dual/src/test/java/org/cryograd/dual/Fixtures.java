package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import org.cryograd.nn.io.SafeTensors;
import org.cryograd.nn.io.SafeTensorsFile;
import org.opentest4j.AssertionFailedError;

/** Test helpers: fixture files and array comparisons. */
final class Fixtures {
    private Fixtures() {}

    /**
     * The absolute floor of a tensor's scale. {@link #assertClose} refuses a reference whose largest magnitude is below
     * it (a fixture problem: a zero reference cannot tell a right answer from a zeroed one); {@link #relativeError}
     * divides by at least this. The smallest reference tensor the dual tests compare has a largest magnitude of 3.1e-4
     * (the discriminator gradient of {@code dv.spatial.8.bias}), far above it.
     */
    static final double FLOOR = 1e-8;

    /** The tiny configuration of {@code make_dual_fixtures.py}. */
    static DualConfig tiny() {
        return new DualConfig(16, 2, 4, 4, 2, 8, 2, 4, 0.2f, 3, 1, 1, 0.1, 1e-3, 1e-6f, 1e-4, 0.9, 0.999, 1e-8, 1e-6, 1.0, 2,
                Augment.WEDGE_PRESERVING, 4, 0, 0, 8 * 4);
    }

    static SafeTensorsFile read(String name) throws Exception {
        Path p = Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        return SafeTensors.read(p);
    }

    /**
     * The tensor's error relative to its own scale: {@code max|a - e| / max(max|e|, FLOOR)}; positive infinity if any
     * actual or expected value is NaN or infinite. The scale is the tensor's own largest reference value, so a tensor
     * whose values are all far below 1 is held to the same relative accuracy as one of order 1 (a zeroed tensor gives
     * 1, a tensor scaled by {@code 1 + s} gives {@code |s|}).
     */
    static double relativeError(float[] expected, float[] actual) {
        if (expected.length != actual.length) throw new IllegalArgumentException("lengths " + expected.length + " != " + actual.length);
        double scale = 0, worst = 0;
        for (int i = 0; i < expected.length; i++) {
            if (!Float.isFinite(expected[i]) || !Float.isFinite(actual[i])) return Double.POSITIVE_INFINITY;
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs((double) expected[i] - actual[i]));
        }
        return worst / Math.max(scale, FLOOR);
    }

    /** Asserts that {@link #assertClose} fails on {@code wrong}: a test's reference and tolerance can tell it apart. */
    static void assertRejected(String what, float[] expected, float[] wrong, double tol) {
        assertThrows(AssertionFailedError.class, () -> assertClose(what, expected, wrong, tol), what + ": a wrong answer passed");
    }

    /**
     * Asserts that every actual value is finite and that {@code max|a - e| <= tol * max|e|} over the whole tensor
     * ({@link #relativeError} {@code <= tol}); the message names the tensor, the worst index and both values. A
     * reference that is not finite, or whose largest magnitude is below {@link #FLOOR}, fails as a fixture problem.
     */
    static void assertClose(String what, float[] expected, float[] actual, double tol) {
        if (!(tol > 0 && tol < 1)) throw new IllegalArgumentException(what + ": tolerance " + tol + " must be in (0, 1): 1 passes a zeroed tensor");
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            if (!Float.isFinite(expected[i])) fail(what + ": reference value " + expected[i] + " at " + i);
            if (!Float.isFinite(actual[i])) fail(what + ": non-finite value " + actual[i] + " at " + i + " (expected " + expected[i] + ")");
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        if (scale < FLOOR) fail(what + ": the reference is zero (largest magnitude " + scale + "): nothing to compare against");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) expected[i] - actual[i]);
            if (at < 0 || d > worst) {
                worst = d;
                at = i;
            }
        }
        double rel = relativeError(expected, actual);
        if (!(rel <= tol))
            fail(String.format("%s: max|diff| / max|expected| = %.3g > %.3g; worst at %d: expected %s, got %s (max|expected| %.3g)", what,
                    rel, tol, at, expected[at], actual[at], scale));
    }
}
