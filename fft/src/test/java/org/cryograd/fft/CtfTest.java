package org.cryograd.fft;

import static org.cryograd.fft.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.testing.Cgfx;
import org.junit.jupiter.api.Test;

/** The CTF against an independent numpy implementation (cryoDRGN's gamma form, RELION's wavelength constant). */
class CtfTest {
    private static Ctf ctf(Cgfx.Case c) {
        return new Ctf(c.real("dfu"), c.real("dfv"), c.real("ang"), c.real("kv"), c.real("cs"), c.real("w"), c.real("bfac"), c.real("phase"));
    }

    @Test
    void wavelengthMatchesCodataAndRelionConstants() {
        Cgfx.Case c = Fixtures.of("wavelength").get(0);
        int[] kv = c.ints("kv");
        for (int i = 0; i < kv.length; i++) {
            double codata = c.get("codata").data()[i], relion = c.get("relion").data()[i];
            assertEquals(codata, Ctf.electronWavelength(kv[i]), 1e-7 * codata, kv[i] + " kV vs CODATA");
            // RELION's rounded constants give a wavelength about 6e-6 (relative) longer
            assertEquals(relion, Ctf.electronWavelength(kv[i]), 1e-5 * relion, kv[i] + " kV vs RELION");
        }
    }

    @Test
    void imagesMatchNumpy() {
        // chi reaches ~150 rad at Nyquist; tolerances cover float32 storage of the reference
        for (Cgfx.Case c : Fixtures.of("ctf")) {
            Ctf ctf = ctf(c);
            int ny = c.integer("ny"), nx = c.integer("nx");
            double pix = c.real("pixel");
            assertClose(c.get("full"), ctf.image(FourierLayout.FULL, pix, ny, nx), 0, 1e-5, c.id() + " full");
            assertClose(c.get("half"), ctf.image(FourierLayout.HALF, pix, ny, nx), 0, 1e-5, c.id() + " half");
        }
    }

    @Test
    void applyAndPhaseFlipMatchNumpy() {
        for (Cgfx.Case c : Fixtures.of("ctf")) {
            Ctf ctf = ctf(c);
            Tensor imgs = c.get("images").tensor();
            double pix = c.real("pixel");
            assertClose(c.get("applied"), ctf.apply(imgs, pix), 1e-5, 1e-5, c.id() + " apply");
            assertClose(c.get("flipped"), ctf.phaseFlip(imgs, pix), 1e-5, 1e-5, c.id() + " phase flip");
        }
    }

    @Test
    void pointValuesFollowTheStatedConvention() {
        // at k = 0: CTF = -sin(asin w) = -w; the value() and image() paths agree
        Ctf c = Ctf.ofMicrons(1.5, 300, 2.7, 0.1);
        assertEquals(-0.1, c.value(0, 0), 1e-12);
        assertEquals(15000, c.defocusU(), 0);
        Tensor img = c.image(FourierLayout.FULL, 1.0, 16, 16);
        assertEquals(c.value(3 / 16.0, -2 / 16.0), img.toArray()[14 * 16 + 3], 1e-6);
        // chi = pi lambda df k^2 - pi/2 Cs lambda^3 k^4 (+ phase shift, which adds)
        double lam = c.wavelength(), k = 0.2;
        double chi = Math.PI * lam * 15000 * k * k - 0.5 * Math.PI * 2.7e7 * Math.pow(lam, 3) * Math.pow(k, 4);
        assertEquals(chi, c.chi(k, 0), 1e-9);
        assertEquals(chi + Math.PI / 2, c.withPhaseShift(90).chi(k, 0), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Ctf.of(1e4, 300, 2.7, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Ctf.of(1e4, 0, 2.7, 0.1));
    }
}
