package org.cryograd.tensor;

import java.util.Locale;
import org.cryograd.tensor.spi.Storage;

/**
 * Counts NaN and infinite values in one pass, for the "refuse non-finite data" checks of the readers, the
 * checkpoint writers and the training loops. Feed it chunks in order ({@link #add}); it remembers the flat index and
 * value of the first non-finite element.
 *
 * <pre>{@code
 * NonFinite n = NonFinite.of(tensor);
 * if (n.any()) throw new IllegalArgumentException("weights: " + n.summary() + ", first at flat index " + n.firstIndex());
 * }</pre>
 */
public final class NonFinite {
    private static final int CHUNK = 1 << 20;
    private long nan, posInf, negInf, seen;
    private long firstIndex = -1;
    private float firstValue;

    /** An empty count; {@link #add} chunks to it. */
    public NonFinite() {}

    /** Counts the non-finite values of a whole array. */
    public static NonFinite of(float[] a) {
        return new NonFinite().add(a, 0, a.length);
    }

    /**
     * Counts the non-finite values of a tensor, reading it to the host in chunks of at most 1 Mi values, so a large
     * volume is not copied whole just to be checked.
     */
    public static NonFinite of(Tensor t) {
        Storage s = t.storage("NonFinite.of");
        long n = t.numel();
        float[] buf = new float[(int) Math.min(n, CHUNK)];
        NonFinite r = new NonFinite();
        for (long o = 0; o < n; o += buf.length) {
            int m = (int) Math.min(buf.length, n - o);
            t.backend().download(s, o, buf, 0, m);
            r.add(buf, 0, m);
        }
        return r;
    }

    /**
     * Adds {@code a[from, to)}, which continue the elements seen so far (their flat indices follow on).
     *
     * @return this
     */
    public NonFinite add(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            float v = a[i];
            if (Float.isFinite(v)) continue; // the common case: one compare per element
            if (firstIndex < 0) {
                firstIndex = seen + (i - from);
                firstValue = v;
            }
            if (Float.isNaN(v)) nan++;
            else if (v > 0) posInf++;
            else negInf++;
        }
        seen += to - from;
        return this;
    }

    /** Whether any value was NaN or infinite. */
    public boolean any() {
        return firstIndex >= 0;
    }

    /** Number of NaN plus infinite values. */
    public long count() {
        return nan + posInf + negInf;
    }

    /** Number of values seen. */
    public long seen() {
        return seen;
    }

    /** Number of NaN values. */
    public long nan() {
        return nan;
    }

    /** Number of +Inf values. */
    public long posInf() {
        return posInf;
    }

    /** Number of -Inf values. */
    public long negInf() {
        return negInf;
    }

    /** Flat index (over all chunks) of the first non-finite value, or -1 when there is none. */
    public long firstIndex() {
        return firstIndex;
    }

    /** The first non-finite value (NaN or an infinity); meaningless when {@link #any()} is false. */
    public float firstValue() {
        return firstValue;
    }

    /** "3 non-finite values (2 NaN, 1 +Inf) of 4096", or "no non-finite values of 4096". */
    public String summary() {
        if (!any()) return "no non-finite values of " + seen;
        StringBuilder kinds = new StringBuilder();
        if (nan > 0) kinds.append(nan).append(" NaN");
        if (posInf > 0) kinds.append(kinds.length() > 0 ? ", " : "").append(posInf).append(" +Inf");
        if (negInf > 0) kinds.append(kinds.length() > 0 ? ", " : "").append(negInf).append(" -Inf");
        long c = count();
        return String.format(Locale.ROOT, "%d non-finite value%s (%s) of %d", c, c == 1 ? "" : "s", kinds, seen);
    }

    /** "NaN", "+Inf" or "-Inf". */
    public static String name(float v) {
        return Float.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
    }
}
