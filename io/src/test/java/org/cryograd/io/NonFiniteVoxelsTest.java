package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Non-finite voxels: count, first position in MRC terms, streaming by slabs. */
class NonFiniteVoxelsTest {
    @TempDir
    Path dir;

    private static Tensor volume(int nz, int ny, int nx, int x, int y, int z, float v) {
        float[] a = new float[nz * ny * nx];
        for (int i = 0; i < a.length; i++) a[i] = i % 7;
        a[(z * ny + y) * nx + x] = v;
        a[a.length - 1] = Float.NaN; // a second one, later
        return Tensor.of(a, nz, ny, nx);
    }

    @Test
    void aVolumeGivesXYZAndTheSameAnswerForEverySlabSize() throws Exception {
        Path f = dir.resolve("v.mrc");
        MrcWriter.write(f, volume(5, 3, 4, 2, 1, 3, Float.NEGATIVE_INFINITY), 1.0);
        String expected = "2 non-finite values (1 NaN, 1 -Inf) of 60, the first (-Inf) at x=2, y=1, z=3 (from 0)";
        assertEquals(expected, NonFiniteVoxels.scan(f).detail());
        for (long slab : new long[] {1, 12, 13, 25, 1000})
            try (MrcReader r = MrcReader.open(f)) {
                assertEquals(expected, NonFiniteVoxels.scan(r, slab).detail(), "slab " + slab);
            }
        MrcFile m = MrcFile.read(f);
        FileFormatException e = assertThrows(FileFormatException.class, () -> NonFiniteVoxels.requireFinite(f, m.header(), m.data()));
        assertEquals(f + ": " + expected, e.getMessage());
    }

    @Test
    void anImageStackSaysSectionAndFiniteDataPass() throws Exception {
        Path f = dir.resolve("s.mrcs");
        Tensor t = volume(3, 4, 4, 1, 2, 1, Float.NaN);
        MrcWriter.write(f, t, MrcHeader.builder(4, 4, 3).imageStack().build());
        assertTrue(NonFiniteVoxels.scan(f).detail().endsWith("the first (NaN) at x=1, y=2, section=1 (from 0)"), NonFiniteVoxels.scan(f).detail());
        Path g = dir.resolve("g.mrc");
        MrcWriter.write(g, Tensor.of(new float[24], 2, 3, 4), 1.0);
        assertNull(NonFiniteVoxels.scan(g));
    }
}
