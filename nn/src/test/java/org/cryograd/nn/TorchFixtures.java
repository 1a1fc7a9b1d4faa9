package org.cryograd.nn;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.cryograd.tensor.testing.Cgfx;

/** The layer fixtures of {@code src/test/python/make_layer_fixtures.py} (read by tensor's {@link Cgfx}) and float comparisons. */
final class TorchFixtures {
    private TorchFixtures() {}

    static List<Cgfx.Case> load(String resource) {
        return Cgfx.load(TorchFixtures.class, resource, "nn/src/test/python/make_layer_fixtures.py");
    }

    /**
     * Fails unless every element satisfies {@code |a - e| <= rtol * (|e| + max|e|)}: relative error at the given
     * precision, with an absolute floor scaled to the largest reference value (float32 sums of mixed signs).
     */
    static void assertClose(String what, float[] expected, float[] actual, double rtol) {
        assertClose(what, expected, actual, rtol, 0);
    }

    /**
     * As above with an absolute floor {@code atolFloor}: a gradient that is zero in exact arithmetic (e.g. a
     * convolution bias followed by a normalisation) is compared against the scale of the other gradients.
     */
    static void assertClose(String what, float[] expected, float[] actual, double rtol, double atolFloor) {
        if (expected.length != actual.length) fail(what + ": length " + actual.length + ", expected " + expected.length);
        double scale = 0;
        for (float e : expected) scale = Math.max(scale, Math.abs(e));
        double atol = Math.max(atolFloor, rtol * Math.max(scale, 1e-6));
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs((double) expected[i] - actual[i]);
            if (!(err <= atol + rtol * Math.abs(expected[i])))
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i] + " (error " + err + ", tolerance "
                        + (atol + rtol * Math.abs(expected[i])) + ")");
        }
    }
}
