package org.cryograd.dual;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Tensor;

/**
 * A ring buffer of the last {@code capacity} encoder inputs (DUAL: noisy training patches {@code [1, p, p, p]}) for the
 * KL term (eq. 9). At DUAL's batch of 2-4 codes of size K = 16 the batch covariance has rank at most B − 1, so the
 * batch-only KL is dominated by the {@code ε} of the missing directions and cannot pull the codes towards
 * {@code N(0, I)}. {@link DualStep} encodes the remembered patches again at every step, with the current encoder and
 * with gradient, and the KL runs over those codes and the batch's ({@link DualLosses#klWithMemory}): an estimate over
 * up to {@code capacity + B} codes of the encoder as it is now.
 *
 * <p>Why inputs and not codes: remembered codes come from encoders of earlier steps. Their mean and covariance lag
 * the encoder being trained, the drift inflates the pooled covariance (so the KL settles with the current codes'
 * variance below 1), the lagged mean makes the mean's correction overshoot, and the gradient reaches the encoder through
 * the B batch codes alone. On the dual-sim quick training (600 steps) remembered codes left a code dimension's mean
 * at about −1 and the variances at 0.38-0.51 ({@code results/dual-codes-before/}); re-encoded patches with gradient
 * through all codes give largest |mean| 0.28 and variances 0.71-1.11 ({@code results/dual-codes/}). (Re-encoding
 * without that gradient, tried while diagnosing and not recorded, fixed the mean but not the variances.)
 *
 * <p>The whole state lives in two CPU tensors ({@link #stateDict()}: the inputs and {@code {size, next}}) so that a
 * training checkpoint saves it and a resumed run restores it in place, which keeps resume bit-identical.
 */
public final class KlMemory {
    /** State-dict key of the inputs {@code [capacity, sample shape...]}. */
    public static final String SAMPLES = "kl_memory.samples";
    /** State-dict key of {@code [size, next]} (small integers, exact in float32). */
    public static final String STATE = "kl_memory.state";
    /** The key under which checkpoints of earlier versions kept codes (not inputs); such checkpoints cannot resume. */
    public static final String LEGACY_CODES = "kl_memory.rows";
    private static final long MAX_VALUES = 1L << 28;

    private final int capacity;
    private final int[] sampleShape;
    private final Tensor samples, state;

    /**
     * @param capacity    inputs kept, 0 for none (the KL over the batch alone)
     * @param sampleShape the shape of one input (DUAL: {@code 1, p, p, p})
     */
    public KlMemory(int capacity, int... sampleShape) {
        long size = 1;
        for (int d : sampleShape) {
            if (d < 1) throw new IllegalArgumentException("KlMemory: sample shape " + Arrays.toString(sampleShape) + " has a non-positive dimension");
            size *= d;
        }
        if (sampleShape.length == 0) throw new IllegalArgumentException("KlMemory: empty sample shape");
        if (capacity < 0 || (long) capacity * size > MAX_VALUES)
            throw new IllegalArgumentException("KlMemory: capacity must be >= 0 and hold at most " + MAX_VALUES + " values, got " + capacity + " x "
                    + Arrays.toString(sampleShape));
        this.capacity = capacity;
        this.sampleShape = sampleShape.clone();
        this.samples = capacity == 0 ? null : Tensor.zeros(batchShape(capacity));
        this.state = capacity == 0 ? null : Tensor.zeros(2);
    }

    /** Inputs it can hold. */
    public int capacity() {
        return capacity;
    }

    /** Inputs held now, at most {@link #capacity()}. */
    public int size() {
        return capacity == 0 ? 0 : checkedState()[0];
    }

    /**
     * The inputs held, {@code [size, sample shape...]} on {@code device}, in storage order (which inputs, not their order,
     * matters to the codes' mean and covariance; the order is a deterministic function of the pushes), or null when
     * empty.
     */
    public Tensor samples(Device device) {
        int n = size();
        if (n == 0) return null;
        Tensor t = samples.slice(0, 0, n);
        if (device.equals(t.device())) return t;
        try (t) {
            return t.to(device);
        }
    }

    /**
     * Appends a batch {@code [B, sample shape...]} (any device; copied, no gradient), overwriting the oldest inputs
     * once full. Does nothing when the capacity is 0.
     */
    public void push(Tensor batch) {
        if (batch.rank() != sampleShape.length + 1 || !Arrays.equals(Arrays.copyOfRange(batch.dims(), 1, batch.rank()), sampleShape))
            throw new IllegalArgumentException("KlMemory.push: batch of shape " + batch.shape() + " is not [B, " + Arrays.toString(sampleShape) + "]");
        if (capacity == 0) return;
        int[] st = checkedState();
        int size = st[0], next = st[1];
        int b = batch.dim(0), first = Math.max(0, b - capacity); // inputs beyond the capacity would be overwritten anyway
        try (Tensor in = batch.detach()) {
            for (int done = first; done < b; ) { // at most two runs: up to the buffer's end, then from its start
                int run = Math.min(b - done, capacity - next);
                try (Tensor rows = in.slice(0, done, done + run)) {
                    samples.copyRowsFrom(next, rows);
                }
                done += run;
                next = (next + run) % capacity;
                size = Math.min(size + run, capacity);
            }
        }
        try (Tensor ns = Tensor.of(new float[] {size, next}, 2)) {
            state.copyFrom(ns);
        }
    }

    /** Empties the memory. */
    public void clear() {
        if (capacity == 0) return;
        samples.fillInPlace(0);
        state.fillInPlace(0);
    }

    /**
     * The live state tensors ({@link #SAMPLES}, {@link #STATE}) for checkpoints: saving reads them, restoring copies into
     * them. Empty when the capacity is 0, so checkpoints of a batch-only run hold nothing extra.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        if (capacity > 0) {
            m.put(SAMPLES, samples);
            m.put(STATE, state);
        }
        return m;
    }

    private int[] batchShape(int n) {
        int[] s = new int[sampleShape.length + 1];
        s[0] = n;
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return s;
    }

    private int[] checkedState() {
        float[] s = state.toArray();
        int size = (int) s[0], next = (int) s[1];
        if (size != s[0] || next != s[1] || size < 0 || size > capacity || next < 0 || next >= capacity || (size < capacity && next != size))
            throw new IllegalStateException("KlMemory: corrupt state [size " + s[0] + ", next " + s[1] + "] for capacity " + capacity
                    + " (a checkpoint from another run?)");
        return new int[] {size, next};
    }
}
