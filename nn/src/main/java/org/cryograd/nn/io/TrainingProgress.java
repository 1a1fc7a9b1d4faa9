package org.cryograd.nn.io;

import org.cryograd.tensor.Rng;

/**
 * Where a training run stands, stored with a {@link Checkpoint} so it resumes exactly.
 *
 * @param epoch      completed epochs
 * @param step       completed optimizer steps (the argument to pass to the LR schedule next)
 * @param rngSeed    seed of the run's {@link Rng}
 * @param rngCounter the {@link Rng}'s next unused counter block
 */
public record TrainingProgress(long epoch, long step, long rngSeed, long rngCounter) {
    /** Validates the counts. */
    public TrainingProgress {
        if (epoch < 0 || step < 0 || rngCounter < 0)
            throw new IllegalArgumentException("TrainingProgress: negative epoch " + epoch + ", step " + step + " or rng counter " + rngCounter);
    }

    /** The progress of a run at {@code epoch}/{@code step} whose random stream is {@code rng}. */
    public static TrainingProgress of(long epoch, long step, Rng rng) {
        return new TrainingProgress(epoch, step, rng.seed(), rng.counter());
    }

    /** A fresh {@link Rng} continuing the saved stream. */
    public Rng rng() {
        return new Rng(rngSeed, rngCounter);
    }
}
