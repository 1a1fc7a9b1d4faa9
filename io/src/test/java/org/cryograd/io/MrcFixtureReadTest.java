package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files written by mrcfile (every mode x both byte orders, extended headers, stacks, odd stamps, IMOD flags) read
 * back exactly: header fields as mrcfile wrote them and data bit for bit (manifest by make_io_fixtures.py).
 */
class MrcFixtureReadTest {
    private static final Properties M = Fixtures.properties("mrc/from_mrcfile/manifest.properties");

    static Stream<String> names() {
        return Arrays.stream(Fixtures.require(M, "names").split(","));
    }

    private static String f(String name, String field) {
        return Fixtures.require(M, name + "." + field);
    }

    private static Path file(String name) {
        return Fixtures.resource("mrc/from_mrcfile/" + name + ".mrc");
    }

    @ParameterizedTest
    @MethodSource("names")
    void headerMatchesMrcfile(String name) throws IOException {
        MrcFile mrc = MrcFile.read(file(name));
        MrcHeader h = mrc.header();
        assertEquals(Integer.parseInt(f(name, "mode")), h.mode().code(), "mode");
        assertEquals(f(name, "byteOrder").equals("LE") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN, h.byteOrder(), "byte order");
        assertEquals(Integer.parseInt(f(name, "nx")), h.nx());
        assertEquals(Integer.parseInt(f(name, "ny")), h.ny());
        assertEquals(Integer.parseInt(f(name, "nz")), h.nz());
        assertArrayEquals(Fixtures.ints(f(name, "nstart")), h.nstart(), "nstart");
        assertArrayEquals(Fixtures.ints(f(name, "grid")), h.grid(), "grid");
        assertArrayEquals(Fixtures.floats(f(name, "cella")), h.cella(), "cella");
        assertArrayEquals(Fixtures.floats(f(name, "cellb")), h.cellb(), "cellb");
        assertArrayEquals(Fixtures.floats(f(name, "origin")), h.origin(), "origin");
        assertArrayEquals(Fixtures.ints(f(name, "axisMap")), h.axisMap(), "axis map");
        assertArrayEquals(Fixtures.ints(f(name, "fileAxisMap")), h.fileAxisMap(), "file axis map");
        assertEquals(Integer.parseInt(f(name, "ispg")), h.ispg(), "ispg");
        assertEquals(Integer.parseInt(f(name, "nsymbt")), h.nsymbt(), "nsymbt");
        assertEquals(f(name, "exttyp"), h.exttyp(), "exttyp");
        assertEquals(Integer.parseInt(f(name, "nversion")), h.nversion(), "nversion");
        assertEquals(Fixtures.floats(f(name, "dmin"))[0], h.dmin(), "dmin");
        assertEquals(Fixtures.floats(f(name, "dmax"))[0], h.dmax(), "dmax");
        assertEquals(Fixtures.floats(f(name, "dmean"))[0], h.dmean(), "dmean");
        assertEquals(Fixtures.floats(f(name, "rms"))[0], h.rms(), "rms");
        List<String> labels = f(name, "labels").isEmpty() ? List.of() : List.of(f(name, "labels").split("\\|"));
        assertEquals(labels, h.labels(), "labels");
        assertArrayEquals(Fixtures.hex(f(name, "extHex")), mrc.extendedHeader(), "extended header");
        assertEquals(Boolean.parseBoolean(f(name, "signed")), h.bytesSigned(), "signed bytes");
        // voxel size as mrcfile defines it: cella / m
        double[] vs = h.voxelSize();
        int[] grid = h.grid();
        float[] cella = h.cella();
        for (int i = 0; i < 3; i++) assertEquals((double) cella[i] / grid[i], vs[i]);
    }

    @ParameterizedTest
    @MethodSource("names")
    void dataMatchBitForBit(String name) throws IOException {
        MrcFile mrc = MrcFile.read(file(name));
        assertArrayEquals(Fixtures.ints(f(name, "shape")), mrc.data().dims(), "shape");
        Fixtures.assertBitsEqual(Fixtures.f32("mrc/from_mrcfile/" + name + ".f32"), mrc.data().toArray(), name);
    }

    /** Every z-range, and reading through windows of a few bytes, gives the same values as the whole read. */
    @ParameterizedTest
    @MethodSource("names")
    void zRangesAndSmallWindowsAgree(String name) throws IOException {
        Fixtures.assertEveryZRange(Fixtures.f32("mrc/from_mrcfile/" + name + ".f32"), file(name), 12, name);
    }

    /**
     * Reading a fixture and writing it back keeps every header field except the recomputed statistics and repaired
     * stamp, keeps the extended header, and writes the voxel bytes exactly as mrcfile did.
     */
    @ParameterizedTest
    @MethodSource("names")
    void rewriteKeepsMetadataAndDataBytes(String name, @TempDir Path dir) throws IOException {
        MrcFile in = MrcFile.read(file(name));
        Path out = dir.resolve(name + ".mrc");
        in.write(out);
        MrcFile back = MrcFile.read(out);
        MrcHeader a = in.header(), b = back.header();
        assertEquals(a.mode(), b.mode());
        assertEquals(a.byteOrder(), b.byteOrder());
        assertArrayEquals(a.nstart(), b.nstart());
        assertArrayEquals(a.grid(), b.grid());
        assertArrayEquals(a.cella(), b.cella());
        assertArrayEquals(a.cellb(), b.cellb());
        assertArrayEquals(a.origin(), b.origin());
        assertArrayEquals(a.axisMap(), b.axisMap());
        assertEquals(a.ispg(), b.ispg());
        assertEquals(a.exttyp(), b.exttyp());
        assertEquals(a.labels(), b.labels());
        assertArrayEquals(a.extra1(), b.extra1());
        assertArrayEquals(a.extra2(), b.extra2());
        assertEquals(a.bytesSigned(), b.bytesSigned());
        assertArrayEquals(in.extendedHeader(), back.extendedHeader());
        Fixtures.assertBitsEqual(in.data().toArray(), back.data().toArray(), name + " rewritten");
        byte[] src = Files.readAllBytes(file(name)), dst = Files.readAllBytes(out);
        assertEquals(src.length, dst.length, "file length");
        int off = MrcHeader.SIZE + a.nsymbt();
        // A reordered file is written back in standard order (its voxel bytes differ; the data were compared above).
        assertArrayEquals(new int[] {1, 2, 3}, b.fileAxisMap(), "written in standard axis order");
        if (!a.reordered())
            assertArrayEquals(Arrays.copyOfRange(src, off, src.length), Arrays.copyOfRange(dst, off, dst.length), "voxel bytes");
        // The rewritten header is a valid stamp for its byte order, whatever the source had.
        assertArrayEquals(MrcHeader.stampFor(a.byteOrder()), b.machineStamp());
        if (!a.mode().isComplex()) {
            Tensor d = in.data();
            float[] v = d.toArray();
            float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
            for (float x : v) { min = Math.min(min, x); max = Math.max(max, x); }
            assertEquals(min, b.dmin());
            assertEquals(max, b.dmax());
        }
    }

    @org.junit.jupiter.api.Test
    void volumeStackVolumesAreSeparable() throws IOException {
        try (MrcReader r = MrcReader.open(file("volstack_f32_be"))) {
            assertEquals(2, r.header().volumeCount());
            float[] all = r.readAll().toArray();
            float[] v1 = r.readVolume(1).toArray();
            Fixtures.assertBitsEqual(Arrays.copyOfRange(all, all.length / 2, all.length), v1, "volume 1");
            assertArrayEquals(new int[] {3, 6, 7}, r.readVolume(0).dims());
        }
    }
}
