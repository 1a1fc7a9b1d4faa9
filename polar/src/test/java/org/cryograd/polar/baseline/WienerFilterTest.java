package org.cryograd.polar.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.fft.Ctf;
import org.cryograd.polar.Fixtures;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class WienerFilterTest {
    @Test
    void radialPowerMatchesNumpy() {
        double[] p = WienerFilter.radialPower(Fixtures.get("wiener_stack"));
        float[] ref = Fixtures.get("wiener_power").toArray();
        assertEquals(ref.length, p.length);
        for (int i = 0; i < p.length; i++) assertEquals(ref[i], p[i], 1e-4 * Math.abs(ref[i]), "shell " + i);
    }

    @Test
    void filterMatchesNumpyWienerWithCtf() {
        float[] pw = Fixtures.get("wiener_power").toArray();
        double[] power = new double[pw.length];
        for (int i = 0; i < pw.length; i++) power[i] = pw[i];
        WienerFilter w = new WienerFilter(power, 4.0, 5.0);
        Tensor out = w.apply(Fixtures.get("wiener_img"), new Ctf[] {Ctf.ofMicrons(2.0, 300, 2.7, 0.1)});
        float[] a = out.toArray(), b = Fixtures.get("wiener_out").toArray();
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        assertTrue(m < 1e-4, "max diff " + m);
    }

    @Test
    void rejectsMismatchedCtfCount() {
        WienerFilter w = new WienerFilter(new double[] {1, 1, 1, 1, 1, 1, 1}, 1, 1);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> w.apply(Tensor.zeros(2, 8, 8), new Ctf[] {Ctf.ofMicrons(1, 300, 2.7, 0.1)}));
        assertTrue(e.getMessage().contains("2 images but 1 CTFs"));
    }
}
