package org.cryograd.nn;

import static org.junit.jupiter.api.Assertions.fail;

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

/** Reads the PyTorch references written by {@code src/test/python/make_layer_fixtures.py}, and compares arrays. */
final class TorchFixtures {
    /** One stored tensor. */
    record Array(int[] shape, float[] data) {
        Tensor tensor() {
            return Tensor.of(data, shape);
        }
    }

    /** One case: id, op, parameters and named tensors in file order. */
    record Case(String id, String op, Map<String, String> params, Map<String, Array> tensors) {
        int[] ints(String key) {
            String v = params.get(key);
            if (v == null) throw new IllegalArgumentException(id + ": missing parameter " + key);
            String[] p = v.split(",");
            int[] r = new int[p.length];
            for (int i = 0; i < p.length; i++) r[i] = Integer.parseInt(p[i].trim());
            return r;
        }

        int integer(String key) {
            return ints(key)[0];
        }

        boolean flag(String key) {
            return integer(key) != 0;
        }

        float real(String key) {
            String v = params.get(key);
            if (v == null) throw new IllegalArgumentException(id + ": missing parameter " + key);
            return Float.parseFloat(v);
        }

        boolean has(String key) {
            return params.containsKey(key);
        }

        Array get(String name) {
            Array a = tensors.get(name);
            if (a == null) throw new IllegalArgumentException(id + ": no tensor named " + name);
            return a;
        }

        /** Tensors whose names start with {@code prefix}, by the rest of the name, in file order. */
        LinkedHashMap<String, Array> withPrefix(String prefix) {
            LinkedHashMap<String, Array> out = new LinkedHashMap<>();
            for (var e : tensors.entrySet()) if (e.getKey().startsWith(prefix)) out.put(e.getKey().substring(prefix.length()), e.getValue());
            return out;
        }

        @Override
        public String toString() {
            return id + " " + params;
        }
    }

    private TorchFixtures() {}

    static List<Case> load(String resource) {
        try (InputStream raw = TorchFixtures.class.getResourceAsStream(resource)) {
            if (raw == null) throw new IllegalStateException("missing test resource " + resource + "; run src/test/python/make_layer_fixtures.py");
            DataInputStream in = new DataInputStream(new GZIPInputStream(raw));
            if (!new String(in.readNBytes(4), StandardCharsets.US_ASCII).equals("CGFX")) throw new IOException(resource + ": bad magic");
            int version = in.readInt();
            if (version != 1) throw new IOException(resource + ": unsupported version " + version);
            int n = in.readInt();
            List<Case> cases = new ArrayList<>(n);
            for (int c = 0; c < n; c++) {
                String id = str(in), op = str(in), params = str(in);
                Map<String, String> pm = new LinkedHashMap<>();
                if (!params.isEmpty()) {
                    for (String kv : params.split(";")) {
                        int eq = kv.indexOf('=');
                        pm.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                int nt = in.readInt();
                Map<String, Array> ts = new LinkedHashMap<>();
                for (int t = 0; t < nt; t++) {
                    String name = str(in);
                    int rank = in.readInt();
                    int[] shape = new int[rank];
                    long numel = 1;
                    for (int d = 0; d < rank; d++) {
                        shape[d] = in.readInt();
                        numel *= shape[d];
                    }
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
        int len = in.readUnsignedShort();
        return new String(in.readNBytes(len), StandardCharsets.UTF_8);
    }

    /**
     * Fails unless every element satisfies {@code |a - e| <= rtol * (|e| + max|e|)}: relative error at the given
     * precision, with an absolute floor scaled to the largest reference value (float32 sums of mixed signs).
     */
    static void assertClose(String what, float[] expected, float[] actual, double rtol) {
        assertClose(what, expected, actual, rtol, 0);
    }

    /**
     * As above with an absolute floor {@code atolFloor}: a gradient that is zero in exact arithmetic (e.g. a
     * convolution bias followed by a normalisation) is compared against the scale of the other gradients.
     */
    static void assertClose(String what, float[] expected, float[] actual, double rtol, double atolFloor) {
        if (expected.length != actual.length) fail(what + ": length " + actual.length + ", expected " + expected.length);
        double scale = 0;
        for (float e : expected) scale = Math.max(scale, Math.abs(e));
        double atol = Math.max(atolFloor, rtol * Math.max(scale, 1e-6));
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs((double) expected[i] - actual[i]);
            if (!(err <= atol + rtol * Math.abs(expected[i])))
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i] + " (error " + err + ", tolerance "
                        + (atol + rtol * Math.abs(expected[i])) + ")");
        }
    }
}
