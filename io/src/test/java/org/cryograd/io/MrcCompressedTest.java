package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Compressed MRC files read exactly like the plain file, in memory or through a temporary file. */
class MrcCompressedTest {
    static Stream<String> smallCompressed() {
        return Stream.of("small.mrc.bz2-1", "small.mrc.bz2-9", "small.mrc.gz");
    }

    private static Path res(String name) {
        return Fixtures.resource("compressed/" + name);
    }

    static void assertSameFile(MrcFile expected, MrcFile actual, String what) {
        assertEquals(expected.header().toString(), actual.header().toString(), what + " header");
        assertArrayEquals(expected.header().encode(), actual.header().encode(), what + " header bytes");
        assertArrayEquals(expected.extendedHeader(), actual.extendedHeader(), what + " extended header");
        assertArrayEquals(expected.data().dims(), actual.data().dims(), what + " shape");
        Fixtures.assertBitsEqual(expected.data().toArray(), actual.data().toArray(), what);
    }

    @ParameterizedTest
    @MethodSource("smallCompressed")
    void readsLikeThePlainFile(String name) throws IOException {
        MrcFile plain = MrcFile.read(res("small.mrc"));
        assertSameFile(plain, MrcFile.read(res(name)), name);
        assertArrayEquals(plain.header().encode(), MrcFile.readHeader(res(name)).encode(), name + " readHeader");
        try (MrcReader r = MrcReader.open(res(name), 12)) {
            assertEquals(name.endsWith(".gz") ? Compression.GZIP : Compression.BZIP2, r.compression());
            float[] all = plain.data().toArray();
            int per = all.length / r.header().nz();
            for (int z0 = 0; z0 < r.header().nz(); z0++)
                Fixtures.assertBitsEqual(Arrays.copyOfRange(all, z0 * per, (z0 + 2 > r.header().nz() ? z0 + 1 : z0 + 2) * per),
                        r.readSlices(z0, Math.min(z0 + 2, r.header().nz())).toArray(), name + " z " + z0);
        }
    }

    /**
     * Content larger than the in-memory limit goes to a temporary file (so a temporary directory that does not exist
     * makes the open fail), which leaves nothing behind.
     */
    @ParameterizedTest
    @MethodSource("smallCompressed")
    void largeContentGoesThroughATemporaryFile(String name, @TempDir Path tmp) throws IOException {
        MrcFile plain = MrcFile.read(res("small.mrc"));
        Path missing = tmp.resolve("missing");
        assertThrows(java.nio.file.NoSuchFileException.class, () -> MrcReader.open(res(name), MrcReader.DEFAULT_WINDOW_BYTES, 100, missing));
        try (MrcReader r = MrcReader.open(res(name), MrcReader.DEFAULT_WINDOW_BYTES, 100_000, missing)) {
            assertSameFile(plain, new MrcFile(r.header(), r.extendedHeader(), r.readAll()), name + " in memory");
        }
        try (MrcReader r = MrcReader.open(res(name), 16, 100, tmp)) {
            assertSameFile(plain, new MrcFile(r.header(), r.extendedHeader(), r.readAll()), name + " via temp file");
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList(), "temporary file deleted");
        }
    }

    /** Detection is by content, not name. */
    @Test
    void compressedWithoutSuffixAndPlainWithSuffix(@TempDir Path dir) throws IOException {
        MrcFile plain = MrcFile.read(res("small.mrc"));
        Path bz = Files.copy(res("small.mrc.bz2-9"), dir.resolve("really_bzip2.mrc"));
        assertSameFile(plain, MrcFile.read(bz), "bzip2 named .mrc");
        Path fake = Files.copy(res("small.mrc"), dir.resolve("not_really.mrc.gz"));
        assertSameFile(plain, MrcFile.read(fake), "plain named .gz");
    }

    @Test
    void corruptCompressedMrcNamesFileAndProblem(@TempDir Path dir) throws IOException {
        byte[] bz = Files.readAllBytes(res("small.mrc.bz2-9"));
        bz[12] ^= 0x10;
        Path badBz = Files.write(dir.resolve("bad.mrc.bz2"), bz);
        for (var read : List.<ThrowingRead>of(MrcFile::read, MrcFile::readHeader)) {
            FileFormatException e = assertThrows(FileFormatException.class, () -> read.run(badBz));
            assertTrue(e.getMessage().startsWith(badBz + ": bzip2 block 1: CRC mismatch"), e.getMessage());
        }
        byte[] gz = Files.readAllBytes(res("small.mrc.gz"));
        Path cutGz = Files.write(dir.resolve("cut.mrc.gz"), Arrays.copyOf(gz, gz.length / 2));
        for (var read : List.<ThrowingRead>of(MrcFile::read, MrcFile::readHeader)) {
            FileFormatException e = assertThrows(FileFormatException.class, () -> read.run(cutGz));
            assertEquals(cutGz + ": gzip: unexpected end of file", e.getMessage());
        }
    }

    /** A compressed file stored in another axis order is reordered like the plain one, by read and readHeader. */
    @Test
    void compressedFileWithAnotherAxisOrder(@TempDir Path dir) throws IOException {
        Path plain = Fixtures.resource("mrc/axes/f32_231.mrc");
        Path gz = dir.resolve("f32_231.mrc.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(plain, out);
        }
        MrcFile p = MrcFile.read(plain);
        assertTrue(p.header().reordered());
        assertSameFile(p, MrcFile.read(gz), "gzip, axes 2 3 1");
        assertArrayEquals(p.header().fileAxisMap(), MrcFile.readHeader(gz).fileAxisMap(), "readHeader: file axis map");
        assertArrayEquals(p.header().encode(), MrcFile.readHeader(gz).encode(), "readHeader: presented header");
    }

    /** Decompressed content too short for the header it claims is reported as such, not as a bad machine stamp. */
    @Test
    void shortDecompressedContentIsReported() throws IOException {
        Path empty = res("empty.bin.gz");
        FileFormatException e = assertThrows(FileFormatException.class, () -> MrcFile.read(empty));
        assertEquals(empty + ": decompressed (gzip) content is 0 bytes, shorter than the 1024-byte MRC header", e.getMessage());
    }

    interface ThrowingRead {
        Object run(Path p) throws IOException;
    }

    // ------------------------------------------------------------------ real files (../shared)

    /** EMD-3197 from the CCP-EM test data: plain, bzip2 and gzip copies give the same header and voxels. */
    @Test
    void emd3197PlainBzip2AndGzipAgree() throws IOException {
        Path plain = SharedData.require("ccpem_EMD-3197.map");
        Path bz = SharedData.require("ccpem_EMD-3197.map.bz2");
        Path gz = SharedData.require("ccpem_emd_3197.map.gz");
        MrcFile p = MrcFile.read(plain);
        assertSameFile(p, MrcFile.read(bz), "bz2");
        assertSameFile(p, MrcFile.read(gz), "gz");
        assertArrayEquals(p.header().encode(), MrcFile.readHeader(bz).encode());
        assertArrayEquals(p.header().encode(), MrcFile.readHeader(gz).encode());
    }
}
