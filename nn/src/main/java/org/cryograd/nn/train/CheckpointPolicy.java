package org.cryograd.nn.train;

/**
 * When a {@link Trainer} writes its checkpoint.
 *
 * @param everySteps write after every {@code everySteps}-th step (0: never on a step count)
 * @param atEpochEnd write after the last step of every epoch
 * @param atEnd      write after the stage's last step
 */
public record CheckpointPolicy(long everySteps, boolean atEpochEnd, boolean atEnd) {
    /** Validates {@code everySteps}. */
    public CheckpointPolicy {
        if (everySteps < 0) throw new IllegalArgumentException("CheckpointPolicy: everySteps must be >= 0, got " + everySteps);
    }

    /** Every {@code n} steps and after the last step. */
    public static CheckpointPolicy everyStepsAndAtEnd(long n) {
        return new CheckpointPolicy(n, false, true);
    }

    /**
     * Every {@code n} steps except after the last one (the method writes its own final file then, e.g. a model without
     * optimizer state).
     */
    public static CheckpointPolicy everySteps(long n) {
        return new CheckpointPolicy(n, false, false);
    }

    /** After every epoch (the last step of the stage ends the last epoch). */
    public static CheckpointPolicy everyEpoch() {
        return new CheckpointPolicy(0, true, false);
    }

    /** Whether to write after {@code done} steps (1-based) of a stage of {@code total} steps and {@code perEpoch} steps per epoch. */
    boolean due(long done, long total, long perEpoch) {
        if (done == total) return atEnd || atEpochEnd && perEpoch > 0;
        return everySteps > 0 && done % everySteps == 0 || atEpochEnd && perEpoch > 0 && done % perEpoch == 0;
    }
}
