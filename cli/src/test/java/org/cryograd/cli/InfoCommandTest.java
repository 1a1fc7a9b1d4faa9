package org.cryograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.cryograd.io.MrcHeader;
import org.cryograd.io.MrcWriter;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cryograd info} on compressed files and on files stored in another axis order. */
class InfoCommandTest {
    /** Surefire runs in cli/; the shared real files sit beside the repository. */
    private static final Path SHARED_MRC = Path.of("").toAbsolutePath().getParent().resolveSibling("shared").resolve("interop/data/mrc");

    /** A volume written with axis map 2, 3, 1 (columns y, rows z, sections x) by our writer, and a gzip copy. */
    @Test
    void showsFileAxisOrderAndPresentedOrderOfACompressedFile(@TempDir Path dir) throws IOException {
        Path plain = dir.resolve("yzx.mrc");
        // file dims: 5 columns (y), 3 rows (z), 2 sections (x)
        MrcWriter.write(plain, Tensor.zeros(2, 3, 5), MrcHeader.builder(5, 3, 2).axisMap(2, 3, 1).build());
        Path gz = dir.resolve("yzx.mrc.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(plain, out);
        }
        CliRunner.Run r = CliRunner.run("info", plain.toString(), gz.toString());
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("gzip-compressed)"), r.out());
        // presented: x = 2 (the file's sections), y = 5 (columns), z = 3 (rows)
        assertEquals(2, count(r.out(), "dimensions:       2 x 5 x 3  (nx, ny, nz; tensor [3, 5, 2])"), r.out());
        assertEquals(2, count(r.out(), "axis order:       2, 3, 1 in the file (columns=y rows=z sections=x); data reordered and presented x, y, z"), r.out());
    }

    @Test
    void realCompressedMapIsReadNotMistakenForABadStamp() {
        Path bz = SHARED_MRC.resolve("ccpem_EMD-3197.map.bz2"), gz = SHARED_MRC.resolve("ccpem_emd_3197.map.gz");
        Assumptions.assumeTrue(Files.isRegularFile(bz) && Files.isRegularFile(gz), "skipped: " + SHARED_MRC + " lacks the EMD-3197 copies");
        CliRunner.Run r = CliRunner.run("info", bz.toString(), gz.toString(), SHARED_MRC.resolve("ccpem_EMD-3197.map").toString());
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("bzip2-compressed)") && r.out().contains("gzip-compressed)"), r.out());
        String[] parts = r.out().split("\\R\\R");
        assertEquals(3, parts.length, r.out());
        // Everything after the file line is the same for the three copies.
        for (String p : parts) assertEquals(afterFirstLine(parts[2]), afterFirstLine(p), r.out());
    }

    private static String afterFirstLine(String s) {
        return s.substring(s.indexOf('\n') + 1).strip();
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
