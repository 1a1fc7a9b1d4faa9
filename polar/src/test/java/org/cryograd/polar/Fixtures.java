package org.cryograd.polar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.cryograd.tensor.Tensor;

/** Reads {@code polar_fixtures.txt} written by {@code src/test/python/make_polar_fixtures.py}. */
public final class Fixtures {
    private static Map<String, Tensor> cache;

    private Fixtures() {}

    /** A named fixture tensor. */
    public static synchronized Tensor get(String name) {
        if (cache == null) cache = load();
        Tensor t = cache.get(name);
        if (t == null) throw new IllegalArgumentException("fixture " + name + " missing; have " + cache.keySet());
        return t;
    }

    private static Map<String, Tensor> load() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/polar_fixtures.txt")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            Map<String, Tensor> m = new HashMap<>();
            for (int i = 0; i + 1 < lines.length; i += 2) {
                String[] head = lines[i].trim().split(" ");
                int[] shape = new int[head.length - 1];
                for (int k = 1; k < head.length; k++) shape[k - 1] = Integer.parseInt(head[k]);
                String[] vals = lines[i + 1].trim().split(" ");
                float[] v = new float[vals.length];
                for (int k = 0; k < v.length; k++) v[k] = (float) Double.parseDouble(vals[k]);
                m.put(head[0], Tensor.of(v, shape));
            }
            return m;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The largest absolute elementwise difference of two tensors of the same size. */
    public static double maxAbsDiff(Tensor a, Tensor b) {
        float[] x = a.toArray(), y = b.toArray();
        if (x.length != y.length) throw new IllegalArgumentException("sizes " + a.shape() + " vs " + b.shape());
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        return m;
    }

    /** The largest absolute value. */
    public static double maxAbs(Tensor a) {
        double m = 0;
        for (float v : a.toArray()) m = Math.max(m, Math.abs(v));
        return m;
    }

    static double relMse(Tensor truth, Tensor est) {
        float[] x = truth.toArray(), y = est.toArray();
        double num = 0, den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - y[i]) * (double) (x[i] - y[i]);
            den += x[i] * (double) x[i];
        }
        return num / den;
    }
}
