package org.cryograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.tensor.F;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The memory case through the public API: a 1 x 32 x 128^3 volume goes through a 3-D convolution forward
 * and backward while the per-thread column workspace stays under its cap. A full im2col matrix would need
 * 32 * 27 * 128^3 floats (7.2 GB).
 */
class ConvWorkspaceTest {
    @Test
    void volumeOf128CubedUsesABoundedWorkspace() {
        try (MemoryScope s = MemoryScope.open()) {
            Rng rng = new Rng(1);
            Tensor x = Tensor.randn(rng, 1, 32, 128, 128, 128).requiresGrad();
            Tensor w = Tensor.randn(rng, 1, 32, 3, 3, 3).requiresGrad();
            Tensor y = F.conv3d(x, w, null, 1, 1);
            assertArrayEquals(new int[] {1, 1, 128, 128, 128}, y.dims());
            y.sum().backward();
            assertArrayEquals(x.dims(), x.grad().dims());
            long im2col = 32L * 27 * 128 * 128 * 128;
            long ws = CpuConv.maxWorkspaceFloats();
            assertTrue(ws <= CpuConv.WORKSPACE_CAP_FLOATS, "workspace grew to " + ws + " floats");
            assertTrue(ws * 100 < im2col, "workspace " + ws + " floats is not far below a full im2col of " + im2col);
            x.zeroGrad();
            w.zeroGrad();
        }
    }
}
