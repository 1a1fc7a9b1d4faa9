package org.cryograd.em.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.cryograd.em.phantom.Phantoms;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TiltSimulationTest {
    private static Tensor series() {
        Projector p = new Projector(TiltGeometry.standard(), 40, 16);
        return TiltSimulation.project(p, Phantoms.spheres(new Rng(3), 40, 12, 16));
    }

    private static double variance(float[] a) {
        double m = 0, s = 0;
        for (float v : a) m += v;
        m /= a.length;
        for (float v : a) s += (v - m) * (v - m);
        return s / a.length;
    }

    @Test
    void projectGivesATiltSeriesWithoutAGraph() {
        Projector p = new Projector(TiltGeometry.standard(), 40, 16);
        Tensor vol = Phantoms.spheres(new Rng(3), 40, 12, 16).requiresGrad();
        Tensor t = TiltSimulation.project(p, vol);
        assertArrayEquals(new int[] {61, 12, 40}, t.dims());
        assertFalse(t.needsGrad());
    }

    @Test
    void projectOfAPointFollowsTheDocumentedGeometry() {
        // one voxel at (x, y, z) = (29, 1, 3) of [16, 2, 40]: in view t it lands at
        // u = (x - cx) cos t + (z - cz) sin t + cx (cx = 19.5, cz = 7.5), split linearly between floor(u) and floor(u) + 1
        int nz = 16, ny = 2, nx = 40;
        TiltGeometry g = TiltGeometry.standard();
        float[] v = new float[nz * ny * nx];
        v[(3 * ny + 1) * nx + 29] = 1f;
        float[] t = TiltSimulation.project(new Projector(g, nx, nz), Tensor.of(v, nz, ny, nx)).toArray();
        double[] angles = g.anglesDeg();
        for (int view = 0; view < angles.length; view++) {
            double a = Math.toRadians(angles[view]), u = (29 - 19.5) * Math.cos(a) + (3 - 7.5) * Math.sin(a) + 19.5;
            int b = (int) Math.floor(u);
            float[] want = new float[2 * nx]; // rows y = 0 (empty) and y = 1
            want[nx + b] = (float) (1 - (u - b));
            if (b + 1 < nx) want[nx + b + 1] += (float) (u - b);
            assertArrayEquals(want, Arrays.copyOfRange(t, view * ny * nx, (view + 1) * ny * nx), 1e-5f, "view " + view + " (" + angles[view] + " deg)");
        }
    }

    @Test
    void measuredSnrMatchesTheRequestedOne() {
        Tensor clean = series();
        float[] c = clean.toArray();
        double signal = variance(c);
        int n = c.length; // 29,280 values: the sample variance has relative sd sqrt(2 / n) ~ 0.8 %
        for (double snr : new double[] {0.1, 1, 10}) {
            float[] noisy = TiltSimulation.addNoise(clean, snr, new Rng(11)).toArray();
            float[] noise = new float[n];
            for (int i = 0; i < n; i++) noise[i] = noisy[i] - c[i];
            double measured = signal / variance(noise);
            assertEquals(snr, measured, 5 * Math.sqrt(2.0 / n) * snr, "requested SNR " + snr);
        }
    }

    @Test
    void seededNoiseIsReproducibleAndSeedsDiffer() {
        Tensor clean = series();
        float[] a = TiltSimulation.addNoise(clean, 2, new Rng(5)).toArray();
        float[] b = TiltSimulation.addNoise(clean, 2, new Rng(5)).toArray();
        float[] c = TiltSimulation.addNoise(clean, 2, new Rng(6)).toArray();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void noNoiseForNonPositiveOrInfiniteSnr() {
        Tensor clean = series();
        for (double snr : new double[] {0, -1, Double.POSITIVE_INFINITY}) {
            Tensor out = TiltSimulation.addNoise(clean, snr, new Rng(1));
            assertNotSame(clean, out);
            assertArrayEquals(clean.toArray(), out.toArray(), "snr " + snr);
        }
        Tensor constant = Tensor.ones(3, 2, 5);
        assertArrayEquals(constant.toArray(), TiltSimulation.addNoise(constant, 1, new Rng(1)).toArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TiltSimulation.addNoise(clean, Double.NaN, new Rng(1)));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
