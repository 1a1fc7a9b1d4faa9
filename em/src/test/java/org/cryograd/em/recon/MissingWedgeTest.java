package org.cryograd.em.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiFunction;
import org.cryograd.em.geometry.Projector;
import org.cryograd.em.geometry.TiltSimulation;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** WBP and SIRT of a ball from ±60° tilts are elongated along z (the missing wedge); from ±90° they are not. */
class MissingWedgeTest {
    private static final int NX = 48, NY = 16, NZ = 32;
    private static final double CX = (NX - 1) / 2.0, CY = (NY - 1) / 2.0, CZ = (NZ - 1) / 2.0, RADIUS = 6;

    private static Tensor ball() {
        float[] v = new float[NZ * NY * NX];
        for (int z = 0; z < NZ; z++)
            for (int y = 0; y < NY; y++)
                for (int x = 0; x < NX; x++) {
                    double d2 = (x - CX) * (x - CX) + (y - CY) * (y - CY) + (z - CZ) * (z - CZ);
                    v[(z * NY + y) * NX + x] = d2 <= RADIUS * RADIUS ? 1f : 0f;
                }
        return Tensor.of(v, NZ, NY, NX);
    }

    /**
     * The ratio of the spreads along z and x of the voxels above half the maximum: {@code sqrt(<(z-cz)^2> / <(x-cx)^2>)}
     * over the thresholded set (1 for a ball).
     */
    private static double elongation(Tensor vol) {
        float[] v = vol.toArray();
        float max = 0;
        for (float a : v) max = Math.max(max, a);
        double sz = 0, sx = 0;
        for (int z = 0; z < NZ; z++)
            for (int y = 0; y < NY; y++)
                for (int x = 0; x < NX; x++)
                    if (v[(z * NY + y) * NX + x] > 0.5f * max) {
                        sz += (z - CZ) * (z - CZ);
                        sx += (x - CX) * (x - CX);
                    }
        return Math.sqrt(sz / sx);
    }

    private static void check(String method, BiFunction<Projector, Tensor, Tensor> reconstruct) {
        Tensor truth = ball();
        assertEquals(1.0, elongation(truth), 1e-9, "the ball itself");
        Projector wedge = new Projector(TiltGeometry.range(-60, 60, 2, TiltAxis.Y), NX, NZ);
        Projector full = new Projector(TiltGeometry.range(-90, 88, 2, TiltAxis.Y), NX, NZ);
        double limited = elongation(reconstruct.apply(wedge, TiltSimulation.project(wedge, truth)));
        double complete = elongation(reconstruct.apply(full, TiltSimulation.project(full, truth)));
        assertTrue(limited > 1.12, method + ": elongation from ±60° tilts " + limited);
        assertTrue(Math.abs(complete - 1) < 0.06, method + ": elongation from a full range " + complete);
    }

    @Test
    void wbpIsElongatedAlongZ() {
        check("WBP", Wbp::reconstruct);
    }

    @Test
    void sirtIsElongatedAlongZ() {
        check("SIRT", (p, t) -> Sirt.reconstruct(p, t, SirtOptions.defaults().withIterations(30)));
    }
}
