package org.cryograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.cryograd.tensor.Device;
import org.cryograd.tensor.F;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.spi.Backends;
import org.cryograd.tensor.spi.Storage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What only the whole backend on a GPU shows: an invalid gather index surfaces as the CPU backend's exception at the
 * next read (once), and the caching allocator keeps memory flat over training steps and reports out-of-memory clearly.
 * The kernels themselves are compared with the CPU by the validators ({@link DeviceOpsKernelTest} and the
 * {@code *KernelTest} classes), on the GPU and in the emulator. Needs a GPU; skips with the reason elsewhere.
 */
@Tag("cuda") // GpuTestMain runs it on the GPU machine
class CudaBackendGpuTest {
    private static CudaBackend gpu;
    private static String unavailable;

    /** Opens cuda:0 once; every test skips with the reason where it cannot open. */
    @BeforeEach
    void open() {
        if (gpu == null && unavailable == null) {
            try {
                gpu = (CudaBackend) Backends.of(new Device("cuda", 0));
            } catch (IllegalStateException e) {
                unavailable = e.getMessage();
            }
        }
        assumeTrue(gpu != null, () -> "no usable CUDA device: " + unavailable);
    }

    private static Storage up(float[] a) {
        return gpu.upload(a, 0, a.length);
    }

    private static float[] down(Storage s, int n) {
        float[] a = new float[n];
        gpu.download(s, 0, a, 0, n);
        return a;
    }

    @Test
    void badGatherIndexThrowsAtTheNextReadOnce() {
        int[] xShape = {4, 9, 5}, idxShape = {3, 6, 5};
        float[] index = new float[90];
        index[17] = 9;
        Storage bad = gpu.allocate(90);
        gpu.gather(up(new float[180]), xShape, 1, up(index), idxShape, bad);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> down(bad, 90));
        assertTrue(e.getMessage().startsWith("gather: index 9.0 out of range [0, 9)"), e.getMessage());
        assertEquals(0f, down(bad, 90)[17], "reported once, then cleared; an invalid index gathers 0");
    }

    @Test
    void memoryStaysFlatOverTrainingStepsAndOutOfMemoryIsClear() {
        Device cuda = gpu.device();
        Tensor w = Tensor.randn(cuda, new Rng(1), 4, 1, 3, 3, 3).requiresGrad(true);
        Tensor x = Tensor.randn(cuda, new Rng(2), 2, 1, 12, 12, 12);
        long allocsAfterWarmup = -1, inUseAfterWarmup = -1;
        for (int step = 0; step < 200; step++) {
            try (MemoryScope s = MemoryScope.open()) {
                Tensor loss = F.conv3d(x, w, null, 1, 1).tanh().square().mean();
                loss.backward();
                loss.item();
            }
            w.zeroGrad();
            if (step == 2) {
                allocsAfterWarmup = gpu.memoryStats().driverAllocs();
                inUseAfterWarmup = gpu.memoryStats().inUseBytes();
            }
        }
        assertEquals(allocsAfterWarmup, gpu.memoryStats().driverAllocs(), "no cuMemAlloc after warm-up");
        assertEquals(inUseAfterWarmup, gpu.memoryStats().inUseBytes(), "bytes in use are flat");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> gpu.allocate(1L << 40));
        assertTrue(e.getMessage().contains("out of memory") && e.getMessage().contains("4398046511104 bytes"), e.getMessage());
        float[] back = new float[5];
        gpu.download(gpu.upload(new float[] {9, 1, 2, 3, 4, 5, 9}, 1, 5), 0, back, 0, 5);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5}, back, "upload/download round trip");
    }
}
