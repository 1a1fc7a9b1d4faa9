package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RELION STAR files: parsing of hand-written RELION 3.0/3.1 files (expected values are the literals in them), errors, round trips. */
class StarFileTest {
    @TempDir Path dir;

    @Test
    void relion31OpticsAndParticles() throws IOException {
        StarFile star = StarFile.read(Fixtures.resource("star/relion31_particles.star"));
        assertEquals(List.of("optics", "particles"), star.blocks().stream().map(StarBlock::name).toList());
        StarTable optics = star.block("optics").table();
        assertEquals(2, optics.rowCount());
        assertArrayEquals(new int[] {1, 2}, optics.ints("rlnOpticsGroup"));
        assertArrayEquals(new double[] {1.77, 1.416}, optics.doubles("_rlnImagePixelSize"));
        assertArrayEquals(new String[] {"opticsGroup1", "opticsGroup2"}, optics.strings("rlnOpticsGroupName"));

        StarTable p = star.particles();
        assertEquals(10, p.columns().size());
        assertEquals(3, p.rowCount());
        assertArrayEquals(new double[] {1614.217651, 884.0, 2045.5}, p.doubles("rlnCoordinateX"));
        assertEquals(-96.530411, p.getDouble(0, "rlnAnglePsi"));
        assertEquals(2, p.getInt(1, "rlnClassNumber"));
        assertEquals("000002@Extract/job007/Movies/mic_001.mrcs", p.get(1, "rlnImageName"));
        assertArrayEquals(new String[] {"group 1", "group 1", "group 2"}, p.strings("rlnGroupName"));

        StarTable joined = star.particlesWithOptics();
        assertEquals(10 + 8, joined.columns().size(), "optics columns except rlnOpticsGroup appended");
        assertArrayEquals(new double[] {300, 300, 200}, joined.doubles("rlnVoltage"));
        assertArrayEquals(new double[] {1.77, 1.77, 1.416}, joined.doubles("rlnImagePixelSize"));
        assertArrayEquals(new int[] {256, 256, 320}, joined.ints("rlnImageSize"));
        assertArrayEquals(p.doubles("rlnDefocusU"), joined.doubles("rlnDefocusU"));
    }

