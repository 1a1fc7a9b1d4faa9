package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.cryograd.nn.io.SafeTensors;
import org.cryograd.nn.io.SafeTensorsFile;

/** Test helpers: fixture files and array comparisons. */
final class Fixtures {
    private Fixtures() {}

    /** The tiny configuration of {@code make_dual_fixtures.py}. */
    static DualConfig tiny() {
        return new DualConfig(16, 2, 4, 4, 2, 8, 2, 4, 0.2f, 3, 1, 1, 0.1, 1e-3, 1e-6f, 1e-4, 0.9, 0.999, 1e-8, 1e-6, 1.0, 2,
                Augment.WEDGE_PRESERVING, 4, 0, 0);
    }

    static SafeTensorsFile read(String name) throws Exception {
        Path p = Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        return SafeTensors.read(p);
    }

    /** Asserts {@code |a - e| <= tol * max(1, max|e|)} elementwise. */
    static void assertClose(String what, float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 1;
        for (float e : expected) scale = Math.max(scale, Math.abs(e));
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        assertTrue(worst <= tol * scale, what + ": worst |diff| " + worst + " at " + at + " (expected " + (at >= 0 ? expected[at] : 0)
                + ", got " + (at >= 0 ? actual[at] : 0) + "), allowed " + tol * scale);
    }
}
