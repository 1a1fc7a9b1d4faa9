package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files this writer produces pass {@code mrcfile.validate}: a fixed set of cases is written deterministically;
 * make_io_fixtures.py validated the committed copies with mrcfile and checked their data against its own
 * computation of the same pattern (validation.properties). Here the writer must reproduce those committed files
 * byte for byte, so what mrcfile validated is what the code writes.
 *
 * <p>To regenerate: {@code mvn -B -o -q -pl io test -Dtest=MrcJavaWrittenTest -Dcryograd.io.writeFixtures=true}, then
 * run make_io_fixtures.py.
 */
class MrcJavaWrittenTest {
    private static final int NZ = 5, NY = 6, NX = 7;

    /** The values written: integers -50..50 plus quarter fractions, scaled per mode (mirrored in the Python script). */
    static float[] pattern(int n, MrcMode mode) {
        int count = mode.isComplex() ? 2 * n : n;
        float[] v = new float[count];
        for (int i = 0; i < n; i++) {
            float base = (i * 37) % 101 - 50;
            float frac = (i % 4) * 0.25f;
            switch (mode) {
                case INT8: v[i] = base + frac; break;
                case INT16: v[i] = base * 300f + frac; break;
                case UINT16: v[i] = (base + 50f) * 600f + frac; break;
                case FLOAT32: case FLOAT16: v[i] = (base + frac) * 0.1f; break;
                case COMPLEX64:
                    v[2 * i] = (base + frac) * 0.1f;
                    v[2 * i + 1] = (base - frac) * 0.5f;
                    break;
                default: throw new IllegalStateException();
            }
        }
        return v;
    }