    @Test
    void relion30KeyValuesAndSpecialNumbers() throws IOException {
        StarFile star = StarFile.read(Fixtures.resource("star/relion30_model.star"));
        StarBlock general = star.block("model_general");
        assertEquals(3, general.getInt("rlnReferenceDimensionality"));
        assertEquals(1.77, general.getDouble("_rlnPixelSize"));
        assertEquals("run_model.star", general.getString("rlnModelStarFile"));
        assertEquals("a quoted value with spaces", general.getString("rlnComment"));
        assertTrue(general.tables().isEmpty());
        StarTable fsc = star.block("").table();
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, fsc.ints("rlnSpectralIndex"));
        double[] f = fsc.doubles("rlnGoldStandardFsc");
        assertEquals(1.0, f[0]);
        assertTrue(Double.isNaN(f[2]));
        assertEquals(Double.NEGATIVE_INFINITY, f[3]);
        assertEquals(0.01, fsc.getDouble(4, "rlnResolution"));
        assertEquals(4, fsc.getInt(4, "rlnSpectralIndex"));
    }

    @Test
    void accessErrorsNameFileBlockColumnAndLine() throws IOException {
        Path p = Fixtures.resource("star/relion30_model.star");
        StarFile star = StarFile.read(p);
        IllegalArgumentException noBlock = assertThrows(IllegalArgumentException.class, () -> star.block("particles"));
        assertEquals(p + ": no block 'data_particles' (blocks: data_model_general, data_)", noBlock.getMessage());
        StarTable t = star.block("").table();
        IllegalArgumentException noCol = assertThrows(IllegalArgumentException.class, () -> t.doubles("rlnDefocusU"));
        assertEquals(p + ": block '', no column 'rlnDefocusU' (columns: rlnSpectralIndex, rlnResolution, rlnGoldStandardFsc)", noCol.getMessage());
        IllegalArgumentException notInt = assertThrows(IllegalArgumentException.class, () -> t.ints("rlnResolution"));
        assertEquals(p + ": block '', column 'rlnResolution', row 1 (line 22): '0.002207' is not an integer", notInt.getMessage());
        IllegalArgumentException notNumber = assertThrows(IllegalArgumentException.class, () -> star.block("model_general").getDouble("rlnModelStarFile"));
        assertEquals(p + ": block 'model_general', column 'rlnModelStarFile', row 0 (line 10): 'run_model.star' is not a number", notNumber.getMessage());
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class, () -> star.block("model_general").getString("rlnNope"));
        assertTrue(noKey.getMessage().startsWith(p + ": block 'model_general' has no key 'rlnNope'"), noKey.getMessage());
        assertThrows(IllegalArgumentException.class, () -> star.block("model_general").table(), "no loop");
    }

    private FileFormatException parseError(String text) {
        return assertThrows(FileFormatException.class, () -> StarFile.parse(text, Path.of("bad.star")));
    }

    @Test
    void syntaxErrorsNameFileLineAndBlock() {
        FileFormatException rows = parseError("data_particles\nloop_\n_rlnA #1\n_rlnB #2\n1 2\n3\n");
        assertEquals("bad.star:6: block 'data_particles': row has 1 values but the loop has 2 columns", rows.getMessage());
        assertEquals(6, rows.line());
        assertEquals("particles", rows.field());
        assertEquals("bad.star:2: 'loop_' appears before the first data_ block", parseError("# c\nloop_\n").getMessage());
        assertTrue(parseError("data_x\n_rlnA 'open\n").getMessage().startsWith("bad.star:2: unterminated single quote"));
        assertTrue(parseError("data_x\n_rlnA\n").getMessage().contains("should have one key and one value"));
        assertTrue(parseError("data_x\n_rlnA 1\n_rlnA 2\n").getMessage().contains("duplicate key 'rlnA'"));
        assertTrue(parseError("data_x\nloop_\n_rlnA\n_rlnA\n").getMessage().contains("duplicate column 'rlnA'"));
        assertTrue(parseError("data_x\n\ndata_x\n").getMessage().contains("duplicate block 'data_x' (first at line 1)"));
        assertTrue(parseError("data_x\n;text\n;\n").getMessage().contains("multi-line text fields"));
        assertTrue(parseError("data_x\nloop_\ndata_y\n").getMessage().contains("loop_ has no columns"));
        assertTrue(parseError("data_x\nhello\n").getMessage().contains("'hello' is neither a key, a loop_ nor a loop row"));
        assertTrue(parseError("# only comments\n\n").getMessage().contains("contains no data_ block"));
        assertTrue(parseError("save_frame\n").getMessage().contains("'save_frame' is not supported"));
    }

    @Test
    void toleratesCrlfCommentsEmptyLoopsAndQuotesInsideValues() throws IOException {
        String text = "data_a\r\n\r\nloop_\r\n_rlnX #1\r\n_rlnName #2\r\n# comment\r\n1.5 it's\r\n\r\n2.5 \"say \"hi\"\"\r\n"
                + "data_empty\nloop_\n_rlnX #1\n_rlnY #2\n\ndata_after\n_rlnK v\n";
        StarFile s = StarFile.parse(text, Path.of("ok.star"));
        assertArrayEquals(new double[] {1.5, 2.5}, s.block("a").table().doubles("rlnX"));
        assertArrayEquals(new String[] {"it's", "say \"hi\""}, s.block("a").table().strings("rlnName"));
        assertEquals(0, s.block("empty").table().rowCount());
        assertEquals(List.of("rlnX", "rlnY"), s.block("empty").table().columns());
        assertEquals("v", s.block("after").getString("rlnK"));
    }

    @Test
    void roundTripIsExact() throws IOException {
        double[] x = {0.1, -1e-7, 12345.678901234567, Math.PI, 0.0, 1e300};
        float[] y = {0.1f, -3.4028235e38f, 1.0e-45f, 2.5f, -0.0f, 7f};
        int[] cls = {1, -2, 3, Integer.MAX_VALUE, 0, Integer.MIN_VALUE};
        String[] names = {"a.mrc", "with space", "", "_underscore", "#hash", "data_like"};
        Map<String, Object> cols = new LinkedHashMap<>();
        cols.put("rlnX", x);
        cols.put("_rlnY", y);
        cols.put("rlnClassNumber", cls);
        cols.put("rlnImageName", names);
        StarTable t = StarTable.fromColumns(cols);
        StarTable b = StarTable.builder("rlnOpticsGroup", "rlnVoltage", "rlnOpticsGroupName")
                .row(1, 300.0, "opticsGroup1").row(2, 200.0, "it's \"quoted\"").build();
        Map<String, Object> pairs = new LinkedHashMap<>();
        pairs.put("rlnPixelSize", 1.06);
        pairs.put("rlnComment", "two words");
        StarFile star = StarFile.of(StarBlock.of("general", pairs, List.of()), StarBlock.of("optics", b), StarBlock.of("particles", t));
        Path p = dir.resolve("rt.star");
        star.write(p);
        StarFile back = StarFile.read(p);
        assertEquals(star.toText(), back.toText(), "re-writing what was read gives the same text");
        StarTable tb = back.block("particles").table();
        assertEquals(List.of("rlnX", "rlnY", "rlnClassNumber", "rlnImageName"), tb.columns());
        assertArrayEquals(x, tb.doubles("rlnX"));
        double[] yb = tb.doubles("rlnY");
        for (int i = 0; i < y.length; i++) assertEquals(Float.floatToIntBits(y[i]), Float.floatToIntBits((float) yb[i]), "float " + i);
        assertArrayEquals(cls, tb.ints("rlnClassNumber"));
        assertArrayEquals(names, tb.strings("rlnImageName"));
        assertArrayEquals(new String[] {"opticsGroup1", "it's \"quoted\""}, back.block("optics").table().strings("rlnOpticsGroupName"));
        assertEquals(1.06, back.block("general").getDouble("rlnPixelSize"));
        assertEquals("two words", back.block("general").getString("rlnComment"));
        assertFalse(Files.readString(p).contains("\t"));
    }

    @Test
    void relion30SingleBlockParticlesAndMissingOpticsGroup() throws IOException {
        StarFile old = StarFile.parse("data_\nloop_\n_rlnImageName\n_rlnDefocusU\n1@a.mrcs 10000\n", Path.of("old.star"));
        assertEquals(10000.0, old.particles().getDouble(0, "rlnDefocusU"));
        assertEquals(old.particles().columns(), old.particlesWithOptics().columns());
        StarFile missing = StarFile.parse("data_optics\nloop_\n_rlnOpticsGroup\n_rlnVoltage\n1 300\n"
                + "data_particles\nloop_\n_rlnOpticsGroup\n1\n3\n", Path.of("m.star"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, missing::particlesWithOptics);
        assertTrue(e.getMessage().startsWith("m.star: block 'particles', row 1: rlnOpticsGroup 3 is not defined in block 'optics'"), e.getMessage());
    }

    @Test
    void valuesThatCannotBeWrittenAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> StarTable.builder("a").row("line\nbreak"));
        assertThrows(IllegalArgumentException.class, () -> StarTable.builder("a", "b").row(1));
        StarTable t = StarTable.builder("a").row("x\" y' z").build();
        assertThrows(IllegalArgumentException.class, () -> StarFile.of(StarBlock.of("b", t)).toText());
        assertThrows(IllegalArgumentException.class, () -> StarTable.builder("a", "_a").build(), "duplicate column");
    }
}
