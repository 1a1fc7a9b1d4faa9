package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cryograd.io.FileFormatException;
import org.cryograd.io.MrcWriter;
import org.cryograd.nn.io.SafeTensors;
import org.cryograd.nn.io.SafeTensorsException;
import org.cryograd.nn.optim.DivergedException;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DUAL never trains on, loads or writes non-finite values: it stops at the first bad step and keeps the last checkpoint. */
class DualDivergenceTest {
    private static List<Volume> nanVolumes(int n, int size) {
        List<Volume> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] a = new float[size * (size + 1) * (size + 2)];
            Arrays.fill(a, Float.NaN);
            out.add(Volume.of(Tensor.of(a, size, size + 1, size + 2)));
        }
        return out;
    }

    @Test
    void aNaNBatchStopsTrainingAtItsStepNamingTheTermAndKeepsTheCheckpoint(@TempDir Path dir) throws Exception {
        DualConfig c = Fixtures.tiny(); // 2 steps per epoch
        new DualTrainer(c, DualTrainerTest.sampler(c), dir, null).train(1, 7, false);
        Path ckpt = dir.resolve(DualTrainer.CHECKPOINT), weights = dir.resolve(DualTrainer.MODEL_DIR).resolve(DualModel.WEIGHTS);
        byte[] ckptBefore = Files.readAllBytes(ckpt), weightsBefore = Files.readAllBytes(weights);
        byte[] lossesBefore = Files.readAllBytes(dir.resolve(DualTrainer.LOSSES_CSV));

        // resume with noisy patches that are all NaN: the reconstruction of the noisy domain goes NaN first
        PatchSampler poisoned = new PatchSampler(nanVolumes(2, 18), DualTrainerTest.volumes(2, 2, 17), c.patchSize(), c.augment());
        DivergedException e = assertThrows(DivergedException.class, () -> new DualTrainer(c, poisoned, dir, null).train(2, 7, true));
        assertTrue(e.getMessage().startsWith("step 3: loss term 'rec_t' is NaN; training stopped; the last good checkpoint " + ckpt + " is kept"),
                e.getMessage());
        assertArrayEquals(ckptBefore, Files.readAllBytes(ckpt), "the last good checkpoint is untouched");
        assertArrayEquals(weightsBefore, Files.readAllBytes(weights), "no model written");
        assertArrayEquals(lossesBefore, Files.readAllBytes(dir.resolve(DualTrainer.LOSSES_CSV)), "no NaN rows in the loss history");
    }

    @Test
    void aModelWithANonFiniteWeightIsNeitherWrittenNorLoaded(@TempDir Path dir) throws Exception {
        DualConfig c = Fixtures.tiny();
        DualNetworks nets = new DualNetworks(c, new Rng(1));
        String name = nets.stateDict().keySet().iterator().next();
        Path good = dir.resolve("good");
        new DualModel(c, nets).save(good);

        Tensor w = nets.stateDict().get(name);
        float[] a = w.toArray();
        a[a.length - 1] = Float.POSITIVE_INFINITY;
        Tensor bad = Tensor.of(a, w.dims());
        nets.loadStateDict(Map.of(name, bad), false);
        Path out = dir.resolve("bad");
        SafeTensorsException s = assertThrows(SafeTensorsException.class, () -> new DualModel(c, nets).save(out));
        assertTrue(s.getMessage().contains("tensor '" + name + "' has 1 non-finite value (1 +Inf)"), s.getMessage());
        assertFalse(Files.exists(out), "nothing written, not even the config");

        // a weights file with the bad tensor (written by another tool) is refused on load, naming file and tensor
        Path wFile = good.resolve(DualModel.WEIGHTS);
        SafeTensors.write(wFile, nets.stateDict(), Map.of("format", "cryograd.dual", "format_version", "1"));
        SafeTensorsException l = assertThrows(SafeTensorsException.class, () -> DualModel.load(good));
        assertTrue(l.getMessage().startsWith(wFile + ": tensor '" + name + "' has 1 non-finite value (1 +Inf)"), l.getMessage());
        assertTrue(l.getMessage().contains("at flat index " + (a.length - 1)), l.getMessage());
    }

    @Test
    void trainingDataNameTheFile(@TempDir Path dir) throws Exception {
        float[] v = new float[20 * 21 * 22];
        v[(1 * 21 + 2) * 22 + 3] = Float.NaN;
        Path nan = dir.resolve("nan.mrc");
        MrcWriter.write(nan, Tensor.of(v, 20, 21, 22), 1.0);
        FileFormatException e = assertThrows(FileFormatException.class, () -> DualTraining.load(List.of(nan), List.of(), 16));
        assertTrue(e.getMessage().startsWith(nan + ": 1 non-finite value (1 NaN) of 9240, the first (NaN) at x=3, y=2, z=1"), e.getMessage());

        Path small = dir.resolve("small.mrc");
        MrcWriter.write(small, Tensor.of(new float[8 * 9 * 10], 8, 9, 10), 1.0);
        FileFormatException s = assertThrows(FileFormatException.class, () -> DualTraining.load(List.of(small), List.of(), 16));
        assertTrue(s.getMessage().startsWith(small + ": 10x9x8 (x,y,z) is smaller than the 16^3 training patch"), s.getMessage());
    }
}
