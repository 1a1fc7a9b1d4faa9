package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sparse file just over 2 GB (header written by hand from the MRC2014 layout, a few known sections at the start,
 * across the 2^31 byte boundary and at the end) read by z-range through memory-mapped windows.
 */
class MrcLargeFileTest {
    private static final int NX = 1000, NY = 1100, NZ = 500, NSYMBT = 80;
    private static final long SECTION = (long) NX * NY * 4;
    private static final long OFFSET = 1024 + NSYMBT;

    /** Known value of voxel (z, y, x) in the written sections; exact in float32. */
    private static float value(int z, int y, int x) {
        return z * 4096f + (y % 64) * 64f + (x % 64) - 2048f;
    }

    private static void writeSection(RandomAccessFile f, int z) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) SECTION).order(ByteOrder.BIG_ENDIAN);
        for (int y = 0; y < NY; y++) for (int x = 0; x < NX; x++) b.putFloat(value(z, y, x));
        f.seek(OFFSET + z * SECTION);
        f.write(b.array());
    }

    private static Path makeFile(Path dir) throws IOException {
        Path p = dir.resolve("big.mrc");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(OFFSET + NZ * SECTION);
            ByteBuffer h = ByteBuffer.allocate(1024).order(ByteOrder.BIG_ENDIAN);
            h.putInt(0, NX).putInt(4, NY).putInt(8, NZ).putInt(12, 2);     // nx ny nz mode
            h.putInt(28, NX).putInt(32, NY).putInt(36, NZ);                 // mx my mz
            h.putFloat(40, NX * 2f).putFloat(44, NY * 2f).putFloat(48, NZ * 2f);
            h.putFloat(52, 90f).putFloat(56, 90f).putFloat(60, 90f);
            h.putInt(64, 1).putInt(68, 2).putInt(72, 3);                    // mapc mapr maps
            h.putInt(88, 1).putInt(92, NSYMBT);                             // ispg nsymbt
            h.put(104, new byte[] {'S', 'E', 'R', 'I'}).putInt(108, 20140);
            h.put(208, new byte[] {'M', 'A', 'P', ' ', 0x11, 0x11, 0, 0}); // map id, big-endian stamp
            f.seek(0);
            f.write(h.array());
            for (int z : sectionsWritten()) writeSection(f, z);
        }
        return p;
    }

    private static int boundarySection() {
        return (int) ((Integer.MAX_VALUE + 1L - OFFSET) / SECTION); // the section that contains byte 2^31
    }

    private static int[] sectionsWritten() {
        int b = boundarySection();
        return new int[] {0, 1, b, b + 1, NZ - 2, NZ - 1};
    }

    private static void check(Tensor t, int z0, int z1, boolean written) {
        assertArrayEquals(new int[] {z1 - z0, NY, NX}, t.dims());
        float[] v = t.toArray();
        int i = 0;
        for (int z = z0; z < z1; z++)
            for (int y = 0; y < NY; y++)
                for (int x = 0; x < NX; x++, i++) {
                    float expected = written ? value(z, y, x) : 0f;
                    if (v[i] != expected) throw new AssertionError("(" + z + "," + y + "," + x + "): expected " + expected + " got " + v[i]);
                }
    }

    @Test
    void readsZRangesOfAFileOver2GB(@TempDir Path dir) throws IOException {
        Path p = makeFile(dir);
        assertTrue(OFFSET + NZ * SECTION > (1L << 31), "the file is over 2 GB");
        int b = boundarySection();
        assertTrue(OFFSET + b * SECTION < (1L << 31) && OFFSET + (b + 1) * SECTION > (1L << 31), "section " + b + " straddles 2^31");
        try (MrcReader r = MrcReader.open(p)) {
            assertEquals(NZ, r.header().nz());
            assertEquals(ByteOrder.BIG_ENDIAN, r.header().byteOrder());
            assertEquals(2.0, r.header().voxelSize()[2]);
            assertEquals(OFFSET, r.dataOffset());
            check(r.readSlices(NZ - 2, NZ), NZ - 2, NZ, true);
            check(r.readSlices(0, 2), 0, 2, true);
            check(r.readSlices(b, b + 2), b, b + 2, true);
            check(r.readSlices(NZ / 2 + 7, NZ / 2 + 8), NZ / 2 + 7, NZ / 2 + 8, false); // a hole reads as zeros
        }
        // Windows smaller than a section, not a multiple of it: sections are split across mappings past 2^31.
        try (MrcReader r = MrcReader.open(p, 3 * 1024 * 1024 + 4)) {
            check(r.readSlices(b, b + 2), b, b + 2, true);
            check(r.readSlices(NZ - 1, NZ), NZ - 1, NZ, true);
        }
    }
}
