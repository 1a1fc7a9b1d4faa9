package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A resume that cannot go on says why in one message: the config keys that differ, or the epochs already trained. */
class DualResumeErrorsTest {
    @Test
    void aConfigMismatchNamesOnlyTheKeysThatDiffer(@TempDir Path dir) throws Exception {
        DualConfig c = Fixtures.tiny();
        new DualTrainer(c, DualTrainerTest.sampler(c), dir, null).train(1, 7, false);
        DualConfig other = c.withLrDecay(0.5).withHistogramBins(8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DualTrainer(other, DualTrainerTest.sampler(c), dir, null).train(2, 7, true));
        String m = e.getMessage();
        assertTrue(m.contains("lrDecay: saved " + c.toMap().get("lrDecay") + ", now " + other.toMap().get("lrDecay")), m);
        assertTrue(m.contains("histogramBins: saved 0, now 8"), m);
        // the keys that agree are not listed (the old message printed the whole saved config)
        assertFalse(m.contains("patchSize"), m);
    }

    @Test
    void aCheckpointWhoseKlMemoryHeldCodesIsRefusedByName(@TempDir Path dir) throws Exception {
        DualConfig c = Fixtures.tiny();
        new DualTrainer(c, DualTrainerTest.sampler(c), dir, null).train(1, 7, false);
        Path ckpt = dir.resolve(DualTrainer.CHECKPOINT);
        // rewrite it as an earlier version wrote it: the memory's codes [capacity, K] under kl_memory.rows
        java.util.Map<String, org.cryograd.tensor.Tensor> t = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> meta;
        try (org.cryograd.nn.io.SafeTensorsFile f = org.cryograd.nn.io.SafeTensors.read(ckpt)) {
            meta = new java.util.LinkedHashMap<>(f.metadata());
            f.tensors().forEach((k, v) -> t.put(k.equals("model." + KlMemory.SAMPLES) ? "model." + KlMemory.LEGACY_CODES : k,
                    k.equals("model." + KlMemory.SAMPLES) ? org.cryograd.tensor.Tensor.zeros(c.klMemory(), c.codeSize()) : v.copy()));
        }
        org.cryograd.nn.io.SafeTensors.write(ckpt, t, meta);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DualTrainer(c, DualTrainerTest.sampler(c), dir, null).train(2, 7, true));
        assertTrue(e.getMessage().contains(ckpt.toString()) && e.getMessage().contains("held codes") && e.getMessage().contains("--restart"), e.getMessage());
    }

    @Test
    void askingForFewerEpochsThanTrainedIsAnError(@TempDir Path dir) throws Exception {
        DualConfig c = Fixtures.tiny();
        new DualTrainer(c, DualTrainerTest.sampler(c), dir, null).train(2, 7, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DualTrainer(c, DualTrainerTest.sampler(c), dir, null).train(1, 7, true));
        assertTrue(e.getMessage().contains("already trained 2 epochs, more than the 1 asked for"), e.getMessage());
    }
}
