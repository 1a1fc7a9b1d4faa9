package org.cryograd.em.recon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.em.BaselineFixture;
import org.cryograd.em.geometry.Projector;
import org.cryograd.em.geometry.TiltSimulation;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SirtTest {
    private static final int N = BaselineFixture.get("phantom").shape()[0];

    /** The fixture's Shepp-Logan slice as a volume [n, 1, n] (x-z plane). */
    private static Tensor phantom() {
        return Tensor.of(BaselineFixture.get("phantom").data(), N, 1, N);
    }

    /** {@code ||R^½ (b - P x)||} with R = 1 / row sums, the quantity SIRT's Landweber step cannot increase. */
    private static double weightedResidual(Projector p, Tensor b, Tensor x) {
        float[] rows = p.project(Tensor.ones(p.nz(), 1, p.nx())).toArray();
        float[] r = b.sub(p.project(x)).toArray();
        int nx = p.nx(), ny = b.dim(1);
        double s = 0;
        for (int v = 0; v < p.views(); v++)
            for (int y = 0; y < ny; y++)
                for (int u = 0; u < nx; u++) {
                    double w = rows[v * nx + u];
                    double e = r[(v * ny + y) * nx + u];
                    if (w > 1e-6) s += e * e / w;
                }
        return Math.sqrt(s);
    }

    private static double relativeError(Tensor truth, Tensor x) {
        float[] a = truth.toArray(), b = x.toArray();
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (double) (a[i] - b[i]);
            den += a[i] * (double) a[i];
        }
        return Math.sqrt(num / den);
    }

    @Test
    void weightedResidualNeverIncreasesOnNoiselessData() {
        Projector p = new Projector(TiltGeometry.range(-60, 60, 3, TiltAxis.Y), N, N);
        Tensor truth = phantom(), b = TiltSimulation.project(p, truth);
        double previous = weightedResidual(p, b, Tensor.zeros(N, 1, N));
        double first = previous;
        for (int k = 1; k <= 12; k++) {
            Tensor x = Sirt.reconstruct(p, b, SirtOptions.defaults().withIterations(k));
            double r = weightedResidual(p, b, x);
            assertTrue(r <= previous * (1 + 1e-5), "iteration " + k + ": residual " + r + " > previous " + previous);
            previous = r;
        }
        assertTrue(previous < 0.2 * first, "12 iterations should cut the residual well down: " + first + " -> " + previous);
    }

    @Test
    void convergesTowardTheTruthOverAFullAngularRange() {
        Projector p = new Projector(TiltGeometry.range(0, 177, 3, TiltAxis.Y), N, N);
        Tensor truth = phantom(), b = TiltSimulation.project(p, truth);
        List<Integer> seen = new ArrayList<>();
        double e5 = relativeError(truth, Sirt.reconstruct(p, b, SirtOptions.defaults().withIterations(5)));
        double e20 = relativeError(truth, Sirt.reconstruct(p, b, SirtOptions.defaults().withIterations(20)));
        Tensor x = Sirt.reconstruct(p, b, SirtOptions.defaults().withIterations(100), seen::add);
        double e100 = relativeError(truth, x);
        assertTrue(e20 < e5 && e100 < 0.8 * e20, "errors after 5, 20, 100 iterations: " + e5 + ", " + e20 + ", " + e100);
        assertTrue(e100 < 0.06, "relative error after 100 iterations " + e100);
        assertEquals(100, seen.size());
        for (int i = 0; i < 100; i++) assertEquals(i + 1, seen.get(i));
        assertTrue(BaselineFixture.pearson(x.toArray(), truth.toArray(), null) > 0.99);
    }

    @Test
    void positivityClampsAndRelaxationScalesTheFirstStep() {
        Projector p = new Projector(TiltGeometry.range(-60, 60, 4, TiltAxis.Y), N, N);
        Tensor b = TiltSimulation.project(p, phantom());
        float[] clamped = Sirt.reconstruct(p, b, new SirtOptions(10, true, 1.0)).toArray();
        float min = Float.MAX_VALUE;
        for (float v : clamped) min = Math.min(min, v);
        assertTrue(min >= 0, "min " + min);
        float[] free = Sirt.reconstruct(p, b, new SirtOptions(10, false, 1.0)).toArray();
        float freeMin = Float.MAX_VALUE;
        for (float v : free) freeMin = Math.min(freeMin, v);
        assertTrue(freeMin < 0, "the limited-range estimate without the clamp has negative values: " + freeMin);
        // from x0 = 0 the first iterate is linear in λ
        float[] one = Sirt.reconstruct(p, b, new SirtOptions(1, false, 1.0)).toArray();
        float[] half = Sirt.reconstruct(p, b, new SirtOptions(1, false, 0.5)).toArray();
        for (int i = 0; i < one.length; i++) assertEquals(0.5f * one[i], half[i], 1e-5f * (1 + Math.abs(one[i])));
    }

    @Test
    void zeroIterationsAndBadInput() {
        Projector p = new Projector(TiltGeometry.range(-60, 60, 30, TiltAxis.Y), 16, 8);
        Tensor x = Sirt.reconstruct(p, Tensor.ones(5, 3, 16), SirtOptions.defaults().withIterations(0));
        assertArrayEquals(new int[] {8, 3, 16}, x.dims());
        for (float v : x.toArray()) assertEquals(0f, v);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sirt.reconstruct(p, Tensor.zeros(5, 3, 15), SirtOptions.defaults()));
        assertTrue(e.getMessage().contains("[5, 3, 15]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SirtOptions(-1, false, 1));
        e = assertThrows(IllegalArgumentException.class, () -> new SirtOptions(5, false, 2));
        assertTrue(e.getMessage().contains("relaxation"), e.getMessage());
        assertEquals(new SirtOptions(20, false, 1.0), SirtOptions.defaults());
    }
}
