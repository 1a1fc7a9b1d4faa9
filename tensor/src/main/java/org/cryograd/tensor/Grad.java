package org.cryograd.tensor;

/**
 * Switches gradient recording for the current thread. Recording is on by default;
 * {@code try (var g = Grad.disabled()) { ... }} runs a block without building a graph (inference, optimizer steps).
 */
public final class Grad implements AutoCloseable {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);
    private final boolean previous;

    private Grad(boolean enable) {
        previous = ENABLED.get();
        ENABLED.set(enable);
    }

    /** Turns recording off until the returned handle is closed. */
    public static Grad disabled() {
        return new Grad(false);
    }

    /** Turns recording on until the returned handle is closed. */
    public static Grad enabled() {
        return new Grad(true);
    }

    /** Whether operations on this thread record the autograd graph. */
    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /** Restores the previous setting. */
    @Override
    public void close() {
        ENABLED.set(previous);
    }
}
