package org.cryograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cryograd.api.Reconstruct;
import org.cryograd.api.TiltSeries;
import org.cryograd.api.VolumeData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example writes what the API computes from its own files. */
class EmbeddingApiTest {
    @Test
    void writesTheReconstructionPicksAndFsc(@TempDir Path dir) throws Exception {
        EmbeddingApi.main(new String[] {dir.toString()});
        for (String f : new String[] {"ts.mrc", "ts.tlt", "rec.mrc", "picks.star", "fsc.csv"}) assertTrue(Files.size(dir.resolve(f)) > 0, f);
        TiltSeries ts = TiltSeries.read(dir.resolve("ts.mrc"), dir.resolve("ts.tlt"));
        assertEquals(61, ts.viewCount());
        assertEquals(24, ts.thickness(), "the phantom's thickness travels with the tilt series");
        VolumeData expect = Reconstruct.run(ts, Reconstruct.Options.defaults().withMethod(Reconstruct.Method.SIRT).withIterations(20, 0).withDevice("cpu"))
                .volume();
        assertEquals(expect, VolumeData.read(dir.resolve("rec.mrc")));
        assertEquals(10.0, expect.voxelSize());
    }
}
