package org.cryograd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gives one line naming the file, value or shape. */
class InputChecksTest {
    @Test
    void shapesAndValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VolumeData(new float[5], 2, 2, 2, 0));
        assertEquals("VolumeData: 5 values do not fill 2x2x2 (x,y,z) = 8 voxels", e.getMessage());
        VolumeData v = new VolumeData(new float[8], 2, 2, 2, 1);
        e = assertThrows(IllegalArgumentException.class, () -> new TiltSeries(v, new double[] {0, 10, 20}));
        assertEquals("3 tilt angles but the tilt series has 2 views (sections); they must match", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Reconstruct.Options.defaults().withFilter("gauss"));
        assertEquals("filter gauss: choose one of ramp, shepp-logan, cosine, hann", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Reconstruct.Options.defaults().withDevice("gpu"));
        assertEquals("device 'gpu': expected cpu, cuda, cuda:N or auto", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Evaluate.fsc(v, new VolumeData(new float[12], 3, 2, 2, 1)));
        assertEquals("the first volume is 2x2x2 (x,y,z) but the second volume is 3x2x2 (x,y,z); the sizes must match", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Simulate.PhantomOptions.defaults().withKind("cube"));
        assertTrue(e.getMessage().contains("choose one of spheres, shapes, particle, shepp"), e.getMessage());
    }

    @Test
    void filesAreNamed(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.mrc"), "not an mrc");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VolumeData.read(bad));
        assertTrue(e.getMessage().startsWith("not a valid MRC file: ") && e.getMessage().contains(bad.toString()), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> VolumeData.read(dir.resolve("none.mrc")));
        assertEquals(dir.resolve("none.mrc") + ": no such file", e.getMessage());
        float[] d = new float[8];
        d[5] = Float.NaN;
        Path nan = dir.resolve("nan.mrc");
        new VolumeData(d, 2, 2, 2, 0).writeMrc(nan, java.util.List.of());
        e = assertThrows(IllegalArgumentException.class, () -> VolumeData.read(nan));
        assertTrue(e.getMessage().startsWith(nan + ": 1 non-finite value") && e.getMessage().endsWith("; the data must be finite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Denoise.run(dir, new VolumeData(new float[8], 2, 2, 2, 0), Denoise.Options.defaults()));
        assertEquals("model " + dir + ": not a DUAL model directory (expected config.properties and weights.safetensors)", e.getMessage());
    }
}
