package org.cryograd.fft;

import static org.cryograd.fft.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.testing.Cgfx;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Transforms against numpy.fft (cross-checked with torch.fft in the fixture script), round trips, errors. */
class FftTest {
    // float32 output of a double-precision transform: one rounding of values up to max|ref|
    private static final double RTOL = 2e-6, ATOL = 1e-6;

    private static Norm norm(Cgfx.Case c) {
        return Norm.valueOf(c.str("norm").toUpperCase(Locale.ROOT));
    }

    @TestFactory
    List<DynamicTest> transformsMatchNumpy() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String op : new String[] {"rfftn", "irfftn", "fftn", "ifftn"}) {
            for (Cgfx.Case c : Fixtures.of(op)) {
                tests.add(DynamicTest.dynamicTest(c.id(), () -> {
                    Tensor x = c.get("x").tensor();
                    int nd = c.integer("ndim");
                    Tensor out = switch (op) {
                        case "rfftn" -> Fft.rfftn(x, nd, norm(c));
                        case "irfftn" -> Fft.irfftn(x, c.ints("shape"), norm(c));
                        case "fftn" -> Fft.fftn(x, nd, norm(c));
                        default -> Fft.ifftn(x, nd, norm(c));
                    };
                    assertClose(c.get("out"), out, RTOL, ATOL, c.id());
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> shiftsMatchNumpy() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String op : new String[] {"fftshift", "ifftshift"})
            for (Cgfx.Case c : Fixtures.of(op))
                tests.add(DynamicTest.dynamicTest(c.id(), () -> {
                    Tensor x = c.get("x").tensor();
                    Tensor out = op.equals("fftshift") ? Fft.fftshift(x, c.ints("axes")) : Fft.ifftshift(x, c.ints("axes"));
                    assertClose(c.get("out"), out, 0, 0, c.id()); // a permutation: exact
                }));
        return tests;
    }

    @Test
    void frequencyGridsMatchNumpy() {
        for (Cgfx.Case c : Fixtures.of("fftfreq")) {
            int n = c.integer("n");
            double d = c.real("d");
            assertClose(c.get("out").data(), Fixtures.toFloat(Fft.fftfreq(n, d)), 1e-7, 0, c.id() + " fftfreq");
            assertClose(c.get("rout").data(), Fixtures.toFloat(Fft.rfftfreq(n, d)), 1e-7, 0, c.id() + " rfftfreq");
        }
    }

    @Test
    void realRoundTripsOddAndEvenWithBatch() {
        Rng rng = new Rng(7);
        int[][] shapes = {{13}, {2, 16}, {3, 9, 10}, {2, 5, 7, 11}, {1, 8, 6, 4}};
        int[] nds = {1, 1, 2, 3, 3};
        for (int i = 0; i < shapes.length; i++) {
            Tensor x = Tensor.randn(rng, shapes[i]);
            int nd = nds[i];
            int[] grid = java.util.Arrays.copyOfRange(shapes[i], shapes[i].length - nd, shapes[i].length);
            for (Norm norm : Norm.values()) {
                Tensor back = Fft.irfftn(Fft.rfftn(x, nd, norm), grid, norm);
                assertClose(new Cgfx.Array(x.dims(), x.toArray()), back, 1e-6, 1e-6, "rfftn round trip " + java.util.Arrays.toString(shapes[i]) + " " + norm);
            }
        }
    }

    @Test
    void complexRoundTripAndParseval() {
        Tensor z = Tensor.randn(new Rng(3), 2, 7, 6, 5, 2);
        Tensor back = Fft.ifftn(Fft.fftn(z, 3), 3);
        assertClose(new Cgfx.Array(z.dims(), z.toArray()), back, 1e-6, 1e-6, "fftn round trip");
        // Parseval: the orthonormal transform preserves the sum of squares (math, not a fixture)
        double e0 = sumSquares(z.toArray()), e1 = sumSquares(Fft.fftn(z, 3, Norm.ORTHO).toArray());
        assertEquals(e0, e1, 1e-5 * e0);
    }

    @Test
    void shiftThenInverseShiftIsIdentityForOddSizes() {
        Tensor x = Tensor.randn(new Rng(5), 5, 7, 9);
        Tensor y = Fft.ifftshift(Fft.fftshift(x, 0, 1, 2), 0, 1, 2);
        assertArrayEquals(x.toArray(), y.toArray());
        // for odd sizes fftshift twice is not the identity: it really differs from ifftshift
        assertFalse(java.util.Arrays.equals(x.toArray(), Fft.fftshift(Fft.fftshift(x, -1), -1).toArray()));
    }

    @Test
    void resultsAreOutsideTheGraph() {
        Tensor x = Tensor.randn(new Rng(1), 8).requiresGrad();
        assertFalse(Fft.rfftn(x, 1).needsGrad(), "FFT results are documented as not differentiable");
    }

    @Test
    void complexHelpersComposeTensorOps() {
        Tensor z = Tensor.of(new float[] {3, 4, -1, 0, 0, 2}, 3, 2);
        assertArrayEquals(new float[] {5, 1, 2}, Fft.abs(z).toArray(), 1e-6f);
        assertArrayEquals(new float[] {3, -1, 0}, Fft.real(z).toArray());
        assertArrayEquals(new float[] {4, 0, 2}, Fft.imag(z).toArray());
        assertArrayEquals(z.toArray(), Fft.complex(Fft.real(z), Fft.imag(z)).toArray());
        assertArrayEquals(new float[] {6, 8, -3, 0, 0, -2}, Fft.multiply(z, Tensor.of(new float[] {2, 3, -1}, 3)).toArray(), 0f);
    }

    @Test
    void badShapesNameTheOpAndShape() {
        Tensor x = Tensor.zeros(4, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fft.rfftn(x, 3));
        assertTrue(e.getMessage().contains("rfftn") && e.getMessage().contains("[4, 6]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Fft.fftn(x, 1));
        assertTrue(e.getMessage().contains("fftn") && e.getMessage().contains("[..., 2]") && e.getMessage().contains("[4, 6]"), e.getMessage());
        Tensor spec = Tensor.zeros(4, 5, 2);
        e = assertThrows(IllegalArgumentException.class, () -> Fft.irfftn(spec, 4, 6));
        assertTrue(e.getMessage().contains("irfftn") && e.getMessage().contains("[4, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Fft.fftshift(x, 2));
        assertTrue(e.getMessage().contains("fftshift") && e.getMessage().contains("axis 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Fft.rfftn(x, 0));
        assertThrows(IllegalArgumentException.class, () -> Fft.fftfreq(0, 1));
    }

    private static double sumSquares(float[] a) {
        double s = 0;
        for (float v : a) s += (double) v * v;
        return s;
    }
}
