package org.cryograd.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Access to the committed fixtures under src/test/resources (written by src/test/python/make_io_fixtures.py). */
final class Fixtures {
    private Fixtures() {}

    static Path resource(String name) {
        URL url = Fixtures.class.getResource("/" + name);
        if (url == null) throw new IllegalStateException("missing test resource " + name + "; run make_io_fixtures.py");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Properties properties(String name) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(resource(name))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static String require(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) throw new IllegalStateException("fixture manifest lacks " + key);
        return v;
    }

    static float[] f32(String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(resource(name))).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    static int[] ints(String csv) {
        String[] s = csv.split(",");
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) out[i] = Integer.parseInt(s[i].trim());
        return out;
    }

    /** float32 values written by the script as shortest double reprs of float32 numbers: exact. */
    static float[] floats(String csv) {
        String[] s = csv.split(",");
        float[] out = new float[s.length];
        for (int i = 0; i < s.length; i++) out[i] = (float) Double.parseDouble(s[i].trim());
        return out;
    }

    static byte[] hex(String h) {
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        return out;
    }

    /**
     * Every z-range of an MRC file, read whole and through mapped windows of {@code window} bytes, equals that part of
     * {@code all} (the whole volume as [z, y, x] floats).
     */
    static void assertEveryZRange(float[] all, java.nio.file.Path file, long window, String name) throws java.io.IOException {
        try (MrcReader whole = MrcReader.open(file); MrcReader tiny = MrcReader.open(file, window)) {
            int nz = whole.header().nz();
            int per = all.length / nz;
            for (int z0 = 0; z0 < nz; z0++)
                for (int z1 = z0 + 1; z1 <= nz; z1++) {
                    float[] expected = java.util.Arrays.copyOfRange(all, z0 * per, z1 * per);
                    assertBitsEqual(expected, whole.readSlices(z0, z1).toArray(), name + " z " + z0 + ".." + z1);
                    assertBitsEqual(expected, tiny.readSlices(z0, z1).toArray(), name + " (" + window + "-byte windows) z " + z0 + ".." + z1);
                }
        }
    }

    static void assertBitsEqual(float[] expected, float[] actual, String what) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++)
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i]))
                throw new AssertionError(what + ": value " + i + " expected " + expected[i] + " but was " + actual[i]);
    }
}
