package org.cryograd.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cryograd.dual.DualDenoise;
import org.cryograd.io.MrcFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DUAL example with two training steps: it writes a model and a denoised tomogram that the saved model reproduces. */
class DenoiseTomogramTest {
    @Test
    void trainsBrieflyAndDenoises(@TempDir Path dir) throws Exception {
        DenoiseTomogram.main(new String[] {dir.toString(), "2"});
        Path tomo = dir.resolve("tomogram9.mrc"), den = dir.resolve("tomogram9_dual.mrc");
        assertTrue(Files.exists(dir.resolve("model").resolve("weights.safetensors")));
        MrcFile in = MrcFile.read(tomo), out = MrcFile.read(den);
        assertArrayEquals(new int[] {32, 64, 64}, out.data().dims());
        assertArrayEquals(in.data().dims(), out.data().dims());
        Path again = dir.resolve("again.mrc");
        DualDenoise.run(dir.resolve("model"), tomo, again);   // the saved model gives the same output
        assertArrayEquals(out.data().toArray(), MrcFile.read(again).data().toArray(), 0f);
    }
}
