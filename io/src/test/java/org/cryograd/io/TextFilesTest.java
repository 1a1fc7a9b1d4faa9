package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A binary file given where text belongs is named as such, with the first offending byte. */
class TextFilesTest {
    @TempDir
    Path dir;

    @Test
    void utf8TextIsReadAsItIs() throws IOException {
        Path p = dir.resolve("a.star");
        String text = "data_\nloop_\n_rlnComment #1\nÅngström\n";
        Files.write(p, text.getBytes(StandardCharsets.UTF_8));
        assertEquals(text, TextFiles.read(p, "a STAR file"));
    }

    @Test
    void anMrcGivenAsTiltAnglesIsCalledBinary() throws IOException {
        Path p = dir.resolve("v.tlt");
        MrcWriter.write(p, org.cryograd.tensor.Tensor.zeros(2, 3, 4), MrcHeader.builder(4, 3, 2).volume().build());
        FileFormatException e = assertThrows(FileFormatException.class, () -> TiltAngles.read(p));
        // the MRC header starts with nx = 4 as a little-endian int: 0x04 0x00 ..., so the first NUL is at offset 1
        assertTrue(e.getMessage().startsWith(p + ": not a tilt-angle file: byte 0x00 at offset 1"), e.getMessage());
        assertTrue(e.getMessage().contains("binary file"), e.getMessage());
    }

    @Test
    void malformedUtf8IsNamedAtItsOffset() throws IOException {
        Path p = dir.resolve("t.star");
        Files.write(p, new byte[] {'d', 'a', 't', 'a', '_', '\n', (byte) 0xff, 'x'});
        FileFormatException e = assertThrows(FileFormatException.class, () -> StarFile.read(p));
        assertTrue(e.getMessage().startsWith(p + ": not a STAR file: byte 0xff at offset 6"), e.getMessage());
    }
}
