package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.cryograd.dual.net.SpectralProfile;
import org.cryograd.dual.net.UNet3d;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.GradCheck;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Shapes, orthogonal initialisation, the differentiable spectrum, the voxel permutation. */
class NetworksTest {
    @Test
    void everyWeightIsOrthogonal() {
        DualNetworks n = new DualNetworks(Fixtures.tiny(), new Rng(11));
        int checked = 0;
        for (Map.Entry<String, Tensor> e : n.namedParameters().entrySet()) {
            Tensor w = e.getValue();
            if (w.rank() < 2) {
                if (e.getKey().endsWith("bias")) for (float b : w.toArray()) assertEquals(0f, b, e.getKey());
                continue;
            }
            int rows = w.dim(0), cols = (int) (w.numel() / rows);
            float[] a = w.toArray();
            boolean wide = rows <= cols; // torch.nn.init.orthogonal_: W W^T = I if wide, W^T W = I if tall
            int m = wide ? rows : cols;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < m; j++) {
                    double s = 0;
                    if (wide) for (int k = 0; k < cols; k++) s += (double) a[i * cols + k] * a[j * cols + k];
                    else for (int k = 0; k < rows; k++) s += (double) a[k * cols + i] * a[k * cols + j];
                    assertEquals(i == j ? 1 : 0, s, 1e-5, e.getKey() + " (" + rows + "x" + cols + ") Gram[" + i + "," + j + "]");
                }
            checked++;
        }
        assertTrue(checked > 20, "checked " + checked + " weights");
    }

    @Test
    void shapesForTheQuickConfig() {
        DualConfig c = DualConfig.quick();
        DualNetworks n = new DualNetworks(c, new Rng(1));
        try (MemoryScope s = MemoryScope.open(); var g = org.cryograd.tensor.Grad.disabled()) {
            Tensor x = Tensor.randn(new Rng(2), 2, 1, 32, 32, 32);
            assertArrayEquals(new int[] {2, 1, 32, 32, 32}, n.denoiser().forward(x).dims());
            Tensor codes = n.encoder().forward(x);
            assertArrayEquals(new int[] {2, 16}, codes.dims());
            assertArrayEquals(new int[] {2, 1, 32, 32, 32}, n.noiseDecoder().forward(codes).dims());
            assertArrayEquals(new int[] {2, 1, 3, 3, 3}, n.noisyDiscriminator().spatialLogits(x).dims());
            assertArrayEquals(new int[] {2, 1}, n.noisyDiscriminator().spectralLogits(x).dims());
            assertArrayEquals(new int[] {2, 28}, n.cleanDiscriminator().forward(x).dims());
        }
    }

    @Test
    void aNoGradUNetPassGivesTheSameOutputAndFreesItsIntermediates() {
        UNet3d net = new UNet3d(new Rng(12), 1, 1, 3, 4, 0.2f);
        Tensor x = Tensor.randn(new Rng(13), 1, 1, 16, 16, 16);
        float[] withGraph;
        long heldWithGraph;
        try (MemoryScope s = MemoryScope.open()) {
            withGraph = net.forward(x).toArray();
            heldWithGraph = s.elements();
        }
        try (MemoryScope s = MemoryScope.open(); Grad g = Grad.disabled()) {
            Tensor y = net.forward(x);
            assertArrayEquals(withGraph, y.toArray(), 0f);
            long firstLevel = 4L * 16 * 16 * 16;
            assertTrue(s.elements() < firstLevel, "held " + s.elements() + " elements; one first-level activation is " + firstLevel);
            assertTrue(heldWithGraph > 10 * firstLevel, "with a graph the activations stay: " + heldWithGraph);
            assertTrue(!x.isClosed());
        }
    }

    @Test
    void dftPowerSatisfiesParsevalAndMatchesADirectDft() {
        int n = 6;
        Tensor x = Tensor.randn(new Rng(4), 1, 1, n, n, n);
        float[] p = new SpectralProfile(n).power(x).toArray(); // axes (y, x, z)
        float[] v = x.toArray();
        double sx = 0, sp = 0;
        for (float f : v) sx += f * f;
        for (float f : p) sp += f;
        assertEquals(sx, sp, 1e-4 * sx, "orthonormal DFT keeps the energy");
        int[][] ks = {{0, 0, 0}, {1, 2, 3}, {5, 0, 4}, {3, 3, 3}};
        for (int[] k : ks) { // k = (kz, ky, kx); stored at [ky, kx, kz]
            double re = 0, im = 0;
            for (int z = 0; z < n; z++)
                for (int y = 0; y < n; y++)
                    for (int xx = 0; xx < n; xx++) {
                        double ang = -2 * Math.PI * ((double) k[0] * z + (double) k[1] * y + (double) k[2] * xx) / n;
                        double val = v[(z * n + y) * n + xx];
                        re += val * Math.cos(ang);
                        im += val * Math.sin(ang);
                    }
            double e = (re * re + im * im) / (n * n * n);
            assertEquals(e, p[(k[1] * n + k[2]) * n + k[0]], 1e-4 * Math.max(1, e), "|X|^2 at " + java.util.Arrays.toString(k));
        }
    }

    @Test
    void spectralProfilePassesGradCheck() {
        Tensor x = Tensor.randn(new Rng(5), 2, 1, 4, 4, 4).requiresGrad();
        GradCheck.Result r = GradCheck.check(in -> new SpectralProfile(4).forward(in[0]), 1e-2, 2e-3, 2e-2, x);
        assertTrue(r.ok(), r.worst());
    }

    @Test
    void klPassesGradCheck() {
        Tensor c = Tensor.randn(new Rng(6), 6, 3).requiresGrad();
        GradCheck.Result r = GradCheck.check(in -> GaussianKl.loss(in[0], 1e-2), 1e-3, 2e-3, 2e-2, c);
        assertTrue(r.ok(), r.worst());
    }

    @Test
    void voxelPermutationPermutesEachSampleAndRoutesGradientsBack() {
        Tensor x = Tensor.randn(new Rng(7), 3, 1, 4, 4, 4).requiresGrad();
        Tensor y = VoxelPermutation.apply(x, new Rng(8));
        float[] xv = x.toArray(), yv = y.toArray();
        boolean moved = false;
        for (int b = 0; b < 3; b++) {
            float[] xs = java.util.Arrays.copyOfRange(xv, b * 64, b * 64 + 64), ys = java.util.Arrays.copyOfRange(yv, b * 64, b * 64 + 64);
            moved |= !java.util.Arrays.equals(xs, ys);
            java.util.Arrays.sort(xs);
            java.util.Arrays.sort(ys);
            assertArrayEquals(xs, ys, "sample " + b + " keeps its values");
        }
        assertTrue(moved);
        Tensor w = Tensor.arange(192).reshape(3, 1, 4, 4, 4);
        y.mul(w).sum().backward();
        // d/dx[i] of sum(w * x[perm]) = w[perm^-1(i)]: the gradient is w scattered back, a permutation of w per sample
        float[] g = x.grad().toArray();
        for (int b = 0; b < 3; b++) {
            float[] gs = java.util.Arrays.copyOfRange(g, b * 64, b * 64 + 64);
            java.util.Arrays.sort(gs);
            for (int i = 0; i < 64; i++) assertEquals(b * 64 + i, gs[i]);
        }
        float[] same = VoxelPermutation.apply(x, new Rng(8)).toArray();
        assertArrayEquals(yv, same, "seeded");
    }
}
