package org.cryograd.fft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.cryograd.tensor.Tensor;

/** Reads the numpy reference fixtures written by {@code src/test/python/make_fft_fixtures.py}. */
final class Fixtures {
    static final String FILE = "/fixtures/fft.bin.gz";
    private static List<Case> cached;

    /** One stored array (float32, C order). */
    record Array(int[] shape, float[] data) {
        Tensor tensor() {
            return Tensor.of(data, shape);
        }
    }

    /** One case: op name, parameters and named arrays. */
    record Case(String id, String op, Map<String, String> params, Map<String, Array> arrays) {
        int[] ints(String key) {
            String[] p = str(key).split(",");
            int[] r = new int[p.length];
            for (int i = 0; i < p.length; i++) r[i] = Integer.parseInt(p[i].trim());
            return r;
        }

        int integer(String key) {
            return ints(key)[0];
        }

        double real(String key) {
            return Double.parseDouble(str(key));
        }

        String str(String key) {
            String v = params.get(key);
            if (v == null) throw new IllegalArgumentException(id + ": missing parameter " + key);
            return v;
        }

        Array get(String name) {
            Array a = arrays.get(name);
            if (a == null) throw new IllegalArgumentException(id + ": no array named " + name);
            return a;
        }

        @Override
        public String toString() {
            return id + " " + params;
        }
    }

    private Fixtures() {}

    static synchronized List<Case> all() {
        if (cached == null) cached = load(FILE);
        return cached;
    }

    static List<Case> of(String op) {
        List<Case> out = new ArrayList<>();
        for (Case c : all()) if (c.op().equals(op)) out.add(c);
        assertTrue(!out.isEmpty(), "no fixture cases for op " + op);
        return out;
    }

    static List<Case> load(String resource) {
        try (InputStream raw = Fixtures.class.getResourceAsStream(resource)) {
            if (raw == null) throw new IllegalStateException("missing test resource " + resource + "; run src/test/python/make_fft_fixtures.py");
            DataInputStream in = new DataInputStream(new GZIPInputStream(raw));
            if (!new String(in.readNBytes(4), StandardCharsets.US_ASCII).equals("CGFX")) throw new IOException(resource + ": bad magic");
            int version = in.readInt();
            if (version != 1) throw new IOException(resource + ": unsupported version " + version);
            int n = in.readInt();
            List<Case> cases = new ArrayList<>(n);
            for (int c = 0; c < n; c++) {
                String id = str(in), op = str(in), params = str(in);
                Map<String, String> pm = new LinkedHashMap<>();
                if (!params.isEmpty())
                    for (String kv : params.split(";")) {
                        int eq = kv.indexOf('=');
                        pm.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                int nt = in.readInt();
                Map<String, Array> ts = new LinkedHashMap<>();
                for (int t = 0; t < nt; t++) {
                    String name = str(in);
                    int rank = in.readInt();
                    int[] shape = new int[rank];
                    long numel = 1;
                    for (int d = 0; d < rank; d++) numel *= shape[d] = in.readInt();
                    float[] data = new float[(int) numel];
                    for (int i = 0; i < data.length; i++) data[i] = in.readFloat();
                    ts.put(name, new Array(shape, data));
                }
                cases.add(new Case(id, op, pm, ts));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String str(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readUnsignedShort()), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ comparisons

    /** Asserts same shape and {@code |a - b| <= atol + rtol * max|expected|} elementwise. */
    static void assertClose(Array expected, Tensor actual, double rtol, double atol, String what) {
        assertArrayEquals(expected.shape(), actual.dims(), what + ": shape");
        assertClose(expected.data(), actual.toArray(), rtol, atol, what);
    }

    static void assertClose(float[] expected, float[] actual, double rtol, double atol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (float v : expected) scale = Math.max(scale, Math.abs(v));
        double tol = atol + rtol * scale, worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) expected[i] - actual[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        double w = worst;
        int idx = at;
        assertTrue(w <= tol, () -> what + ": max error " + w + " at " + idx + " (expected " + expected[idx] + ", got " + actual[idx] + ") > tol " + tol);
    }

    static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    static float[] toFloat(int[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = d[i];
        return f;
    }
}
