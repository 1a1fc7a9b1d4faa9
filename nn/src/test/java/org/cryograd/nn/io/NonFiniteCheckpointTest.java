package org.cryograd.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cryograd.nn.optim.SGD;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints refuse non-finite tensors when writing (the previous file is kept) and when reading, naming the tensor. */
class NonFiniteCheckpointTest {
    @TempDir
    Path dir;

    private static Map<String, Tensor> state(float bad) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("fc.weight", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        m.put("fc.bias", Tensor.of(new float[] {0.5f, bad}, 2));
        return m;
    }

    @Test
    void saveRefusesANonFiniteWeightAndKeepsThePreviousFile() throws Exception {
        Path f = dir.resolve("ck.safetensors");
        Checkpoint.save(f, state(7f), null, TrainingProgress.of(1, 10, new org.cryograd.tensor.Rng(3)), Map.of());
        byte[] good = Files.readAllBytes(f);
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            SafeTensorsException e = assertThrows(SafeTensorsException.class,
                    () -> Checkpoint.save(f, state(bad), null, TrainingProgress.of(2, 20, new org.cryograd.tensor.Rng(3)), Map.of()));
            assertTrue(e.getMessage().startsWith(f + ": tensor 'model.fc.bias' has 1 non-finite value"), e.getMessage());
            assertTrue(e.getMessage().contains("at flat index 1"), e.getMessage());
            assertArrayEquals(good, Files.readAllBytes(f), "the previous checkpoint is kept");
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "no temporary file left");
        }
    }

    @Test
    void saveRefusesNonFiniteOptimizerState() {
        Path f = dir.resolve("opt.safetensors");
        Tensor w = Tensor.of(new float[] {1, 2}, 2).requiresGrad();
        SGD sgd = new SGD(List.of(w), SGD.Options.of(0.1).withMomentum(0.9));
        w.sum().mul(Float.NaN).backward();
        sgd.step(); // the momentum buffer is now NaN
        Map<String, Tensor> model = Map.of("w", Tensor.of(new float[] {1, 2}, 2));
        SafeTensorsException e = assertThrows(SafeTensorsException.class,
                () -> Checkpoint.save(f, model, sgd, TrainingProgress.of(0, 1, new org.cryograd.tensor.Rng(1)), Map.of()));
        assertTrue(e.getMessage().contains("tensor 'optim."), e.getMessage());
        assertFalse(Files.exists(f));
    }

    @Test
    void loadRefusesAFileWithANonFiniteWeight() throws Exception {
        Path f = dir.resolve("written-elsewhere.safetensors");
        Map<String, Tensor> t = new LinkedHashMap<>();
        state(Float.NaN).forEach((k, v) -> t.put(Checkpoint.MODEL + k, v));
        Map<String, String> meta = new LinkedHashMap<>(Map.of("format", Checkpoint.FORMAT, "format_version", Checkpoint.VERSION, "progress.epoch", "0",
                "progress.step", "1", "progress.rng_seed", "0", "progress.rng_counter", "0"));
        SafeTensors.write(f, t, meta); // the plain format writer does not judge the values
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> Checkpoint.load(f));
        assertTrue(e.getMessage().startsWith(f + ": tensor 'model.fc.bias' has 1 non-finite value (1 NaN) of 2, the first (NaN) at flat index 1"),
                e.getMessage());
    }
}
