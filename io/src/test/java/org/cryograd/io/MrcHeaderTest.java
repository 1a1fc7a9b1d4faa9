package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Header builder rules (analytic: cella = voxel size x grid) and encode/decode symmetry. */
class MrcHeaderTest {
    @Test
    void defaults() {
        MrcHeader h = MrcHeader.builder(7, 6, 5).build();
        assertEquals(MrcMode.FLOAT32, h.mode());
        assertEquals(ByteOrder.LITTLE_ENDIAN, h.byteOrder());
        assertEquals(1, h.ispg());
        assertArrayEquals(new int[] {7, 6, 5}, h.grid());
        assertArrayEquals(new double[] {0, 0, 0}, h.voxelSize());
        assertArrayEquals(new float[] {90, 90, 90}, h.cellb());
        assertArrayEquals(new int[] {1, 2, 3}, h.axisMap());
        assertEquals(20141, h.nversion());
        assertArrayEquals(new byte[] {0x44, 0x44, 0, 0}, h.machineStamp());
        assertArrayEquals(new byte[] {0x11, 0x11, 0, 0}, h.toBuilder().byteOrder(ByteOrder.BIG_ENDIAN).build().machineStamp());
        assertTrue(h.dmin() > h.dmax() && h.rms() < 0, "statistics undetermined");
    }

    @Test
    void voxelSizeFollowsTheFinalGrid() {
        MrcHeader h = MrcHeader.builder(10, 20, 30).voxelSize(1.5, 2.0, 2.5).build();
        assertArrayEquals(new float[] {15f, 40f, 75f}, h.cella());
        assertArrayEquals(new double[] {1.5, 2.0, 2.5}, h.voxelSize());
        // Order does not matter: the voxel size is applied at build time.
        MrcHeader s = MrcHeader.builder(10, 20, 30).voxelSize(2.0).imageStack().build();
        assertArrayEquals(new int[] {10, 20, 1}, s.grid());
        assertArrayEquals(new float[] {20f, 40f, 2f}, s.cella());
        // shape() and stack changes keep the voxel size of an existing header.
        MrcHeader r = h.toBuilder().shape(4, 5, 6).build();
        assertArrayEquals(new int[] {4, 5, 6}, r.grid());
        assertArrayEquals(new double[] {1.5, 2.0, 2.5}, r.voxelSize());
        MrcHeader v = h.toBuilder().shape(4, 5, 12).volumeStack(3).build();
        assertEquals(4, v.volumeCount());
        assertArrayEquals(new float[] {6f, 10f, 7.5f}, v.cella());
        // Raw setters are raw.
        MrcHeader raw = h.toBuilder().grid(5, 10, 15).build();
        assertArrayEquals(new float[] {15f, 40f, 75f}, raw.cella());
        assertArrayEquals(new double[] {3.0, 4.0, 5.0}, raw.voxelSize());
    }

    @Test
    void invalidHeadersAreRejectedNamingTheField() {
        assertMessage("nx = 0 must be positive", () -> MrcHeader.builder(0, 1, 1).build());
        assertMessage("nz = 10 to be a positive multiple of mz = 4", () -> MrcHeader.builder(2, 2, 10).volumeStack(4).build());
        assertMessage("axis map (mapc, mapr, maps) = (1, 1, 2)", () -> MrcHeader.builder(2, 2, 2).axisMap(1, 1, 2).build());
        assertMessage("11 labels", () -> MrcHeader.builder(2, 2, 2).labels(Collections.nCopies(11, "x")).build());
        assertMessage("label 1 is blank", () -> MrcHeader.builder(2, 2, 2).labels(List.of("a", "  ")).build());
        assertMessage("label 0 has 81 characters", () -> MrcHeader.builder(2, 2, 2).addLabel("y".repeat(81)).build());
        assertMessage("not printable ASCII", () -> MrcHeader.builder(2, 2, 2).addLabel("Å").build());
        assertMessage("exttyp", () -> MrcHeader.builder(2, 2, 2).exttyp("TOOLONG").build());
        assertMessage("voxel size", () -> MrcHeader.builder(2, 2, 2).voxelSize(-1).build());
        assertMessage("needs 84 bytes", () -> MrcHeader.builder(2, 2, 2).extra2(new byte[3]));
    }

    private static void assertMessage(String part, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void encodeDecodeIsSymmetricInBothByteOrders() {
        byte[] extra2 = new byte[84];
        for (int i = 0; i < 84; i++) extra2[i] = (byte) (i * 5 + 1);
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            MrcHeader h = MrcHeader.builder(9, 8, 12).mode(MrcMode.UINT16).byteOrder(order).volumeStack(4).voxelSize(0.8, 0.9, 1.1)
                    .nstart(-4, 5, -6).cellb(80f, 85f, 95f).axisMap(2, 3, 1).origin(-1.5f, 2.25f, 1e6f).statistics(1f, 9f, 4f, 2f)
                    .exttyp("SERI").nversion(20140).extra1(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}).extra2(extra2)
                    .labels(List.of("first", "second label", " indented")).nsymbt(128).build();
            byte[] bytes = h.encode();
            assertEquals(1024, bytes.length);
            assertEquals("MAP ", new String(bytes, 208, 4, StandardCharsets.US_ASCII));
            assertEquals(3, ByteBuffer.wrap(bytes).order(order).getInt(220), "nlabl");
            MrcHeader d = MrcHeader.decode(ByteBuffer.wrap(bytes), order);
            assertArrayEquals(bytes, d.toBuilder().build().encode(), order + ": decode(encode(h)) encodes identically");
            assertEquals(h.toString(), d.toString());
            assertEquals(List.of("first", "second label", " indented"), d.labels());
            assertEquals(3, d.volumeCount());
            assertArrayEquals(new float[] {1f, 9f, 4f, 2f}, new float[] {d.dmin(), d.dmax(), d.dmean(), d.rms()});
        }
    }

    @Test
    void labelsBeyondNlablAreKeptAndBlankOnesDropped() {
        ByteBuffer b = ByteBuffer.wrap(MrcHeader.builder(1, 1, 1).build().encode()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(220, 1);
        b.put(224, "one".getBytes(StandardCharsets.US_ASCII));
        b.put(224 + 160, "three\0\0".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of("one", "three"), MrcHeader.decode(b, ByteOrder.LITTLE_ENDIAN).labels());
    }

    @Test
    void withDataFollowsTheNewShapeAndKeepsMetadata(@TempDir Path dir) throws IOException {
        MrcFile f = MrcFile.read(Fixtures.resource("mrc/from_mrcfile/ext_f32_le.mrc"));
        Tensor cropped = f.data().slice(0, 1, 4).slice(2, 0, 5);
        MrcFile g = f.withData(cropped);
        assertArrayEquals(new int[] {5, 6, 3}, new int[] {g.header().nx(), g.header().ny(), g.header().nz()});
        assertArrayEquals(f.header().voxelSize(), g.header().voxelSize());
        Path p = dir.resolve("crop.mrc");
        g.write(p);
        MrcFile back = MrcFile.read(p);
        assertArrayEquals(f.extendedHeader(), back.extendedHeader());
        assertArrayEquals(f.header().origin(), back.header().origin());
        assertEquals(f.header().labels(), back.header().labels());
        Fixtures.assertBitsEqual(cropped.toArray(), back.data().toArray(), "cropped");
    }
}
