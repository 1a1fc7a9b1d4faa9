package org.cryograd.em;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reads {@code em/aux_fixtures.bin} written by {@code src/test/python/make_dualaux_fixtures.py}. */
public final class AuxFixtures {
    private static Map<String, Entry> cache;

    /** A named array: dims and values (float64). */
    public record Entry(int[] dims, double[] values) {
        /** The values as float32 (inputs were float32 to begin with). */
        public float[] floats() {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
            return f;
        }
    }

    private AuxFixtures() {}

    /** The array called {@code name}. */
    public static synchronized Entry get(String name) {
        if (cache == null) cache = load();
        Entry e = cache.get(name);
        if (e == null) throw new IllegalArgumentException("aux_fixtures.bin has no array '" + name + "'");
        return e;
    }

    private static Map<String, Entry> load() {
        try (InputStream in = AuxFixtures.class.getResourceAsStream("/em/aux_fixtures.bin")) {
            if (in == null) throw new IllegalStateException("missing resource /em/aux_fixtures.bin");
            ByteBuffer b = ByteBuffer.wrap(new DataInputStream(in).readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            Map<String, Entry> m = new HashMap<>();
            while (b.hasRemaining()) {
                byte[] name = new byte[b.getInt()];
                b.get(name);
                int[] dims = new int[b.getInt()];
                long n = 1;
                for (int i = 0; i < dims.length; i++) n *= dims[i] = b.getInt();
                double[] v = new double[(int) n];
                for (int i = 0; i < v.length; i++) v[i] = b.getDouble();
                m.put(new String(name, StandardCharsets.UTF_8), new Entry(dims, v));
            }
            return m;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read aux_fixtures.bin", e);
        }
    }
}
