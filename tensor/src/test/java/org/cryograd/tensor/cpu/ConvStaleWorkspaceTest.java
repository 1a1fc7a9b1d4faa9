package org.cryograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.cryograd.tensor.spi.ConvGeometry;
import org.junit.jupiter.api.Test;

/**
 * The per-thread column workspace is reused across calls with undefined contents. Whatever an earlier call left in it
 * (NaN after a diverged training step) must not reach any pass's result: the results with a NaN-filled workspace
 * equal those with a zeroed one, bit for bit.
 */
class ConvStaleWorkspaceTest {
    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    private static float[][] passes(CpuGemm.Kernel kern, ConvGeometry g, float[] x, float[] w, float[] gy, float fill) {
        Arrays.fill(CpuConv.workspace(CpuConv.WORKSPACE_CAP_FLOATS), fill);
        float[] y = new float[g.n() * g.cout() * g.outSize()], gx = new float[x.length], gw = new float[w.length];
        CpuConv.forward(kern, x, w, null, y, g);
        Arrays.fill(CpuConv.workspace(CpuConv.WORKSPACE_CAP_FLOATS), fill);
        CpuConv.backwardData(kern, gy, w, gx, g);
        Arrays.fill(CpuConv.workspace(CpuConv.WORKSPACE_CAP_FLOATS), fill);
        CpuConv.backwardWeight(kern, x, gy, gw, g);
        return new float[][] {y, gx, gw};
    }

    @Test
    void aWorkspaceLeftFullOfNanChangesNoResult() {
        ConvGeometry[] geos = {
            // DnCNN's layers on 16 x 16 images (the case that showed it: a weight gradient of NaN after a diverged step)
            ConvGeometry.of(8, 4, 1, 1, new int[] {1, 16, 16}, new int[] {1, 3, 3}, new int[] {1, 1, 1}, new int[] {0, 1, 1}),
            ConvGeometry.of(8, 1, 4, 1, new int[] {1, 16, 16}, new int[] {1, 3, 3}, new int[] {1, 1, 1}, new int[] {0, 1, 1}),
            // rows split into tiles with a shorter last tile, and 3-D
            ConvGeometry.of(2, 3, 5, 1, new int[] {1, 97, 61}, new int[] {1, 3, 5}, new int[] {1, 1, 1}, new int[] {0, 1, 2}),
            ConvGeometry.of(1, 4, 6, 2, new int[] {9, 11, 13}, new int[] {3, 3, 3}, new int[] {1, 1, 1}, new int[] {1, 1, 1}),
            // strided (the gather paths and the multi-phase data gradient)
            ConvGeometry.of(2, 4, 6, 2, new int[] {1, 17, 19}, new int[] {1, 3, 3}, new int[] {1, 2, 2}, new int[] {0, 1, 1}),
            ConvGeometry.of(1, 3, 4, 1, new int[] {7, 9, 10}, new int[] {3, 3, 3}, new int[] {2, 2, 2}, new int[] {1, 0, 1}),
        };
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1); // every pass in this thread: the workspace filled here is the one the passes use
            long seed = 3;
            for (ConvGeometry g : geos) {
                Random r = new Random(seed++);
                float[] x = random(r, g.n() * g.cin() * g.inSize());
                float[] w = random(r, g.cout() * g.cinPerGroup() * g.kernelSize());
                float[] gy = random(r, g.n() * g.cout() * g.outSize());
                for (CpuGemm.Kernel kern : new CpuGemm.Kernel[] {CpuGemm.SCALAR, CpuGemm.KERNEL}) {
                    float[][] clean = passes(kern, g, x, w, gy, 0f), stale = passes(kern, g, x, w, gy, Float.NaN);
                    String[] names = {"forward", "backwardData", "backwardWeight"};
                    for (int i = 0; i < 3; i++) {
                        String what = names[i] + " " + (kern == CpuGemm.SCALAR ? "scalar " : "default kernel ") + g;
                        for (float v : clean[i]) assertTrue(Float.isFinite(v), what);
                        assertArrayEquals(clean[i], stale[i], what);
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
