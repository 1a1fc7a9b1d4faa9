package org.cryograd.api;

/**
 * Receives the progress of a long call: the one listener interface of the API.
 *
 * <p>Calls come from the thread that runs the job (for a coordinate-network run with parallel chunks, from two
 * threads, but never at the same time: the API serialises them). A listener must return quickly; it may throw to stop
 * the job (a {@link Cancellation} is the usual way). {@code done} counts up to {@code total}; both are in the job's own
 * units (iterations, optimizer steps, tiles) and {@code total} may change between stages.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Ignores every report. */
    ProgressListener NONE = (stage, done, total, detail) -> {};

    /**
     * One report.
     *
     * @param stage  what is running, e.g. {@code "sirt"}, {@code "cn chunk 2/4"}, {@code "dual"}, {@code "read"}
     * @param done   units of work done in this stage
     * @param total  units of work in this stage (at least 1)
     * @param detail a short human-readable line (may be empty), e.g. {@code "step 120, loss 0.01234"}
     */
    void progress(String stage, long done, long total, String detail);
}
