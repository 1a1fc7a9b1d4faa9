package org.cryograd.fft.metrics;

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

/** Reads {@code /metrics/metrics.bin.gz}, written by {@code src/test/python/make_metric_fixtures.py}. */
final class MetricFixtures {
    static final String RESOURCE = "/metrics/metrics.bin.gz";

    /** One stored float32 array. */
    record Array(int[] shape, float[] data) {
        Tensor tensor() {
            return Tensor.of(data, shape);
        }
    }

    /** One reference value: metric of (ref, test) with params, expecting a scalar or a stored array. */
    record Case(String id, String metric, String ref, String test, Map<String, String> params, double expected,
                String expectedArray) {
        double real(String key) {
            String v = params.get(key);
            if (v == null) throw new IllegalArgumentException(id + ": missing parameter " + key);
            return Double.parseDouble(v);
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** Everything in the file. */
    record Data(Map<String, Array> arrays, List<Case> cases) {
        Array array(String name) {
            Array a = arrays.get(name);
            if (a == null) throw new IllegalArgumentException(RESOURCE + ": no array named " + name);
            return a;
        }
    }

    private static Data cached;

    private MetricFixtures() {}

    static synchronized Data load() {
        if (cached != null) return cached;
        try (InputStream raw = MetricFixtures.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) throw new IllegalStateException("missing test resource " + RESOURCE + "; run src/test/python/make_metric_fixtures.py");
            DataInputStream in = new DataInputStream(new GZIPInputStream(raw));
            String magic = new String(in.readNBytes(4), StandardCharsets.US_ASCII);
            if (!magic.equals("CGMF")) throw new IOException(RESOURCE + ": bad magic " + magic);
            int version = in.readInt();
            if (version != 1) throw new IOException(RESOURCE + ": unsupported version " + version);
            int na = in.readInt();
            Map<String, Array> arrays = new LinkedHashMap<>();
            for (int i = 0; i < na; i++) {
                String name = str(in);
                int rank = in.readInt();
                int[] shape = new int[rank];
                int n = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = in.readInt();
                    n *= shape[d];
                }
                float[] data = new float[n];
                for (int j = 0; j < n; j++) data[j] = in.readFloat();
                arrays.put(name, new Array(shape, data));
            }
            int nc = in.readInt();
            List<Case> cases = new ArrayList<>(nc);
            for (int i = 0; i < nc; i++) {
                String id = str(in), metric = str(in), ref = str(in), test = str(in), params = str(in);
                double expected = in.readDouble();
                String earr = str(in);
                Map<String, String> pm = new LinkedHashMap<>();
                if (!params.isEmpty()) {
                    for (String kv : params.split(";")) {
                        int eq = kv.indexOf('=');
                        pm.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                cases.add(new Case(id, metric, ref, test, pm, expected, earr));
            }
            cached = new Data(arrays, List.copyOf(cases));
            return cached;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String str(DataInputStream in) throws IOException {
        int len = in.readUnsignedShort();
        return new String(in.readNBytes(len), StandardCharsets.UTF_8);
    }
}
