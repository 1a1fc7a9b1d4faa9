package org.cryograd.em;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The scikit-image reference written by {@code src/test/python/make_baseline_fixtures.py}: named float32 arrays
 * (gzip; magic "CGBL", version, count, then name, rank, dims, big-endian data per array).
 */
public final class BaselineFixture {
    public static final String FILE = "/baselines/shepp_fbp.bin.gz";
    private static Map<String, Array> cached;

    /** One stored array, C order. */
    public record Array(int[] shape, float[] data) {}

    private BaselineFixture() {}

    public static synchronized Array get(String name) {
        if (cached == null) cached = load();
        Array a = cached.get(name);
        if (a == null) throw new IllegalArgumentException(FILE + ": no array named " + name + " (have " + cached.keySet() + ")");
        return a;
    }

    private static Map<String, Array> load() {
        try (InputStream raw = BaselineFixture.class.getResourceAsStream(FILE)) {
            if (raw == null) throw new IllegalStateException("missing test resource " + FILE + "; run src/test/python/make_baseline_fixtures.py");
            DataInputStream in = new DataInputStream(new GZIPInputStream(raw));
            if (!new String(in.readNBytes(4), StandardCharsets.US_ASCII).equals("CGBL")) throw new IOException(FILE + ": bad magic");
            int version = in.readInt();
            if (version != 1) throw new IOException(FILE + ": unsupported version " + version);
            int n = in.readInt();
            Map<String, Array> out = new LinkedHashMap<>();
            for (int a = 0; a < n; a++) {
                String name = new String(in.readNBytes(in.readUnsignedShort()), StandardCharsets.UTF_8);
                int[] shape = new int[in.readInt()];
                int numel = 1;
                for (int d = 0; d < shape.length; d++) numel *= shape[d] = in.readInt();
                float[] data = new float[numel];
                for (int i = 0; i < numel; i++) data[i] = in.readFloat();
                out.put(name, new Array(shape, data));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pearson correlation over the indices where {@code mask} is true (null: all), in double precision. */
    public static double pearson(float[] a, float[] b, boolean[] mask) {
        double sa = 0, sb = 0;
        int n = 0;
        for (int i = 0; i < a.length; i++)
            if (mask == null || mask[i]) {
                sa += a[i];
                sb += b[i];
                n++;
            }
        double ma = sa / n, mb = sb / n, ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++)
            if (mask == null || mask[i]) {
                double da = a[i] - ma, db = b[i] - mb;
                ab += da * db;
                aa += da * da;
                bb += db * db;
            }
        return ab / Math.sqrt(aa * bb);
    }

    /** The inscribed circle of an n x n image (radius n / 2, centre n / 2, as scikit-image's circle=True). */
    public static boolean[] circle(int n) {
        boolean[] m = new boolean[n * n];
        int c = n / 2, r = n / 2;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) m[i * n + j] = (i - c) * (i - c) + (j - c) * (j - c) <= r * r;
        return m;
    }
}
