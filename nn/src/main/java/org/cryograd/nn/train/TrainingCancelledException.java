package org.cryograd.nn.train;

import java.util.concurrent.CancellationException;

/**
 * A run stopped because its cancellation flag ({@link Trainer.Builder#cancelWhen}) was raised. Thrown before the next
 * step starts, so no step is left half done; the last checkpoint written stays and a later run resumes from it.
 */
public final class TrainingCancelledException extends CancellationException {
    private static final long serialVersionUID = 1L;

    private final long stepsDone;

    /**
     * @param stage     the stage's name
     * @param stepsDone steps done when it stopped
     */
    public TrainingCancelledException(String stage, long stepsDone) {
        super(stage + ": cancelled after step " + stepsDone);
        this.stepsDone = stepsDone;
    }

    /** Steps done when the run stopped. */
    public long stepsDone() {
        return stepsDone;
    }
}
