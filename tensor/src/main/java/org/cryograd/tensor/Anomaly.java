package org.cryograd.tensor;

/**
 * Anomaly detection: when on, every operation checks its output (and every backward step its gradients) for
 * NaN or infinity and throws {@link IllegalStateException} naming the first operation that produced one.
 * Slow (each check reads the data to the host); meant for debugging a training run.
 * {@code try (var a = Anomaly.detect()) { ... }}.
 */
public final class Anomaly implements AutoCloseable {
    private static final ThreadLocal<Boolean> ON = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private final boolean previous;

    private Anomaly() {
        previous = ON.get();
        ON.set(true);
    }

    /** Turns anomaly detection on for this thread until the handle is closed. */
    public static Anomaly detect() {
        return new Anomaly();
    }

    /** Whether anomaly detection is on for this thread. */
    public static boolean isEnabled() {
        return ON.get();
    }

    /** Restores the previous setting. */
    @Override
    public void close() {
        ON.set(previous);
    }

    static void check(String what, String op, Tensor t) {
        if (!ON.get() || t == null) return;
        float[] a = t.toArray();
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                throw new IllegalStateException("anomaly: " + what + " of '" + op + "' produced " + a[i] + " at flat index " + i
                        + " of a tensor of shape " + t.shape());
            }
        }
    }
}
