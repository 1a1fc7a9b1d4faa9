package org.cryograd.polar.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.cryograd.polar.sim.ParticleSimulator;
import org.cryograd.polar.sim.Setting;
import org.cryograd.polar.sim.SimulationOptions;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.TestDevices;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The polar models' device path: training and set denoising on a GPU give what the CPU gives (float tolerance).
 * Skips with the reason when no CUDA device opens; the CPU half (explicit CPU device = the default) runs everywhere.
 */
class PolarDeviceTest {
    @Test
    void explicitCpuDeviceIsTheDefault(@TempDir Path dir) throws Exception {
        TrainingOptions o = TrainingApiTest.tiny(ModelKind.POLAR_TRANSFORMER, 2);
        PolarTraining.Result a = PolarTraining.train(o, dir.resolve("a"), null);
        PolarTraining.Result b = PolarTraining.train(o, dir.resolve("b"), null, Device.cpu());
        assertEquals(a.finalLoss(), b.finalLoss());
    }

    @Test
    void gpuTrainingAndDenoisingMatchTheCpu(@TempDir Path dir) throws Exception {
        Device gpu = TestDevices.cudaOrSkip();
        for (ModelKind kind : ModelKind.values()) {
            TrainingOptions o = TrainingApiTest.tiny(kind, 2);
            PolarTraining.Result cpu = PolarTraining.train(o, dir.resolve(kind + "-cpu"), null);
            PolarTraining.Result dev = PolarTraining.train(o, dir.resolve(kind + "-gpu"), null, gpu);
            assertEquals(cpu.finalLoss(), dev.finalLoss(), 1e-4 * Math.max(1, Math.abs(cpu.finalLoss())), kind + ": loss");
            Map<String, Tensor> a = cpu.model().stateDict(), b = dev.model().stateDict();
            for (String k : a.keySet()) close(a.get(k).toArray(), b.get(k).toArray(), kind + " " + k);
            Tensor stack = ParticleSimulator.simulate(SimulationOptions.defaults(16, Setting.DIRECTIONAL, 2, 4, 0.1, 9)).noisy().reshape(8, 16, 16);
            close(PolarDenoise.denoise(cpu.model(), stack, 4, null).toArray(), PolarDenoise.denoise(dev.model(), stack, 4, null).toArray(), kind + " denoise");
        }
    }

    private static void close(float[] e, float[] a, String what) {
        assertEquals(e.length, a.length, what);
        double scale = 1, diff = 0;
        for (int i = 0; i < e.length; i++) {
            scale = Math.max(scale, Math.abs(e[i]));
            diff = Math.max(diff, Math.abs(e[i] - a[i]));
        }
        assertTrue(diff <= 1e-3 * scale, what + ": max |cpu - gpu| " + diff);
    }
}
