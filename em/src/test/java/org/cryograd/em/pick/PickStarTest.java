package org.cryograd.em.pick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryograd.io.StarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RELION coordinate STAR files. */
class PickStarTest {

    @Test
    void roundTripKeepsCoordinatesAndScores(@TempDir Path dir) throws Exception {
        List<Pick> picks = List.of(new Pick(1.5, 2.25, 3, 0.125), new Pick(10, 20, 30, -1e-3));
        Path f = dir.resolve("picks.star");
        PickStar.write(f, picks);
        String text = Files.readString(f);
        assertTrue(text.contains("_rlnCoordinateX") && text.contains("_rlnCoordinateZ") && text.contains("_rlnAutopickFigureOfMerit"), text);
        assertEquals(picks, PickStar.read(f));
    }

    @Test
    void readsRelionStyleFileWithoutScores(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("coords.star");
        Files.writeString(f, "\ndata_\n\nloop_\n_rlnCoordinateX #1\n_rlnCoordinateY #2\n_rlnCoordinateZ #3\n 12.0 13.5 4\n 7 8 9\n");
        List<Pick> p = PickStar.read(f);
        assertEquals(2, p.size());
        assertEquals(13.5, p.get(0).y());
        assertEquals(9, p.get(1).z());
        assertTrue(Double.isNaN(p.get(0).score()));
    }

    @Test
    void missingColumnsAreNamed() throws Exception {
        StarFile s = StarFile.parse("data_x\nloop_\n_rlnCoordinateX\n_rlnCoordinateY\n1 2\n", Path.of("two.star"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PickStar.fromStar(s, "two.star"));
        assertTrue(e.getMessage().contains("two.star") && e.getMessage().contains("_rlnCoordinateZ"), e.getMessage());
    }
}
