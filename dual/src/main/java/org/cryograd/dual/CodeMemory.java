package org.cryograd.dual;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cryograd.tensor.Tensor;

/**
 * A ring buffer of the last {@code capacity} noise codes (detached, float32, on the CPU) that joins each batch in the
 * KL's mean and covariance ({@link GaussianKl#loss(Tensor, double, float[])}). At DUAL's batch of 2-4 codes of size
 * K = 16 the batch covariance has rank at most B − 1, so the KL is dominated by the {@code ε} of the missing
 * directions and cannot pull the codes towards {@code N(0, I)}; with the memory the estimate runs over up to
 * {@code capacity + B} rows.
 *
 * <p>Warm-up: an empty memory gives the batch-only KL; until memory and batch hold {@code K + 1} rows the covariance is
 * still rank-deficient, and {@link DualLosses#kl(Tensor, double, CodeMemory)} reports the term without training on it.
 * The whole state lives in two tensors ({@link #stateDict()}: the rows and {@code {size, next}}) so that a training
 * checkpoint saves it and a resumed run restores it in place, which keeps resume bit-identical.
 */
public final class CodeMemory {
    /** State-dict key of the rows {@code [capacity, K]}. */
    public static final String ROWS = "kl_memory.rows";
    /** State-dict key of {@code [size, next]} (small integers, exact in float32). */
    public static final String STATE = "kl_memory.state";
    private static final int MAX_CAPACITY = 1 << 20;

    private final int capacity, k;
    private final Tensor rows, state;

    /**
     * @param capacity rows kept, 0 for none (the KL over the batch alone)
     * @param codeSize K
     */
    public CodeMemory(int capacity, int codeSize) {
        if (capacity < 0 || capacity > MAX_CAPACITY)
            throw new IllegalArgumentException("CodeMemory: capacity must be in [0, " + MAX_CAPACITY + "], got " + capacity);
        if (codeSize < 1) throw new IllegalArgumentException("CodeMemory: code size must be positive, got " + codeSize);
        this.capacity = capacity;
        this.k = codeSize;
        this.rows = capacity == 0 ? null : Tensor.zeros(capacity, codeSize);
        this.state = capacity == 0 ? null : Tensor.zeros(2);
    }

    /** Rows it can hold. */
    public int capacity() {
        return capacity;
    }

    /** Code size K. */
    public int codeSize() {
        return k;
    }

    /** Rows held now, at most {@link #capacity()}. */
    public int size() {
        return capacity == 0 ? 0 : checkedState()[0];
    }

    /**
     * The rows held, row-major {@code [size, K]}, in storage order (which rows, not their order, matters to the mean
     * and covariance; the order is a deterministic function of the pushes, so results are reproducible).
     */
    public float[] rows() {
        int n = size();
        float[] out = new float[n * k];
        if (n > 0) System.arraycopy(rows.toArray(), 0, out, 0, n * k);
        return out;
    }

    /**
     * Appends {@code codes} ({@code [B, K]} row-major), overwriting the oldest rows once full. Does nothing when the
     * capacity is 0.
     */
    public void push(float[] codes) {
        if (codes.length % k != 0)
            throw new IllegalArgumentException("CodeMemory.push: " + codes.length + " values are not whole rows of K = " + k);
        if (capacity == 0) return;
        int[] st = checkedState();
        int size = st[0], next = st[1];
        float[] r = rows.toArray();
        int b = codes.length / k;
        for (int i = Math.max(0, b - capacity); i < b; i++) { // rows beyond the capacity would be overwritten anyway
            System.arraycopy(codes, i * k, r, next * k, k);
            next = (next + 1) % capacity;
            size = Math.min(size + 1, capacity);
        }
        try (Tensor nr = Tensor.of(r, capacity, k); Tensor ns = Tensor.of(new float[] {size, next}, 2)) {
            rows.copyFrom(nr);
            state.copyFrom(ns);
        }
    }

    /** Empties the memory. */
    public void clear() {
        if (capacity == 0) return;
        rows.fillInPlace(0);
        state.fillInPlace(0);
    }

    /**
     * The live state tensors ({@link #ROWS}, {@link #STATE}) for checkpoints: saving reads them, restoring copies into
     * them. Empty when the capacity is 0, so checkpoints of a batch-only run hold nothing extra.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        if (capacity > 0) {
            m.put(ROWS, rows);
            m.put(STATE, state);
        }
        return m;
    }

    private int[] checkedState() {
        float[] s = state.toArray();
        int size = (int) s[0], next = (int) s[1];
        if (size != s[0] || next != s[1] || size < 0 || size > capacity || next < 0 || next >= capacity || (size < capacity && next != size))
            throw new IllegalStateException("CodeMemory: corrupt state [size " + s[0] + ", next " + s[1] + "] for capacity " + capacity
                    + " (a checkpoint from another run?)");
        return new int[] {size, next};
    }
}
