package org.cryograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A barrier that not every thread of a block reaches fails the emulator run with a message naming the kernel, instead
 * of hanging until the 30-minute process timeout (the kernels are in {@code src/test/cuda/emu_test_kernels.cu}). The
 * {@code @Timeout} only guards this suite against a regression back to a hang; the emulator's own limit is
 * {@code CRYOGRAD_EMU_HANG_SECONDS} (10 s).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EmulatorBarrierTest {
    private static IllegalStateException failure(String kernel) {
        KernelEmulator e = new KernelEmulator(4);
        CudaStorage out = e.floats(new float[128]);
        e.launch("test", kernel, new KernelRunner.Grid(2, 1, 1, 64, 1, 1), KernelRunner.Ptr.of(out));
        return assertThrows(IllegalStateException.class, () -> e.read(out), kernel + " must fail the emulator run");
    }

    @Test
    void uniformBarrierStillRuns() {
        KernelEmulator.binary();
        KernelEmulator e = new KernelEmulator(4);
        CudaStorage out = e.floats(new float[128]);
        e.launch("test", "emu_test_uniform_syncthreads", new KernelRunner.Grid(2, 1, 1, 64, 1, 1), KernelRunner.Ptr.of(out));
        float[] want = new float[128];
        for (int b = 0; b < 2; b++)
            for (int t = 0; t < 64; t++) want[b * 64 + t] = b * 64 + 63 - t;
        assertArrayEquals(want, e.read(out), "each thread reads its mirror's write after the barrier");
    }

    @Test
    void divergentSyncthreadsFailsAtOnceNamingTheKernel() {
        KernelEmulator.binary();
        String m = failure("emu_test_divergent_syncthreads").getMessage();
        assertTrue(m.contains("emu_test_divergent_syncthreads: divergent __syncthreads: 32 threads of a block of 64 wait at __syncthreads"
                + " while 32 have finished the kernel"), m);
    }

    @Test
    void hungWarpBarrierFailsNamingTheKernel() {
        KernelEmulator.binary();
        String m = failure("emu_test_hung_syncwarp").getMessage();
        assertTrue(m.contains("emu_test_hung_syncwarp: hung barrier: no thread of the block progressed for"), m);
        assertTrue(m.contains("0 of 64 threads wait at __syncthreads, 48 at the end of the block"), m);
    }
}
