package org.cryograd.cluster;

import java.io.Serializable;

/**
 * How one input ended: one manifest row.
 *
 * @param name the input's name
 * @param status {@link #DONE}, {@link #FAILED} or {@link #PENDING}
 * @param attempts how many times the task ran (0: complete before this run, or not yet run)
 * @param seconds wall time of all attempts together
 * @param metrics {@code key=value} pairs separated by {@code ;} (the metrics job), or empty
 * @param error the last attempt's one-line error, or empty
 */
public record TaskResult(String name, String status, int attempts, double seconds, String metrics, String error) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Every output was written. */
    public static final String DONE = "done";
    /** Every attempt failed; {@link #error} says why. */
    public static final String FAILED = "failed";
    /** Not finished (yet): the row a manifest holds while its run is going, or after it was killed. */
    public static final String PENDING = "pending";

    /** Whether this input's outputs were written. */
    public boolean done() {
        return DONE.equals(status);
    }
}
