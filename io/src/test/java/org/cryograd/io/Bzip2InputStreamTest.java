package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bzip2 decoder against Python's {@code bz2} module (fixtures by make_compression_fixtures.py): empty input, one
 * byte, all 256 byte values, runs of 1..6, 250..261 and thousands of bytes, several blocks, levels 1 and 9,
 * concatenated streams; and corrupt or truncated input.
 */
class Bzip2InputStreamTest {
    static Stream<String> compressedFiles() {
        List<String> out = new ArrayList<>();
        for (String n : Fixtures.require(Fixtures.properties("compressed/cases.properties"), "names").split(","))
            out.addAll(n.equals("multi.bin") ? List.of(n + ".bz2-9") : List.of(n + ".bz2-1", n + ".bz2-9"));
        return out.stream();
    }

    private static byte[] resource(String name) throws IOException {
        return Files.readAllBytes(Fixtures.resource("compressed/" + name));
    }

    private static byte[] original(String compressedName) throws IOException {
        return resource(compressedName.substring(0, compressedName.lastIndexOf('.')));
    }

    private static byte[] decode(byte[] bz2) throws IOException {
        try (InputStream in = new Bzip2InputStream(new ByteArrayInputStream(bz2))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @MethodSource("compressedFiles")
    void decodesWhatPythonCompressed(String name) throws IOException {
        assertArrayEquals(original(name), decode(resource(name)), name);
    }

    /** Byte-at-a-time reads give the same bytes as bulk reads (the run-length state survives between calls). */
    @ParameterizedTest
    @MethodSource("compressedFiles")
    void singleByteReadsAgree(String name) throws IOException {
        byte[] expected = original(name);
        try (InputStream in = new Bzip2InputStream(new ByteArrayInputStream(resource(name)))) {
            byte[] got = new byte[expected.length];
            for (int i = 0; i < got.length; i++) {
                int b = in.read();
                assertTrue(b >= 0, name + ": early end at " + i);
                got[i] = (byte) b;
            }
            assertTrue(in.read() < 0, name + ": bytes after the end");
            assertArrayEquals(expected, got, name);
        }
    }

    /** The stored block CRC (bytes 10..13 of a file with one block) is checked. */
    @Test
    void flippedBlockCrcIsReported() throws IOException {
        byte[] bz = resource("small.mrc.bz2-9");
        bz[12] ^= 0x10;
        IOException e = assertThrows(IOException.class, () -> decode(bz));
        assertTrue(e.getMessage().startsWith("bzip2 block 1: CRC mismatch"), e.getMessage());
    }

    /** The combined stream CRC (bytes 10..13 after the end-of-stream magic of an empty stream) is checked. */
    @Test
    void flippedStreamCrcIsReported() throws IOException {
        byte[] bz = resource("empty.bin.bz2-9");
        bz[11] ^= 0x01;
        IOException e = assertThrows(IOException.class, () -> decode(bz));
        assertTrue(e.getMessage().startsWith("bzip2: stream CRC mismatch"), e.getMessage());
    }

    /**
     * No flipped byte of the compressed body gives wrong output: it is reported as an IOException (CRC, impossible
     * table or code) or, where it only touches bits the decoder never uses (a Huffman table no selector picks,
     * padding), decodes to the original. Anything else (wrong bytes, a RuntimeException) fails the test.
     */
    @Test
    void noFlippedByteGivesWrongOutput() throws IOException {
        for (String name : List.of("small.mrc.bz2-9", "runs.bin.bz2-1")) {
            byte[] good = resource(name), expected = original(name);
            int detected = 0;
            for (int i = 4; i < good.length; i++) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) 0x21;
                try {
                    assertArrayEquals(expected, decode(bad), name + ": flip at byte " + i + " decoded to wrong bytes");
                } catch (IOException e) {
                    detected++;
                }
            }
            assertTrue(detected > (good.length - 4) * 9 / 10, name + ": only " + detected + " of " + (good.length - 4) + " flips detected");
        }
    }

    @Test
    void everyTruncationIsAnEndOfFileError() throws IOException {
        byte[] good = resource("small.mrc.bz2-1");
        for (int n = 4; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            IOException e = assertThrows(IOException.class, () -> decode(cut), "cut at " + n);
            assertTrue(e.getMessage().startsWith("bzip2: unexpected end of file"), "cut at " + n + ": " + e.getMessage());
        }
    }

    /** The randomised bit is the first bit after the 48-bit block magic and the 32-bit CRC (byte 14, bit 7). */
    @Test
    void randomisedBlocksAreRefused() throws IOException {
        byte[] bz = resource("small.mrc.bz2-9");
        bz[14] |= (byte) 0x80;
        IOException e = assertThrows(IOException.class, () -> decode(bz));
        assertTrue(e.getMessage().contains("randomised"), e.getMessage());
    }

    @Test
    void notBzip2IsRefused() {
        IOException e = assertThrows(IOException.class, () -> decode("BZx9hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains("not a bzip2 stream"), e.getMessage());
    }

    /** Through {@link Compression#open}, errors become FileFormatExceptions that start with the file name. */
    @Test
    void compressionOpenNamesTheFile(@TempDir Path dir) throws IOException {
        byte[] bz = resource("small.mrc.bz2-9");
        bz[12] ^= 0x10;
        Path f = dir.resolve("bad.mrc.bz2");
        Files.write(f, bz);
        FileFormatException e = assertThrows(FileFormatException.class, () -> {
            try (InputStream in = Compression.open(f)) {
                in.readAllBytes();
            }
        });
        assertTrue(e.getMessage().startsWith(f + ": bzip2 block 1: CRC mismatch"), e.getMessage());
    }
}
