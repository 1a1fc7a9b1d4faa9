package org.cryograd.polar.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cryograd.io.MrcFile;
import org.cryograd.io.MrcMode;
import org.cryograd.io.MrcWriter;
import org.cryograd.nn.train.Stage;
import org.cryograd.nn.train.StepReport;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.polar.Interpolation;
import org.cryograd.polar.model.PolarModelConfig;
import org.cryograd.polar.sim.ParticleSets;
import org.cryograd.polar.sim.ParticleSimulator;
import org.cryograd.polar.sim.Setting;
import org.cryograd.polar.sim.SimulationOptions;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingApiTest {
    static TrainingOptions tiny(ModelKind kind, int steps) {
        SimulationOptions sim = SimulationOptions.defaults(16, Setting.DIRECTIONAL, 2, 4, 0.1, 3);
        PolarModelConfig pc = new PolarModelConfig(16, 8, 1, 1, 3, 2, 2, 1, Interpolation.bilinear());
        return new TrainingOptions(kind, sim, pc, 3, 4, steps, 1e-3, 1.0, 2, 17);
    }

    @Test
    void trainingLowersTheLossAndResumesBitForBit(@TempDir Path dir) throws IOException {
        TrainingOptions o = tiny(ModelKind.POLAR_TRANSFORMER, 6);
        double[] first = new double[6];
        PolarTraining.Result full = PolarTraining.train(o, dir.resolve("full"), new TrainingListener() {
            @Override
            public void step(Stage stage, StepReport r) {
                int step = (int) r.step() - 1;
                double loss = r.losses().get("mse");
                first[step] = loss;
            }
        });
        assertTrue(Files.exists(dir.resolve("full").resolve(ModelFiles.MODEL)));
        // interrupted after step 3 (checkpoint every 2 steps: step 4 is saved), then resumed
        Path part = dir.resolve("part");
        assertThrows(IllegalStateException.class, () -> PolarTraining.train(o, part, new TrainingListener() {
            @Override
            public void step(Stage stage, StepReport r) {
                int step = (int) r.step() - 1;
                double loss = r.losses().get("mse");
                if (step == 4) throw new IllegalStateException("stop");
            }
        }));
        int[] resumedFrom = {-1};
        PolarTraining.train(o, part, new TrainingListener() {
            @Override
            public void step(Stage stage, StepReport r) {
                int step = (int) r.step() - 1;
                double loss = r.losses().get("mse");
                if (resumedFrom[0] < 0) resumedFrom[0] = step;
            }
        });
        assertEquals(4, resumedFrom[0]);
        Map<String, Tensor> a = ModelFiles.load(dir.resolve("full")).model().stateDict(), b = ModelFiles.load(part).model().stateDict();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toArray(), b.get(k).toArray(), k);
        // a checkpoint written with other settings is refused, naming the file
        IOException e = assertThrows(IOException.class, () -> PolarTraining.train(o.withKind(ModelKind.POLAR_CNN), part, null));
        assertTrue(e.getMessage().contains(ModelFiles.CHECKPOINT));
    }

    @Test
    void everyKindTrainsAndReloads(@TempDir Path dir) throws IOException {
        for (ModelKind k : ModelKind.values()) {
            PolarTraining.Result r = PolarTraining.train(tiny(k, 2), dir.resolve(k.label()), null);
            ModelFiles.Loaded l = ModelFiles.load(dir.resolve(k.label()));
            assertEquals(k, l.kind());
            assertEquals(4, l.setSize());
            Tensor x = Tensor.randn(new org.cryograd.tensor.Rng(1), 2, 4, 16, 16);
            try (Grad off = Grad.disabled()) {
                assertArrayEquals(r.model().forward(x).toArray(), l.model().forward(x).toArray(), 1e-6f, k.label());
            }
        }
    }

    @Test
    void denoisesAnMrcsStackInSets(@TempDir Path dir) throws IOException {
        TrainingOptions o = tiny(ModelKind.POLAR_TRANSFORMER, 2);
        PolarTraining.Result r = PolarTraining.train(o, dir.resolve("m"), null);
        ParticleSets p = ParticleSimulator.simulate(o.simulation().withSets(3, 99));
        Tensor stack = p.noisy().reshape(12, 16, 16).slice(0, 0, 10); // 10 particles: sets of 4, 4 and 2
        Path in = dir.resolve("in.mrcs"), out = dir.resolve("out.mrcs");
        MrcWriter.write(in, stack, 5.0);
        PolarDenoise.Summary s = PolarDenoise.run(dir.resolve("m"), in, 4, out);
        assertEquals(10, s.images());
        assertEquals(3, s.sets());
        MrcFile f = MrcFile.read(out);
        assertEquals(MrcMode.FLOAT32, f.header().mode());
        assertArrayEquals(new int[] {10, 16, 16}, f.data().dims());
        // the same as running the model on the three sets by hand with the stack's standard deviation as scale
        float sc = (float) PolarTraining.std(stack);
        try (Grad off = Grad.disabled()) {
            Tensor a = r.model().forward(stack.slice(0, 0, 8).reshape(2, 4, 16, 16).mul(1 / sc)).mul(sc);
            Tensor b = r.model().forward(stack.slice(0, 8, 10).reshape(1, 2, 16, 16).mul(1 / sc)).mul(sc);
            float[] expect = Tensor.cat(0, a.reshape(8, 16, 16), b.reshape(2, 16, 16)).toArray();
            assertArrayEquals(expect, f.data().toArray(), 1e-5f);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            MrcWriter.write(dir.resolve("big.mrcs"), Tensor.zeros(2, 20, 20), 1.0);
            PolarDenoise.run(dir.resolve("m"), dir.resolve("big.mrcs"), 4, out);
        });
        assertTrue(e.getMessage().contains("20 x 20"));
    }
}
