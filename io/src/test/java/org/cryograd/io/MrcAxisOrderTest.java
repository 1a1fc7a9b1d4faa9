package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files whose axis map is not 1, 2, 3 are presented as [z, y, x]: data against mrcfile + numpy transposition
 * (make_compression_fixtures.py), every z-range, tiny mapping windows, and writing back in standard order.
 */
class MrcAxisOrderTest {
    private static final Properties A = Fixtures.properties("mrc/axes/axes.properties");

    static Stream<String> names() {
        return Arrays.stream(Fixtures.require(A, "names").split(","));
    }

    private static String f(String name, String field) {
        return Fixtures.require(A, name + "." + field);
    }

    private static Path file(String name) {
        return Fixtures.resource("mrc/axes/" + name + ".mrc");
    }

    @ParameterizedTest
    @MethodSource("names")
    void dataArePresentedZyx(String name) throws IOException {
        MrcFile m = MrcFile.read(file(name));
        MrcHeader h = m.header();
        assertArrayEquals(Fixtures.ints(f(name, "shape")), m.data().dims(), "shape");
        Fixtures.assertBitsEqual(Fixtures.f32("mrc/axes/" + name + ".f32"), m.data().toArray(), name);
        assertArrayEquals(Fixtures.ints(f(name, "size")), new int[] {h.nx(), h.ny(), h.nz()}, "nx, ny, nz");
        assertArrayEquals(Fixtures.ints(f(name, "fileAxisMap")), h.fileAxisMap(), "file axis map");
        boolean reordered = Boolean.parseBoolean(f(name, "reordered"));
        assertEquals(reordered, h.reordered(), "reordered");
        assertArrayEquals(reordered ? new int[] {1, 2, 3} : h.fileAxisMap(), h.axisMap(), "axis map");
        assertArrayEquals(h.encode(), MrcFile.readHeader(file(name)).encode(), "readHeader agrees with read");
    }

    /** Every z-range, read whole and through 8-byte windows, equals that part of the whole [z, y, x] tensor. */
    @ParameterizedTest
    @MethodSource("names")
    void everyZRangeAgrees(String name) throws IOException {
        Fixtures.assertEveryZRange(Fixtures.f32("mrc/axes/" + name + ".f32"), file(name), 8, name);
    }

    /** Writing a reordered file back gives a standard-order file with the same [z, y, x] data and x, y, z metadata. */
    @ParameterizedTest
    @MethodSource("names")
    void writtenBackInStandardOrder(String name, @TempDir Path dir) throws IOException {
        MrcFile in = MrcFile.read(file(name));
        Path out = dir.resolve(name + ".mrc");
        in.write(out);
        MrcFile back = MrcFile.read(out);
        assertArrayEquals(in.header().axisMap(), back.header().fileAxisMap(), "file axis map as written");
        assertArrayEquals(new int[] {in.header().nx(), in.header().ny(), in.header().nz()},
                new int[] {back.header().nx(), back.header().ny(), back.header().nz()});
        assertArrayEquals(in.header().nstart(), back.header().nstart());
        assertArrayEquals(in.header().grid(), back.header().grid());
        assertArrayEquals(in.header().cella(), back.header().cella());
        assertArrayEquals(in.data().dims(), back.data().dims());
        Fixtures.assertBitsEqual(in.data().toArray(), back.data().toArray(), name + " written back");
    }

    /** gemmi's iota test map (axes y, z, x) against mrcfile + numpy (iota_yzx.properties). */
    @Test
    void gemmiIotaYzx() throws IOException {
        Path p = SharedData.require("gemmi_iota_yzx.ccp4");
        Properties e = Fixtures.properties("mrc/interop/iota_yzx.properties");
        MrcFile m = MrcFile.read(p);
        MrcHeader h = m.header();
        assertArrayEquals(Fixtures.ints(Fixtures.require(e, "shape")), m.data().dims());
        Fixtures.assertBitsEqual(Fixtures.floats(Fixtures.require(e, "values")), m.data().toArray(), "iota values");
        assertArrayEquals(Fixtures.ints(Fixtures.require(e, "size")), new int[] {h.nx(), h.ny(), h.nz()});
        assertArrayEquals(Fixtures.ints(Fixtures.require(e, "nstart")), h.nstart());
        assertArrayEquals(Fixtures.ints(Fixtures.require(e, "grid")), h.grid(), "grid is along x, y, z: not permuted");
        assertArrayEquals(Fixtures.floats(Fixtures.require(e, "cella")), h.cella(), "cell is along x, y, z: not permuted");
        assertArrayEquals(Fixtures.ints(Fixtures.require(e, "fileAxisMap")), h.fileAxisMap());
        assertArrayEquals(new int[] {1, 2, 3}, h.axisMap());
        try (MrcReader r = MrcReader.open(p)) {
            float[] all = m.data().toArray();
            int per = all.length / h.nz();
            for (int z = 0; z < h.nz(); z++)
                Fixtures.assertBitsEqual(Arrays.copyOfRange(all, z * per, (z + 1) * per), r.readSlices(z, z + 1).toArray(), "z " + z);
        }
    }
}
