package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The fixture comparison itself: it must pass the exact answer and fail the wrong ones a broken port produces. */
class FixturesTest {
    static final double TOL = 1e-4;

    /** A reference far below 1, like the gradient of {@code gn.fc.weight} (largest value 8.1e-4). */
    static float[] smallReference() {
        try (Tensor t = Tensor.randn(new Rng(11), 200)) {
            float[] a = t.toArray();
            for (int i = 0; i < a.length; i++) a[i] *= 3e-4f;
            return a;
        }
    }

    static String failure(float[] expected, float[] actual) {
        return assertThrows(AssertionFailedError.class, () -> Fixtures.assertClose("w.grad", expected, actual, TOL)).getMessage();
    }

    @Test
    void acceptsTheExactAnswerAndOneWithinTheTolerance() {
        float[] e = smallReference();
        Fixtures.assertClose("w.grad", e, e.clone(), TOL);
        assertEquals(0, Fixtures.relativeError(e, e.clone()));
        float[] near = e.clone();
        for (int i = 0; i < near.length; i++) near[i] *= (float) (1 + TOL / 2);
        Fixtures.assertClose("w.grad", e, near, TOL);
    }

    @Test
    void rejectsNaNAndInfinityNamingTheTensorAndIndex() {
        float[] e = smallReference();
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float[] a = e.clone();
            a[137] = bad;
            String m = failure(e, a);
            assertTrue(m.contains("w.grad") && m.contains(" at 137") && m.contains(Float.toString(bad)), m);
            assertEquals(Double.POSITIVE_INFINITY, Fixtures.relativeError(e, a));
        }
    }

    @Test
    void rejectsAZeroedTensorWhoseValuesAreFarBelowOne() {
        float[] e = smallReference();
        // the old allowed error, tol * max(1, max|e|), was larger than every value here: zeros passed with a tolerance of 2e-3
        double max = 0;
        for (float x : e) max = Math.max(max, Math.abs(x));
        assertTrue(max < 2e-3, "the case the old comparison missed");
        assertThrows(AssertionFailedError.class, () -> Fixtures.assertClose("w.grad", e, new float[e.length], 2e-3));
        assertEquals(1, Fixtures.relativeError(e, new float[e.length]));
    }

    @Test
    void rejectsAScaledTensorAndOneWrongElement() {
        float[] e = smallReference();
        float[] scaled = e.clone();
        for (int i = 0; i < scaled.length; i++) scaled[i] *= (float) (1 + 3 * TOL);
        failure(e, scaled);
        float[] one = e.clone();
        int at = 0;
        for (int i = 1; i < e.length; i++) if (Math.abs(e[i]) > Math.abs(e[at])) at = i;
        one[at] = -one[at];
        String m = failure(e, one);
        assertTrue(m.contains(" at " + at), m);
    }

    @Test
    void refusesAZeroOrNonFiniteReferenceAndAToleranceThatPassesZeros() {
        float[] zero = new float[10];
        assertTrue(failure(zero, zero.clone()).contains("reference is zero"));
        float[] e = smallReference(), nanRef = e.clone();
        nanRef[3] = Float.NaN;
        assertTrue(failure(nanRef, e).contains("reference value NaN at 3"));
        assertThrows(IllegalArgumentException.class, () -> Fixtures.assertClose("w.grad", e, e.clone(), 1));
        assertThrows(AssertionFailedError.class, () -> Fixtures.assertClose("w.grad", e, Arrays.copyOf(e, 199), TOL));
    }

    @Test
    void assertRejectedFailsWhenTheWrongAnswerPasses() {
        float[] e = smallReference();
        Fixtures.assertRejected("w.grad", e, new float[e.length], TOL);
        assertThrows(AssertionFailedError.class, () -> Fixtures.assertRejected("w.grad", e, e.clone(), TOL));
    }
}
