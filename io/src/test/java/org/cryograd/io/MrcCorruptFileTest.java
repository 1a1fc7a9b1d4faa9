package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrupt, truncated and mis-stamped files: one clear error naming the file and field, or a repaired read with a warning. */
class MrcCorruptFileTest {
    @TempDir Path dir;

    /** A copy of an mrcfile fixture (little-endian float32, 7 x 6 x 5, 1864 bytes) with {@code edit} applied. */
    private Path variant(String fixture, String name, Consumer<ByteBuffer> edit) throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.resource("mrc/from_mrcfile/" + fixture + ".mrc"));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(fixture.endsWith("_be") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        edit.accept(b);
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private Path truncated(String fixture, String name, int length) throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.resource("mrc/from_mrcfile/" + fixture + ".mrc"));
        Path p = dir.resolve(name);
        Files.write(p, Arrays.copyOf(bytes, length));
        return p;
    }

    private static FileFormatException fails(Path p) {
        return assertThrows(FileFormatException.class, () -> MrcFile.read(p));
    }

    @Test
    void truncatedDataNamesSizesAndNeed() throws IOException {
        Path p = truncated("m2_float32_le", "vol.mrc", 1024 + 500);
        FileFormatException e = fails(p);
        assertEquals(p + ": file is 1524 bytes but the header (nx=7, ny=6, nz=5, mode=2, nsymbt=0) needs 1864", e.getMessage());
        assertEquals(p.toString(), e.file());
        assertEquals(-1, e.line());
    }

    @Test
    void truncatedExtendedHeaderCountsIt() throws IOException {
        Path p = truncated("ext_f32_le", "ext.mrc", 1024 + 50);
        assertTrue(fails(p).getMessage().endsWith("(nx=7, ny=6, nz=5, mode=2, nsymbt=96) needs 1960"), fails(p).getMessage());
    }

    @Test
    void shorterThanTheHeader() throws IOException {
        Path p = truncated("m2_float32_le", "short.mrc", 500);
        assertEquals(p + ": file is 500 bytes, shorter than the 1024-byte MRC header", fails(p).getMessage());
        Path empty = truncated("m2_float32_le", "empty.mrc", 0);
        assertTrue(fails(empty).getMessage().contains("file is 0 bytes"));
    }

    @Test
    void unsupportedModes() throws IOException {
        for (int mode : new int[] {7, 3, 101, -1}) {
            Path p = variant("m2_float32_le", "mode" + mode + ".mrc", b -> b.putInt(12, mode));
            FileFormatException e = fails(p);
            assertEquals("mode", e.field());
            assertTrue(e.getMessage().startsWith(p + ": header field 'mode' = " + mode + " is not a supported MRC mode"), e.getMessage());
        }
        Path be = variant("m1_int16_be", "mode7be.mrc", b -> b.putInt(12, 7));
        assertTrue(fails(be).getMessage().contains("'mode' = 7 is not"), "read in the file's (big-endian) order");
    }

    @Test
    void nonPositiveSizesAndNegativeExtendedHeader() throws IOException {
        String[] fields = {"nx", "ny", "nz"};
        for (int i = 0; i < 3; i++) {
            int off = 4 * i;
            Path p = variant("m2_float32_le", fields[i] + ".mrc", b -> b.putInt(off, 0));
            FileFormatException e = fails(p);
            assertEquals(fields[i], e.field());
            assertEquals(p + ": header field '" + fields[i] + "' = 0 must be positive", e.getMessage());
        }
        Path neg = variant("m2_float32_le", "nsymbt.mrc", b -> b.putInt(92, -16));
        assertEquals("nsymbt", fails(neg).field());
        Path huge = variant("m2_float32_le", "nsymbt_huge.mrc", b -> b.putInt(92, 1 << 20));
        assertTrue(fails(huge).getMessage().contains("nsymbt=1048576) needs 1050440"), fails(huge).getMessage());
        Path overflow = variant("m2_float32_le", "overflow.mrc", b -> b.putInt(0, Integer.MAX_VALUE).putInt(4, Integer.MAX_VALUE).putInt(8, Integer.MAX_VALUE));
        assertTrue(fails(overflow).getMessage().contains("needs more than 2^63"), fails(overflow).getMessage());
    }

    @Test
    void badStampAndBadHeaderNamesTheStamp() throws IOException {
        Path p = variant("m2_float32_le", "stamp.mrc", b -> b.put(212, (byte) 0xab).put(213, (byte) 0xcd).putInt(12, 7));
        FileFormatException e = fails(p);
        assertEquals("machst", e.field());
        assertTrue(e.getMessage().startsWith(p + ": header field 'machst' = 0xab 0xcd 0x00 0x00 is not a valid machine stamp"), e.getMessage());
        assertTrue(e.getMessage().contains("'mode' = 7"), e.getMessage());
    }

    @Test
    void zeroStampIsRepairedWithAWarning() throws Exception {
        for (String fixture : new String[] {"m2_float32_le", "m1_int16_be", "m6_uint16_be"}) {
            Path p = variant(fixture, fixture + "_nostamp.mrc", b -> b.putInt(212, 0));
            MrcFile[] read = new MrcFile[1];
            String log = LogCapture.stderrOf(() -> read[0] = MrcFile.read(p));
            assertTrue(log.contains("WARN") && log.contains(p.toString()) && log.contains("machine stamp 0x00 0x00 0x00 0x00"), log);
            Fixtures.assertBitsEqual(Fixtures.f32("mrc/from_mrcfile/" + fixture + ".f32"), read[0].data().toArray(), fixture);
            assertEquals(fixture.endsWith("_be") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, read[0].header().byteOrder());
        }
    }

    @Test
    void stampContradictedByTheHeaderIsRepairedWithAWarning() throws Exception {
        Path p = variant("m2_float32_be", "liar.mrc", b -> b.put(212, (byte) 0x44).put(213, (byte) 0x41));
        MrcFile[] read = new MrcFile[1];
        String log = LogCapture.stderrOf(() -> read[0] = MrcFile.read(p));
        assertTrue(log.contains("says LITTLE_ENDIAN but the header is only consistent as BIG_ENDIAN"), log);
        Fixtures.assertBitsEqual(Fixtures.f32("mrc/from_mrcfile/m2_float32_be.f32"), read[0].data().toArray(), "liar");
    }

    @Test
    void trailingBytesAreIgnoredWithAWarning() throws Exception {
        byte[] bytes = Files.readAllBytes(Fixtures.resource("mrc/from_mrcfile/m1_int16_le.mrc"));
        Path p = dir.resolve("long.mrc");
        Files.write(p, Arrays.copyOf(bytes, bytes.length + 10));
        MrcFile[] read = new MrcFile[1];
        String log = LogCapture.stderrOf(() -> read[0] = MrcFile.read(p));
        assertTrue(log.contains("10 more than the header needs"), log);
        Fixtures.assertBitsEqual(Fixtures.f32("mrc/from_mrcfile/m1_int16_le.f32"), read[0].data().toArray(), "long");
    }

    @Test
    void badRangesAndMissingFiles() throws IOException {
        try (MrcReader r = MrcReader.open(Fixtures.resource("mrc/from_mrcfile/m2_float32_le.mrc"))) {
            for (int[] range : new int[][] {{-1, 2}, {2, 2}, {3, 6}, {4, 1}}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.readSlices(range[0], range[1]));
                assertTrue(e.getMessage().contains("m2_float32_le.mrc") && e.getMessage().contains("[" + range[0] + ", " + range[1] + ")"), e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> r.readVolume(0), "not a volume stack");
        }
        assertThrows(NoSuchFileException.class, () -> MrcFile.read(dir.resolve("absent.mrc")));
    }

    // ------------------------------------------------------------------ writer errors and atomicity

    @Test
    void writerRejectsShapeMismatch() {
        MrcHeader h = MrcHeader.builder(7, 6, 5).build();
        for (int[] shape : new int[][] {{5, 7, 6}, {4, 6, 7}, {210}, {5, 6, 7, 1}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MrcWriter.write(dir.resolve("s.mrc"), Tensor.zeros(shape), h));
            assertTrue(e.getMessage().contains(Arrays.toString(shape)) && e.getMessage().contains("nz=5, ny=6, nx=7"), e.getMessage());
        }
        MrcHeader c = MrcHeader.builder(7, 6, 5).mode(MrcMode.COMPLEX64).build();
        assertThrows(IllegalArgumentException.class, () -> MrcWriter.write(dir.resolve("c.mrc"), Tensor.zeros(5, 6, 7), c));
    }

    @Test
    void writerRejectsValuesOutsideTheMode() {
        record Case(MrcMode mode, float bad, String range) {}
        for (Case c : new Case[] {new Case(MrcMode.INT8, 127.5f, "[-128, 127]"), new Case(MrcMode.INT8, -128.6f, "[-128, 127]"),
                new Case(MrcMode.INT16, Float.NaN, "[-32768, 32767]"), new Case(MrcMode.UINT16, -0.6f, "[0, 65535]"),
                new Case(MrcMode.UINT16, 65535.6f, "[0, 65535]"), new Case(MrcMode.FLOAT16, 65520f, "[-65504, 65504]")}) {
            float[] v = new float[2 * 3 * 4];
            v[17] = c.bad; // z=1, y=1, x=1
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                    MrcWriter.write(dir.resolve("r.mrc"), Tensor.of(v, 2, 3, 4), MrcHeader.builder(4, 3, 2).mode(c.mode).build()));
            assertTrue(e.getMessage().contains("at (z=1, y=1, x=1)") && e.getMessage().contains(c.range), e.getMessage());
        }
        // Edges that round into range are accepted: 127.4 -> 127, -128.5 -> -128 (half to even), 65519 -> 65504.
        float[] ok = {127.4f, -128.5f};
        assertDoesNotThrow(() -> MrcWriter.write(dir.resolve("ok.mrc"), Tensor.of(ok, 1, 1, 2), MrcHeader.builder(2, 1, 1).mode(MrcMode.INT8).build()));
        assertDoesNotThrow(() -> MrcWriter.write(dir.resolve("ok16.mrc"), Tensor.of(new float[] {65519f}, 1, 1, 1), MrcHeader.builder(1, 1, 1).mode(MrcMode.FLOAT16).build()));
    }

    private static void assertDoesNotThrow(LogCapture.Action a) {
        try {
            a.run();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void failedWriteLeavesTheOldFileAndNoTemporaryFiles() throws IOException {
        Path p = dir.resolve("keep.mrc");
        MrcWriter.write(p, Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2), 1.0);
        byte[] before = Files.readAllBytes(p);
        assertThrows(IOException.class, () -> AtomicFiles.write(p, ch -> {
            ch.write(ByteBuffer.wrap(new byte[100]));
            throw new IOException("disk full (simulated)");
        }));
        assertArrayEquals(before, Files.readAllBytes(p));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "only keep.mrc is left");
        }
    }
}
