package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IMOD .tlt/.rawtlt reading (expected values are the literals written), errors with line numbers, exact round trip. */
class TiltAnglesTest {
    @TempDir Path dir;

    @Test
    void readsImodStyleFilesWithBlankLinesAndWhitespace() throws IOException {
        Path p = dir.resolve("a.tlt");
        Files.writeString(p, "  -60.00\n -57.0\r\n\n\t-54.5  \n+3\n.5\n6e1\n\n");
        assertArrayEquals(new double[] {-60, -57, -54.5, 3, 0.5, 60}, TiltAngles.read(p));
    }

    @Test
    void writeThenReadIsExact() throws IOException {
        double[] a = new double[121];
        for (int i = 0; i < a.length; i++) a[i] = -60 + i * (120.0 / 120) + (i % 7) * 1e-3 + Math.ulp(1.0) * i;
        a[3] = 1.0 / 3;
        a[4] = -1e-9;
        a[5] = 1e22;
        Path p = dir.resolve("b.rawtlt");
        TiltAngles.write(p, a);
        assertArrayEquals(a, TiltAngles.read(p));
        String text = Files.readString(p);
        assertEquals(121, text.lines().count());
        assertEquals(false, text.contains("E"), "no exponent notation");
    }

    @Test
    void badLinesNameFileAndLine() throws IOException {
        Path p = dir.resolve("bad.tlt");
        Files.writeString(p, "-60\n-57\n\nabc\n");
        FileFormatException e = assertThrows(FileFormatException.class, () -> TiltAngles.read(p));
        assertEquals(p + ":4: 'abc' is not a number", e.getMessage());
        assertEquals(4, e.line());
        for (String bad : new String[] {"NaN", "Infinity", "1d", "0x10", "1,5"}) {
            Files.writeString(p, "0\n" + bad + "\n");
            assertEquals(p + ":2: '" + bad + "' is not a number", assertThrows(FileFormatException.class, () -> TiltAngles.read(p)).getMessage());
        }
        Files.writeString(p, "1 2\n");
        assertEquals(p + ":1: '1 2' has 2 values; expected one angle per line", assertThrows(FileFormatException.class, () -> TiltAngles.read(p)).getMessage());
        Files.writeString(p, "\n  \n");
        assertEquals(p + ": contains no tilt angles", assertThrows(FileFormatException.class, () -> TiltAngles.read(p)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TiltAngles.write(p, new double[] {1, Double.NaN}));
    }
}
