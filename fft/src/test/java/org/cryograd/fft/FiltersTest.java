package org.cryograd.fft;

import static org.cryograd.fft.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.testing.Cgfx;
import org.junit.jupiter.api.Test;

/** Fourier filters against numpy, the separable Gaussian against scipy.ndimage.gaussian_filter. */
class FiltersTest {
    private static final double RTOL = 2e-6, ATOL = 1e-6;

    @Test
    void fourierFiltersMatchNumpy() {
        for (Cgfx.Case c : Fixtures.of("filters")) {
            Tensor x = c.get("x").tensor();
            int nd = c.integer("ndim");
            assertClose(c.get("lowpass_hard"), Filters.lowPass(x, nd, 0.23), RTOL, ATOL, c.id() + " hard low-pass");
            assertClose(c.get("lowpass_soft"), Filters.lowPass(x, nd, 0.2, 0.1), RTOL, ATOL, c.id() + " soft low-pass");
            assertClose(c.get("highpass"), Filters.highPass(x, nd, 0.15, 0.06), RTOL, ATOL, c.id() + " high-pass");
            assertClose(c.get("bandpass"), Filters.bandPass(x, nd, 0.1, 0.3, 0.05), RTOL, ATOL, c.id() + " band-pass");
            assertClose(c.get("gaussian"), Filters.gaussian(x, nd, 1.5), RTOL, ATOL, c.id() + " gaussian");
            assertClose(c.get("dog"), Filters.differenceOfGaussians(x, nd, 1.0, 2.0), RTOL, ATOL, c.id() + " DoG");
        }
    }

    @Test
    void separableGaussianMatchesScipy() {
        for (Cgfx.Case c : Fixtures.of("filters")) {
            Tensor x = c.get("x").tensor();
            assertClose(c.get("separable"), Filters.gaussianSeparable(x, c.integer("ndim"), 1.3), RTOL, ATOL, c.id() + " separable");
        }
        Cgfx.Case w = Fixtures.of("separable").get(0);
        assertClose(w.get("out"), Filters.gaussianSeparable(w.get("x").tensor(), w.integer("ndim"), w.real("sigma")), RTOL, ATOL, "kernel wider than the image");
    }

    @Test
    void profilesAndIdentities() {
        assertEquals(0.5, Filters.lowPassProfile(0.2, 0.2, 0.1), 1e-15);
        assertEquals(1.0, Filters.lowPassProfile(0.15, 0.2, 0.1), 1e-15);
        assertEquals(0.0, Filters.lowPassProfile(0.25, 0.2, 0.1), 1e-15);
        assertEquals(0.25, Filters.cutoffFor(8, 2), 1e-15);
        Tensor x = Tensor.randn(new Rng(9), 2, 9, 10);
        // a low-pass above the corner frequency (sqrt(2)/2) and sigma = 0 are identities
        assertClose(new Cgfx.Array(x.dims(), x.toArray()), Filters.lowPass(x, 2, 0.8), 1e-6, 1e-6, "all-pass");
        assertArrayEquals(x.toArray(), Filters.gaussianSeparable(x, 2, 0).toArray());
        // the radial and transfer entry points agree with the named filter
        Tensor g = Filters.gaussian(x, 2, 1.1);
        double a = 2 * Math.PI * Math.PI * 1.1 * 1.1;
        assertClose(new Cgfx.Array(g.dims(), g.toArray()), Filters.radial(x, 2, f -> Math.exp(-a * f * f)), 0, 0, "radial");
        Tensor ctf = Ctf.of(12000, 300, 2.7, 0.1).image(FourierLayout.HALF, 1.5, 9, 10);
        Tensor viaTransfer = Filters.transfer(x, 2, ctf), viaCtf = Ctf.of(12000, 300, 2.7, 0.1).apply(x, 1.5);
        assertClose(new Cgfx.Array(viaCtf.dims(), viaCtf.toArray()), viaTransfer, 1e-6, 1e-6, "transfer = Ctf.apply");
    }

    @Test
    void reflectIsScipysHalfSampleMirror() {
        // d c b a | a b c d | d c b a
        int[] expect = {3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0};
        for (int i = -4; i < 8; i++) assertEquals(expect[i + 4], Filters.reflect(i, 4), "i=" + i);
    }

    @Test
    void badArgumentsAreNamed() {
        Tensor x = Tensor.zeros(4, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Filters.lowPass(x, 2, -0.1));
        assertTrue(e.getMessage().contains("lowPass") && e.getMessage().contains("cutoff"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Filters.bandPass(x, 2, 0.3, 0.1, 0));
        assertTrue(e.getMessage().contains("low < high"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Filters.gaussian(x, 3, 1));
        assertTrue(e.getMessage().contains("[4, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Filters.transfer(x, 2, Tensor.zeros(4, 4)));
        assertTrue(e.getMessage().contains("[4, 3]"), e.getMessage());
    }
}
