package org.cryograd.em.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.tensor.GradCheck;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ProjectorTest {
    @Test
    void adjointIdentityHoldsToFloatPrecision() {
        Projector p = new Projector(TiltGeometry.range(-60, 60, 3, TiltAxis.Y), 33, 17);
        Rng rng = new Rng(2);
        Tensor x = Tensor.randn(rng, 17, 5, 33), y = Tensor.randn(rng, p.views(), 5, 33);
        double lhs = p.project(x).mul(y).sum().item(), rhs = x.mul(p.backproject(y)).sum().item();
        assertEquals(lhs, rhs, 1e-5 * (Math.abs(lhs) + 1));
    }

    @Test
    void everyVoxelKeepsItsMassInEveryView() {
        // the volume fits inside the detector's reach at every angle when nz is small against nx
        Projector p = new Projector(TiltGeometry.range(-60, 60, 20, TiltAxis.Y), 40, 8);
        Tensor vol = Tensor.zeros(8, 1, 40);
        float[] v = vol.toArray();
        for (int z = 0; z < 8; z++) for (int x = 12; x < 28; x++) v[z * 40 + x] = 1 + 0.1f * x;
        double mass = 0;
        for (float a : v) mass += a;
        float[] s = p.project(Tensor.of(v, 8, 1, 40)).toArray();
        for (int view = 0; view < p.views(); view++) {
            double m = 0;
            for (int u = 0; u < 40; u++) m += s[view * 40 + u];
            assertEquals(mass, m, 1e-3, "view " + view);
        }
    }

    @Test
    void aCentredPointProjectsToTheCentreAndAnOffsetPointToASinusoid() {
        int n = 65;
        Projector p = new Projector(TiltGeometry.range(-60, 60, 2, TiltAxis.Y), n, n);
        float[] v = new float[n * n];
        v[32 * n + 32] = 1; // centre
        float[] s = p.project(Tensor.of(v, n, 1, n)).toArray();
        for (int view = 0; view < p.views(); view++) assertEquals(1f, s[view * n + 32], 1e-6f, "centre at view " + view);
        float[] w = new float[n * n];
        w[32 * n + 42] = 1; // 10 voxels right of centre: u = 32 + 10 cos(theta)
        float[] t = p.project(Tensor.of(w, n, 1, n)).toArray();
        double[] angles = p.anglesDeg();
        for (int view = 0; view < p.views(); view++) {
            double centroid = 0, mass = 0;
            for (int u = 0; u < n; u++) {
                centroid += u * t[view * n + u];
                mass += t[view * n + u];
            }
            assertEquals(32 + 10 * Math.cos(Math.toRadians(angles[view])), centroid / mass, 1e-4, "view " + view);
        }
    }

    @Test
    void gradientsFlowThroughProjectionAndBackprojection() {
        Projector p = new Projector(TiltGeometry.range(-45, 45, 15, TiltAxis.Y), 7, 5);
        Rng rng = new Rng(4);
        assertTrue(GradCheck.check(a -> p.project(a[0]).square(), Tensor.randn(rng, 5, 2, 7).requiresGrad()).ok());
        assertTrue(GradCheck.check(a -> p.backproject(a[0]).sin(), Tensor.randn(rng, p.views(), 2, 7).requiresGrad()).ok());
    }

    @Test
    void shapesAndErrors() {
        Projector p = new Projector(TiltGeometry.standard(), 16, 6);
        assertArrayEquals(new int[] {61, 3, 16}, p.project(Tensor.zeros(6, 3, 16)).dims());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.project(Tensor.zeros(6, 3, 15)));
        assertTrue(e.getMessage().contains("[6, 3, 15]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Projector(TiltGeometry.range(-60, 60, 2, TiltAxis.X), 16, 6));
    }
}
