package org.cryograd.tensor.testing;

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
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Tensor;

/**
 * Reader of the CGFX reference fixtures that the modules' PyTorch/numpy scripts write ({@code make_fixtures.py},
 * {@code make_layer_fixtures.py}, {@code make_fft_fixtures.py}): gzip of magic {@code CGFX}, version 1, then cases of
 * id, op, {@code k=v;...} parameters and named float32 arrays (big-endian, C order). Shared by the test trees of
 * tensor, nn and fft through tensor's test-jar.
 */
public final class Cgfx {
    private Cgfx() {}

    /** One stored array (float32, C order). */
    public record Array(int[] shape, float[] data) {
        /** The array as a CPU tensor. */
        public Tensor tensor() {
            return Tensor.of(data, shape);
        }

        /** The array as a tensor on {@code device}. */
        public Tensor tensor(Device device) {
            return Tensor.of(device, data, shape);
        }
    }

    /** One case: id, op, parameters and named arrays in file order. */
    public record Case(String id, String op, Map<String, String> params, Map<String, Array> tensors) {
        /** Parameter {@code key} as text; fails naming the case when it is missing. */
        public String str(String key) {
            String v = params.get(key);
            if (v == null) throw new IllegalArgumentException(id + ": missing parameter " + key);
            return v;
        }

        /** Parameter {@code key} as comma-separated integers. */
        public int[] ints(String key) {
            String[] p = str(key).split(",");
            int[] r = new int[p.length];
            for (int i = 0; i < p.length; i++) r[i] = Integer.parseInt(p[i].trim());
            return r;
        }

        /** Parameter {@code key} as one integer. */
        public int integer(String key) {
            return ints(key)[0];
        }

        /** Parameter {@code key} as a flag (non-zero integer). */
        public boolean flag(String key) {
            return integer(key) != 0;
        }

        /** Parameter {@code key} as a number. */
        public double real(String key) {
            return Double.parseDouble(str(key));
        }

        /** Whether parameter {@code key} is present. */
        public boolean has(String key) {
            return params.containsKey(key);
        }

        /** The array named {@code name}; fails naming the case when it is missing. */
        public Array get(String name) {
            Array a = tensors.get(name);
            if (a == null) throw new IllegalArgumentException(id + ": no array named " + name);
            return a;
        }

        /** Arrays whose names start with {@code prefix}, by the rest of the name, in file order. */
        public LinkedHashMap<String, Array> withPrefix(String prefix) {
            LinkedHashMap<String, Array> out = new LinkedHashMap<>();
            for (var e : tensors.entrySet()) if (e.getKey().startsWith(prefix)) out.put(e.getKey().substring(prefix.length()), e.getValue());
            return out;
        }

        @Override
        public String toString() {
            return id + " " + params;
        }
    }

    /**
     * Reads every case of a fixture resource.
     *
     * @param anchor    class whose loader finds the resource
     * @param resource  resource path, e.g. {@code /fixtures/ops.bin.gz}
     * @param generator the script that writes it, named in the error when the resource is missing
     */
    public static List<Case> load(Class<?> anchor, String resource, String generator) {
        try (InputStream raw = anchor.getResourceAsStream(resource)) {
            if (raw == null) throw new IllegalStateException("missing test resource " + resource + "; run " + generator);
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
                    int[] shape = new int[in.readInt()];
                    long numel = 1;
                    for (int d = 0; d < shape.length; d++) numel *= shape[d] = in.readInt();
                    float[] data = new float[Math.toIntExact(numel)];
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
}
