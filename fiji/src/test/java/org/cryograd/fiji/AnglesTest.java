package org.cryograd.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dialogs' angles field: a .tlt, a .mdoc (in stack order) or a typed range give the same angles. */
class AnglesTest {
    @Test
    void tltMdocAndRangeAgree(@TempDir Path dir) throws IOException {
        double[] want = {-30, -15, 0, 15, 30};
        Path tlt = dir.resolve("ts.tlt");
        Files.writeString(tlt, "-30\n-15\n0\n15\n30\n");
        Path mdoc = dir.resolve("ts.mrc.mdoc");
        StringBuilder sb = new StringBuilder("PixelSpacing = 3.1\n");
        for (int i = 0; i < want.length; i++) sb.append("\n[ZValue = ").append(i).append("]\nTiltAngle = ").append(want[i]).append('\n');
        Files.writeString(mdoc, sb.toString());
        assertArrayEquals(want, Angles.parse(tlt.toString()));
        assertArrayEquals(want, Angles.parse(mdoc.toString()));
        assertArrayEquals(want, Angles.parse("-30,30,15"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Angles.parse(" "));
        assertEquals("angles: give a .tlt or .mdoc file or a range min,max,step in degrees (e.g. -60,60,2)", e.getMessage());
    }
}
