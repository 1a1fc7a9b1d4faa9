package org.cryograd.polar.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cryograd.nn.io.Checkpoint;
import org.cryograd.nn.io.SafeTensors;
import org.cryograd.nn.io.SafeTensorsException;
import org.cryograd.nn.optim.DivergedException;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Polar training stops at the first non-finite loss or gradient; models with non-finite weights are refused. */
class PolarDivergenceTest {
    @Test
    void anExplodingRunStopsAtItsFirstNonFiniteStepAndKeepsTheLastCheckpoint(@TempDir Path dir) throws IOException {
        TrainingOptions t = TrainingApiTest.tiny(ModelKind.DNCNN, 6);
        // a learning rate of 1e30 moves every weight by about 1e30 in the first step: the second step's loss is still
        // finite but its backward pass overflows, so the gradient check is what stops it
        TrainingOptions o = new TrainingOptions(t.kind(), t.simulation(), t.polar(), t.dncnnLayers(), t.dncnnChannels(), 6, 1e30, 1.0, 1, 17);
        DivergedException e = assertThrows(DivergedException.class, () -> PolarTraining.train(o, dir, null));
        Path ckpt = dir.resolve(ModelFiles.CHECKPOINT);
        assertEquals(2, e.step(), e.getMessage());
        assertTrue(e.getMessage().startsWith("step 2: gradient of 'body.0.weight' has 36 non-finite values (36 NaN) of 36"), e.getMessage());
        assertTrue(e.getMessage().endsWith("training stopped; the last good checkpoint " + ckpt + " is kept and no model was written"), e.getMessage());
        try (Checkpoint c = Checkpoint.load(ckpt)) { // loads: every tensor finite
            assertEquals(1, c.progress().step());
        }
        assertFalse(Files.exists(dir.resolve(ModelFiles.MODEL)), "no model written");
    }

    @Test
    void aModelFileWithANonFiniteWeightIsRefusedNamingTheTensor(@TempDir Path dir) throws IOException {
        PolarTraining.train(TrainingApiTest.tiny(ModelKind.DNCNN, 1), dir, null);
        Path f = dir.resolve(ModelFiles.MODEL);
        Map<String, Tensor> w = new LinkedHashMap<>();
        Map<String, String> meta;
        String name;
        try (var st = SafeTensors.read(f)) {
            meta = st.metadata();
            st.tensors().forEach((k, v) -> w.put(k, v.copy()));
        }
        name = w.keySet().iterator().next();
        float[] a = w.get(name).toArray();
        a[0] = Float.NaN;
        w.put(name, Tensor.of(a, w.get(name).dims()));
        SafeTensors.write(f, w, meta);
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> ModelFiles.load(dir));
        assertTrue(e.getMessage().startsWith(f + ": tensor '" + name + "' has 1 non-finite value (1 NaN)"), e.getMessage());
    }
}
