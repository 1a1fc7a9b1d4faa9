package org.cryograd.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cryograd.io.MrcFile;
import org.cryograd.polar.train.PolarDenoise;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The polar example with a few training steps: it writes the model and a denoised stack that the library reproduces. */
class DenoiseParticlesTest {
    @Test
    void trainsAndDenoisesAStack(@TempDir Path dir) throws Exception {
        DenoiseParticles.main(new String[] {dir.toString(), "3"});
        Path stack = dir.resolve("particles.mrcs"), den = dir.resolve("particles_denoised.mrcs");
        assertTrue(Files.exists(dir.resolve("model").resolve("model.safetensors")));
        assertArrayEquals(new int[] {128, 32, 32}, MrcFile.read(den).data().dims());
        Path again = dir.resolve("again.mrcs");
        PolarDenoise.run(dir.resolve("model"), stack, 16, again);
        assertArrayEquals(MrcFile.read(den).data().toArray(), MrcFile.read(again).data().toArray(), 0f);
    }
}
