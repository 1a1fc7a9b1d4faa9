package org.cryograd.tensor;

/**
 * The Philox 4x32-10 counter-based generator (Salmon et al., SC'11). A (key, counter) pair maps to four
 * independent 32-bit words, so any element of a random stream can be computed on its own: the CPU and GPU
 * backends produce the same stream for the same seed.
 */
public final class Philox {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final double TWO_PI = 2.0 * Math.PI;

    private Philox() {}

    /**
     * The four output words for a 64-bit key and a 128-bit counter given as its low 64 bits (the high 64 bits are 0).
     *
     * @param out receives 4 words
     */
    public static void block(long key, long counter, int[] out) {
        block((int) counter, (int) (counter >>> 32), 0, 0, (int) key, (int) (key >>> 32), out);
    }

    /** The four output words for counter words {@code c0..c3} and key words {@code k0, k1} (Random123 layout). */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int r = 0; r < 10; r++) {
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32), lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32), lo1 = (int) p1;
            int n0 = hi1 ^ c1 ^ k0;
            int n2 = hi0 ^ c3 ^ k1;
            c0 = n0;
            c1 = lo1;
            c2 = n2;
            c3 = lo0;
            k0 += W0;
            k1 += W1;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** A uniform float in [0, 1) from a 32-bit word (its top 24 bits). */
    public static float uniform(int word) {
        return (word >>> 8) * 0x1.0p-24f;
    }

    /**
     * Fills {@code y[from, to)} of a stream: element {@code i} is word {@code i % 4} of block {@code counter + i / 4}
     * (uniform), or of the Box-Muller pair formed by words (0,1) and (2,3) (normal).
     */
    public static void fill(boolean normal, long seed, long counter, float[] y, int from, int to) {
        int[] w = new int[4];
        long lastBlock = -1;
        for (int i = from; i < to; i++) {
            long b = i >>> 2;
            if (b != lastBlock) {
                block(seed, counter + b, w);
                lastBlock = b;
            }
            int j = i & 3;
            if (!normal) {
                y[i] = uniform(w[j]);
            } else {
                int pair = j & 2;
                // u1 in (0, 1] so the log is finite; u2 in [0, 1)
                double u1 = ((w[pair] >>> 8) + 1) * 0x1.0p-24;
                double u2 = (w[pair + 1] >>> 8) * 0x1.0p-24;
                double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
                double a = TWO_PI * u2;
                y[i] = (float) ((j & 1) == 0 ? r * StrictMath.cos(a) : r * StrictMath.sin(a));
            }
        }
    }
}
