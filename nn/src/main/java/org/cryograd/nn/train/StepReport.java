package org.cryograd.nn.train;

/**
 * What a {@link TrainingListener} hears after each step.
 *
 * @param step           steps done in the stage, including this one (1-based; the step's 0-based index is {@code step - 1})
 * @param epoch          the epoch the step belongs to, from 0 (0 for a stage without epochs)
 * @param losses         the step's loss terms, in the order it computed them (empty for a pass that is not training)
 * @param lr             the learning rate the step used (NaN where there is none)
 * @param elapsedSeconds seconds since this process started the stage
 */
public record StepReport(long step, long epoch, LossTerms losses, double lr, double elapsedSeconds) {
    /** Validates the fields. */
    public StepReport {
        if (step < 1 || epoch < 0) throw new IllegalArgumentException("StepReport: step " + step + " (1-based), epoch " + epoch);
        if (losses == null) throw new IllegalArgumentException("StepReport: losses is null (use LossTerms.NONE)");
    }

    /** Step {@code step} (1-based) of a pass without losses, epochs or learning rate. */
    public static StepReport counted(long step, double elapsedSeconds) {
        return new StepReport(step, 0, LossTerms.NONE, Double.NaN, elapsedSeconds);
    }
}
