package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** gzip through {@link Compression}: Python's gzip output (incl. two members), detection by content, errors. */
class GzipReadTest {
    static Stream<String> names() {
        return Arrays.stream(Fixtures.require(Fixtures.properties("compressed/cases.properties"), "names").split(","));
    }

    private static byte[] readAll(Path p) throws IOException {
        try (InputStream in = Compression.open(p)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void decodesWhatPythonCompressed(String name) throws IOException {
        Path gz = Fixtures.resource("compressed/" + name + ".gz");
        assertEquals(Compression.GZIP, Compression.detect(gz));
        assertArrayEquals(Files.readAllBytes(Fixtures.resource("compressed/" + name)), readAll(gz), name);
    }

    /** Detection is by content: a plain file named .gz is read as it is, a gzip file named .bin is decompressed. */
    @Test
    void detectionIgnoresTheName(@TempDir Path dir) throws IOException {
        byte[] plain = Files.readAllBytes(Fixtures.resource("compressed/random.bin"));
        Path misnamed = Files.write(dir.resolve("plain.bin.gz"), plain);
        assertEquals(Compression.NONE, Compression.detect(misnamed));
        assertArrayEquals(plain, readAll(misnamed));
        Path gzNoSuffix = Files.write(dir.resolve("data.bin"), Files.readAllBytes(Fixtures.resource("compressed/random.bin.gz")));
        assertEquals(Compression.GZIP, Compression.detect(gzNoSuffix));
        assertArrayEquals(plain, readAll(gzNoSuffix));
        Path bzNoSuffix = Files.write(dir.resolve("data2.bin"), Files.readAllBytes(Fixtures.resource("compressed/random.bin.bz2-1")));
        assertEquals(Compression.BZIP2, Compression.detect(bzNoSuffix));
        assertArrayEquals(plain, readAll(bzNoSuffix));
    }

    @Test
    void truncatedGzipIsAnEndOfFileError(@TempDir Path dir) throws IOException {
        byte[] good = Files.readAllBytes(Fixtures.resource("compressed/small.mrc.gz"));
        for (int n : new int[] {12, good.length / 2, good.length - 9, good.length - 1}) {
            Path f = Files.write(dir.resolve("cut" + n + ".gz"), Arrays.copyOf(good, n));
            FileFormatException e = assertThrows(FileFormatException.class, () -> readAll(f), "cut at " + n);
            assertEquals(f + ": gzip: unexpected end of file", e.getMessage());
        }
    }

    /** Single-byte reads report truncation the same way as bulk reads, for both formats. */
    @Test
    void truncationSeenByteByByte(@TempDir Path dir) throws IOException {
        for (String name : new String[] {"small.mrc.gz", "small.mrc.bz2-9"}) {
            byte[] good = Files.readAllBytes(Fixtures.resource("compressed/" + name));
            Path f = Files.write(dir.resolve("cut-" + name), Arrays.copyOf(good, good.length / 2));
            FileFormatException e = assertThrows(FileFormatException.class, () -> {
                try (InputStream in = Compression.open(f)) {
                    while (in.read() >= 0) { /* drain */ }
                }
            }, name);
            assertTrue(e.getMessage().startsWith(f + ": " + (name.endsWith(".gz") ? "gzip" : "bzip2") + ": unexpected end of file"), e.getMessage());
        }
    }

    /** A flipped byte in the CRC-32 of the trailer (8 bytes from the end) is reported as a gzip format error. */
    @Test
    void corruptGzipIsAFormatError(@TempDir Path dir) throws IOException {
        byte[] bad = Files.readAllBytes(Fixtures.resource("compressed/small.mrc.gz"));
        bad[bad.length - 8] ^= 0x01;
        Path f = Files.write(dir.resolve("bad.gz"), bad);
        FileFormatException e = assertThrows(FileFormatException.class, () -> readAll(f));
        assertTrue(e.getMessage().startsWith(f + ": gzip: "), e.getMessage());
    }

    /** xz and zip files made by Python's lzma and zipfile, and a zstd frame magic, are refused with advice. */
    @Test
    void otherCompressionsAreRefusedWithAdvice(@TempDir Path dir) throws IOException {
        Path xz = Fixtures.resource("compressed/small.mrc.xz");
        FileFormatException e = assertThrows(FileFormatException.class, () -> Compression.detect(xz));
        assertEquals(xz + ": is a xz-compressed file; decompress it first (xz -d)", e.getMessage());
        Path zip = Fixtures.resource("compressed/small.mrc.zip");
        e = assertThrows(FileFormatException.class, () -> Compression.detect(zip));
        assertEquals(zip + ": is a zip-compressed file; decompress it first (unzip)", e.getMessage());
        // zstd frame magic 0xFD2FB528, stored little-endian (RFC 8878)
        Path zst = Files.write(dir.resolve("v.mrc.zst"), new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0});
        e = assertThrows(FileFormatException.class, () -> MrcFile.read(zst));
        assertEquals(zst + ": is a zstd-compressed file; decompress it first (zstd -d)", e.getMessage());
    }
}