    /** Writes every case into {@code dir}; returns the file names. */
    static List<String> writeAll(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        Map<MrcMode, String> modeNames = new LinkedHashMap<>();
        modeNames.put(MrcMode.INT8, "int8");
        modeNames.put(MrcMode.INT16, "int16");
        modeNames.put(MrcMode.UINT16, "uint16");
        modeNames.put(MrcMode.FLOAT32, "float32");
        modeNames.put(MrcMode.FLOAT16, "float16");
        modeNames.put(MrcMode.COMPLEX64, "complex64");
        int n = NZ * NY * NX;
        for (Map.Entry<MrcMode, String> e : modeNames.entrySet()) {
            MrcMode mode = e.getKey();
            for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                String name = "w_" + e.getValue() + (order == ByteOrder.LITTLE_ENDIAN ? "_le" : "_be");
                MrcHeader h = MrcHeader.builder(NX, NY, NZ).mode(mode).byteOrder(order).voxelSize(1.25, 1.5, 1.75)
                        .origin(1f, 2f, 3f).nstart(0, -1, 2).addLabel("cryograd io test")
                        .addLabel("mode " + mode.code() + " " + e.getValue()).build();
                Tensor data = mode.isComplex() ? Tensor.of(pattern(n, mode), NZ, NY, NX, 2) : Tensor.of(pattern(n, mode), NZ, NY, NX);
                MrcWriter.write(dir.resolve(name + ".mrc"), data, h);
                names.add(name);
            }
        }
        MrcWriter.write(dir.resolve("w_stack_le.mrc"), Tensor.of(pattern(n, MrcMode.FLOAT32), NZ, NY, NX),
                MrcHeader.builder(NX, NY, NZ).imageStack().voxelSize(3.0).addLabel("image stack").build());
        names.add("w_stack_le");
        MrcWriter.write(dir.resolve("w_volstack_be.mrc"), Tensor.of(pattern(2 * 3 * NY * NX, MrcMode.INT16), 2, 3, NY, NX),
                MrcHeader.builder(NX, NY, 6).mode(MrcMode.INT16).byteOrder(ByteOrder.BIG_ENDIAN).volumeStack(3)
                        .voxelSize(2.0).addLabel("volume stack").build());
        names.add("w_volstack_be");
        MrcWriter.write(dir.resolve("w_image2d_le.mrc"), Tensor.of(pattern(NY * NX, MrcMode.FLOAT32), NY, NX), 2.0);
        names.add("w_image2d_le");
        byte[] ext = new byte[64];
        for (int i = 0; i < ext.length; i++) ext[i] = (byte) (3 * i);
        MrcWriter.write(dir.resolve("w_ext_le.mrc"), Tensor.of(pattern(n, MrcMode.FLOAT32), NZ, NY, NX),
                MrcHeader.builder(NX, NY, NZ).voxelSize(1.0).exttyp("MRCO").addLabel("extended header").build(), ext);
        names.add("w_ext_le");
        MrcWriter.write(dir.resolve("w_axes_le.mrc"), Tensor.of(pattern(n, MrcMode.FLOAT32), NZ, NY, NX),
                MrcHeader.builder(NX, NY, NZ).voxelSize(1.0).axisMap(3, 1, 2).addLabel("axis map 3 1 2").build());
        names.add("w_axes_le");
        float[] withNan = pattern(n, MrcMode.FLOAT32);
        withNan[10] = Float.NaN;
        MrcWriter.write(dir.resolve("w_nan_le.mrc"), Tensor.of(withNan, NZ, NY, NX),
                MrcHeader.builder(NX, NY, NZ).voxelSize(1.0).addLabel("contains NaN").build());
        names.add("w_nan_le");
        return names;
    }

    @Test
    void writerReproducesTheValidatedFilesByteForByte(@TempDir Path tmp) throws IOException {
        String target = System.getProperty("cryograd.io.writeFixtures");
        if (target != null && !target.equals("false")) {
            // Regeneration mode: surefire runs with the module directory as working directory.
            Path dir = Path.of("src/test/resources/mrc/java_written");
            Files.createDirectories(dir);
            for (String name : writeAll(dir)) assertTrue(Files.size(dir.resolve(name + ".mrc")) > MrcHeader.SIZE, name);
            return; // the resources on the class path are the old copies until the next build
        }
        List<String> names = writeAll(tmp);
        for (String name : names) {
            byte[] committed = Files.readAllBytes(Fixtures.resource("mrc/java_written/" + name + ".mrc"));
            byte[] now = Files.readAllBytes(tmp.resolve(name + ".mrc"));
            assertArrayEquals(committed, now, name + ".mrc differs from the committed, mrcfile-validated copy");
        }
    }

    @Test
    void mrcfileAcceptedEveryCommittedFile() {
        Properties v = Fixtures.properties("mrc/java_written/validation.properties");
        TreeSet<String> validated = new TreeSet<>(Arrays.asList(Fixtures.require(v, "names").split(",")));
        assertTrue(validated.size() >= 17, "validated " + validated);
        for (String name : validated) {
            assertEquals("true", Fixtures.require(v, name + ".valid"), name + ": mrcfile.validate said " + v.getProperty(name + ".problems"));
            assertEquals("true", Fixtures.require(v, name + ".dataMatch"), name + ": " + v.getProperty(name + ".problems"));
        }
    }

    /** The header statistics agree with numpy's (float64) min, max, mean and population std of the stored data. */
    @Test
    void statisticsMatchNumpy() throws IOException {
        Properties v = Fixtures.properties("mrc/java_written/validation.properties");
        int checked = 0;
        for (String name : Fixtures.require(v, "names").split(",")) {
            MrcHeader h = MrcFile.readHeader(Fixtures.resource("mrc/java_written/" + name + ".mrc"));
            if (Fixtures.require(v, name + ".stats").equals("numpy")) {
                assertEquals((float) Double.parseDouble(v.getProperty(name + ".min")), h.dmin(), name + " dmin");
                assertEquals((float) Double.parseDouble(v.getProperty(name + ".max")), h.dmax(), name + " dmax");
                double mean = Double.parseDouble(v.getProperty(name + ".mean"));
                double std = Double.parseDouble(v.getProperty(name + ".std"));
                assertEquals((float) mean, h.dmean(), 1e-6 * Math.max(1, Math.abs(mean)), name + " dmean");
                assertEquals((float) std, h.rms(), 1e-6 * std, name + " rms");
                checked++;
            } else {
                assertTrue(h.dmin() > h.dmax() && h.dmean() < h.dmin(), name + ": min/max/mean marked undetermined");
                String std = v.getProperty(name + ".std");
                if (std != null) assertEquals((float) Double.parseDouble(std), h.rms(), 1e-6 * Double.parseDouble(std), name + " complex std");
                else assertEquals(-1f, h.rms(), name + " rms undetermined");
            }
        }
        assertTrue(checked >= 10, "checked " + checked);
    }
}
