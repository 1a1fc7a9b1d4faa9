package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.TestDevices;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DUAL's device path: training, denoising and simulation on a GPU give what the CPU gives (same seeded stream, float
 * tolerance). Skips with the reason when no CUDA device can be opened; the CPU half runs everywhere.
 */
class DualDeviceTest {
    @Test
    void trainingOnTheCpuDeviceExplicitlyIsTheDefault(@TempDir Path dir) throws Exception {
        DualConfig c = Fixtures.tiny();
        DualModel a = new DualTrainer(c, DualTrainerTest.sampler(c), dir.resolve("a"), null).train(1, 3, false);
        DualModel b = DualTraining.train(new DualTrainingOptions(null, null, DualTrainerTest.volumes(1, 2, 18), DualTrainerTest.volumes(2, 2, 17),
                c, 1, dir.resolve("b"), 3, false, null), null);
        assertEquals(Device.cpu(), b.device(), "a null device means the CPU");
        assertEquals(Files.readString(dir.resolve("a").resolve(DualTrainer.LOSSES_CSV)), Files.readString(dir.resolve("b").resolve(DualTrainer.LOSSES_CSV)));
    }

    @Test
    void gpuTrainingDenoisingAndSimulationMatchTheCpu(@TempDir Path dir) throws Exception {
        Device gpu = TestDevices.cudaOrSkip();
        DualConfig c = Fixtures.tiny();
        DualModel cpu = new DualTrainer(c, DualTrainerTest.sampler(c), dir.resolve("cpu"), null).train(1, 5, false);
        DualModel dev = new DualTrainer(c, DualTrainerTest.sampler(c), dir.resolve("gpu"), null, gpu).train(1, 5, false);
        assertEquals(gpu, dev.device());
        Map<String, Tensor> a = cpu.networks().stateDict(), b = dev.networks().stateDict();
        for (String k : a.keySet()) assertClose(a.get(k).toArray(), b.get(k).toArray(), 1e-3, k);

        Volume v = DualTrainerTest.volumes(9, 1, 20).get(0);
        assertClose(cpu.denoise(v).data(), dev.denoise(v).data(), 1e-3, "denoise");
        assertClose(cpu.simulate(v, new Rng(4)).data(), dev.simulate(v, new Rng(4)).data(), 1e-3, "simulate");
        List<String> losses = Files.readAllLines(dir.resolve("gpu").resolve(DualTrainer.LOSSES_CSV));
        assertTrue(losses.size() > 1);
    }

    static void assertClose(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0, diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(diff <= tol * Math.max(1, scale), what + ": max |cpu - gpu| " + diff + " > " + tol + " x max(1, " + scale + ")");
    }
}
