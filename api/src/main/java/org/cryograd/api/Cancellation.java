package org.cryograd.api;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A cooperative cancellation token: one thread calls {@link #cancel()}, the job running on another thread sees it at
 * its next check and throws {@link CancelledException}. The jobs check between SIRT iterations, coordinate-network
 * optimizer steps and DUAL tile passes, and between stages, so a small or medium job stops within a second; a single
 * WBP, a phantom or a picking pass is not interrupted part-way (each is one short computation).
 *
 * <p>Thread-safe. A token may also poll a condition of the caller's ({@link #polling}), e.g. ImageJ's Esc key.
 */
public final class Cancellation {
    /** A token that is never cancelled. */
    public static final Cancellation NONE = new Cancellation(() -> false);

    private final BooleanSupplier external;
    private volatile boolean cancelled;

    private Cancellation(BooleanSupplier external) {
        this.external = external;
    }

    /** A new token, not cancelled. */
    public static Cancellation create() {
        return new Cancellation(() -> false);
    }

    /**
     * A token that also counts as cancelled whenever {@code condition} returns true (asked at every check, on the job's
     * thread; it must be cheap and thread-safe).
     */
    public static Cancellation polling(BooleanSupplier condition) {
        return new Cancellation(Objects.requireNonNull(condition, "Cancellation.polling: condition is null"));
    }

    /**
     * Asks the job to stop; returns at once.
     *
     * @throws UnsupportedOperationException on {@link #NONE}
     */
    public void cancel() {
        if (this == NONE) throw new UnsupportedOperationException("Cancellation.NONE cannot be cancelled; use Cancellation.create()");
        cancelled = true;
    }

    /** Whether {@link #cancel()} was called or the polled condition holds. */
    public boolean isCancelled() {
        return cancelled || external.getAsBoolean();
    }

    /**
     * Throws if cancelled.
     *
     * @param what the job, for the message ({@code what + ": cancelled"})
     * @throws CancelledException if {@link #isCancelled()}
     */
    public void check(String what) {
        if (isCancelled()) throw new CancelledException(what + ": cancelled");
    }
}
