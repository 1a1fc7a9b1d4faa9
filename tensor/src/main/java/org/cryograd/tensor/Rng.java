package org.cryograd.tensor;

/**
 * A seeded random stream over {@link Philox}: a key (the seed) and a running counter. Each draw of {@code n}
 * values uses {@code ceil(n / 4)} counter blocks and advances the counter past them, so the sequence of draws is
 * reproducible and independent of the device and thread count. Not thread-safe; use one per thread or task.
 */
public final class Rng {
    private final long seed;
    private long counter;

    /** A stream starting at counter 0. */
    public Rng(long seed) {
        this(seed, 0);
    }

    /** A stream starting at a given counter (to resume a run). */
    public Rng(long seed, long counter) {
        this.seed = seed;
        this.counter = counter;
    }

    /** The seed (Philox key). */
    public long seed() {
        return seed;
    }

    /** The next unused counter block; save it with the seed to resume. */
    public long counter() {
        return counter;
    }

    /** Reserves the blocks for {@code n} values and returns the first block's counter. */
    public long advance(long n) {
        if (n < 0) throw new IllegalArgumentException("Rng.advance: negative count " + n);
        long c = counter;
        counter += (n + 3) / 4;
        return c;
    }

    /** A uniform double in [0, 1) (uses one block). */
    public double nextDouble() {
        int[] w = new int[4];
        Philox.block(seed, advance(4), w);
        long bits = ((long) (w[0] >>> 5) << 26) | (w[1] >>> 6);
        return bits * 0x1.0p-53;
    }

    /** A uniform int in {@code [0, bound)} (uses one block). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("Rng.nextInt: bound must be positive, got " + bound);
        return (int) Math.min(bound - 1, (long) (nextDouble() * bound));
    }
}
