package org.cryograd.tensor;

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

/** Reads the PyTorch reference fixtures written by {@code src/test/python/make_fixtures.py}. */
final class Fixtures {
    /** One stored tensor. */
    record Array(int[] shape, float[] data) {
        Tensor tensor() {
            return Tensor.of(data, shape);
        }

        Tensor tensor(Device device) {
            return Tensor.of(device, data, shape);
        }
    }

    /** One case: op name, parameters and named tensors (inputs, out, gout, grad_*). */
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

        float real(String key) {
            return Float.parseFloat(params.get(key));
        }

        boolean has(String key) {
            return params.containsKey(key);
        }

        Array get(String name) {
            Array a = tensors.get(name);
            if (a == null) throw new IllegalArgumentException(id + ": no tensor named " + name);
            return a;
        }

        @Override
        public String toString() {
            return id + " " + params;
        }
    }

    private Fixtures() {}

    static List<Case> load(String resource) {
        try (InputStream raw = Fixtures.class.getResourceAsStream(resource)) {
            if (raw == null) throw new IllegalStateException("missing test resource " + resource + "; run src/test/python/make_fixtures.py");
            DataInputStream in = new DataInputStream(new GZIPInputStream(raw));
            byte[] magic = in.readNBytes(4);
            if (!new String(magic, StandardCharsets.US_ASCII).equals("CGFX")) throw new IOException(resource + ": bad magic");
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
}
