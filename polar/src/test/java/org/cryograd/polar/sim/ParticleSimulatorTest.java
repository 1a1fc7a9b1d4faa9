package org.cryograd.polar.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.cryograd.fft.Fft;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ParticleSimulatorTest {
    static SimulationOptions opts(Setting s, int sets, double snr, long seed) {
        return SimulationOptions.defaults(16, s, sets, 6, snr, seed);
    }

    @Test
    void uniformRotationsAreProperRotations() {
        Rng rng = new Rng(1);
        for (int k = 0; k < 50; k++) {
            double[] r = Rotations.uniform(rng);
            double[] rrt = Rotations.multiply(r, new double[] {r[0], r[3], r[6], r[1], r[4], r[7], r[2], r[5], r[8]});
            for (int i = 0; i < 9; i++) assertEquals(i % 4 == 0 ? 1 : 0, rrt[i], 1e-12);
            double det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
            assertEquals(1, det, 1e-12);
        }
    }

    @Test
    void seededAndReproducible() {
        ParticleSets a = ParticleSimulator.simulate(opts(Setting.MIXED, 3, 0.1, 5));
        ParticleSets b = ParticleSimulator.simulate(opts(Setting.MIXED, 3, 0.1, 5));
        ParticleSets c = ParticleSimulator.simulate(opts(Setting.MIXED, 3, 0.1, 6));
        assertArrayEquals(a.noisy().toArray(), b.noisy().toArray());
        assertFalse(java.util.Arrays.equals(a.noisy().toArray(), c.noisy().toArray()));
    }

    @Test
    void noiseVarianceIsSignalVarianceOverSnr() {
        ParticleSets p = ParticleSimulator.simulate(opts(Setting.DIRECTIONAL, 40, 0.05, 3));
        float[] cl = p.clean().toArray(), no = p.noisy().toArray();
        int px = 256, m = cl.length / px;
        double sig = 0, noise = 0;
        for (int i = 0; i < m; i++) {
            double mu = 0, mu2 = 0;
            for (int j = 0; j < px; j++) {
                mu += cl[i * px + j];
                mu2 += cl[i * px + j] * (double) cl[i * px + j];
            }
            mu /= px;
            sig += (mu2 / px - mu * mu) / m;
        }
        for (int j = 0; j < cl.length; j++) noise += (no[j] - cl[j]) * (double) (no[j] - cl[j]) / cl.length;
        // 61440 noise samples: relative standard error of the variance ~ sqrt(2/61440) = 0.6%
        assertEquals(sig / 0.05, noise, 0.03 * sig / 0.05);
        assertEquals(Math.sqrt(sig / 0.05), p.noiseStd(), 1e-9 * p.noiseStd());
    }

    @Test
    void directionalSetsShareOneViewUpToInPlaneRotation() {
        ParticleSets p = ParticleSimulator.simulate(opts(Setting.DIRECTIONAL, 4, 1, 8));
        for (int s = 0; s < 4; s++)
            for (int k = 1; k < 6; k++) {
                int i = s * 6, j = s * 6 + k;
                assertEquals(p.classes()[i], p.classes()[j]);
                double[] ri = p.rotations()[i], rj = p.rotations()[j];
                double[] rel = Rotations.multiply(ri, new double[] {rj[0], rj[3], rj[6], rj[1], rj[4], rj[7], rj[2], rj[5], rj[8]});
                assertEquals(1, rel[8], 1e-12, "R_i R_j^T must be a rotation about z");
            }
    }

    @Test
    void mixedSetsHoldAtMostGroupsPerSetViews() {
        ParticleSets p = ParticleSimulator.simulate(opts(Setting.MIXED, 6, 1, 9));
        boolean sawTwo = false;
        for (int s = 0; s < 6; s++) {
            Set<Long> views = new HashSet<>();
            for (int k = 0; k < 6; k++) {
                double[] r = p.rotations()[s * 6 + k];
                // the viewing direction (third row of R) identifies the group
                views.add(Math.round(r[6] * 1e6) * 31 + Math.round(r[7] * 1e6) * 7 + Math.round(r[8] * 1e6));
            }
            assertTrue(views.size() <= 2);
            sawTwo |= views.size() == 2;
        }
        assertTrue(sawTwo);
    }

    @Test
    void projectionIsTheLineIntegralOfTheVolume() {
        SimulationOptions o = opts(Setting.DIRECTIONAL, 1, 1, 4);
        PseudoMolecule m = ParticleSimulator.molecule(o, 0);
        int n = 16;
        float[] v = m.volume(n).toArray();
        // identity: sum over z; 90 degrees about x (y -> z, z -> -y): sum over y, image rows = -z
        double[] rx = {1, 0, 0, 0, 0, -1, 0, 1, 0};
        float[] p0 = m.project(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 0, 0, n), p1 = m.project(rx, 0, 0, n);
        double e0 = 0, e1 = 0, s0 = 0;
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) {
                double a = 0, b = 0;
                for (int z = 0; z < n; z++) a += v[(z * n + y) * n + x];
                // rotated density W(x, y, z) = V(R^T (x, y, z)) = V(x, z, -y) about the centre 8
                for (int z = 0; z < n; z++) {
                    int vy = z, vz = 16 - y;
                    if (vz < n) b += v[(vz * n + vy) * n + x];
                }
                e0 += Math.pow(a - p0[y * n + x], 2);
                e1 += Math.pow(b - p1[y * n + x], 2);
                s0 += a * a;
            }
        assertTrue(e0 / s0 < 1e-4, "z projection " + e0 / s0);
        assertTrue(e1 / s0 < 1e-3, "rotated projection " + e1 / s0);
    }

    @Test
    void cleanImagesCarryTheStatedCtf() {
        // CTF = -sin(pi lambda df k^2 - pi/2 Cs lambda^3 k^4 + asin(0.1)), lambda(300 kV) = 0.0196875 Å
        SimulationOptions o = opts(Setting.DIRECTIONAL, 1, 1, 12);
        ParticleSets p = ParticleSimulator.simulate(o);
        int n = 16;
        Tensor proj = p.projections().slice(1, 0, 1).reshape(n, n), clean = p.clean().slice(1, 0, 1).reshape(n, n);
        float[] fp = Fft.rfft2(proj).toArray(), fc = Fft.rfft2(clean).toArray();
        double lam = 0.0196875, df = p.defocusUm()[0] * 1e4, cs = 2.7e7;
        int checked = 0;
        for (int iy = 0; iy < n; iy++)
            for (int ix = 0; ix <= n / 2; ix++) {
                int o2 = (iy * (n / 2 + 1) + ix) * 2;
                double mag = Math.hypot(fp[o2], fp[o2 + 1]);
                if (mag < 1e-2) continue;
                double ky = (iy <= n / 2 ? iy : iy - n) / (n * o.pixelSize()), kx = ix / (n * o.pixelSize());
                double k2 = kx * kx + ky * ky;
                double ctf = -Math.sin(Math.PI * lam * df * k2 - 0.5 * Math.PI * cs * lam * lam * lam * k2 * k2 + Math.asin(0.1));
                assertEquals(ctf, fc[o2] / fp[o2], 1e-3 + 1e-3 * Math.abs(ctf), "ratio at (" + iy + "," + ix + ")");
                checked++;
            }
        assertTrue(checked > 50);
    }

    @Test
    void optionsAreValidated() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SimulationOptions.defaults(16, Setting.MIXED, 1, 4, 0, 1));
        assertTrue(e.getMessage().contains("snr"));
    }
}
