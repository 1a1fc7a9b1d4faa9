package org.cryograd.nn.train;

/**
 * A named stretch of steps that a {@link TrainingListener} is told about: one training run, one part of a run that
 * trains several networks in turn (a coordinate-network chunk), or a counted pass that is not training (a denoising
 * pass over batches, then without losses).
 *
 * @param name          what runs, for display, e.g. {@code "chunk 3/5"} or {@code "train dncnn mixed snr=0.02"}
 * @param index         which part of a run of several, from 0 (0 when there is one)
 * @param count         how many parts the run has (1 when there is one)
 * @param startStep     steps already done when this process started the stage (a resumed run continues part-way)
 * @param totalSteps    steps of the whole stage (0 when not counted)
 * @param stepsPerEpoch steps per epoch, or 0 for a stage without epochs
 */
public record Stage(String name, int index, int count, long startStep, long totalSteps, long stepsPerEpoch) {
    /** Validates the counts. */
    public Stage {
        if (name == null) throw new IllegalArgumentException("Stage: name is null");
        if (count < 1 || index < 0 || index >= count) throw new IllegalArgumentException("Stage " + name + ": index " + index + " of " + count);
        if (startStep < 0 || totalSteps < 0 || stepsPerEpoch < 0 || startStep > totalSteps && totalSteps > 0)
            throw new IllegalArgumentException("Stage " + name + ": bad step counts (start " + startStep + ", total " + totalSteps + ", per epoch "
                    + stepsPerEpoch + ")");
    }

    /** A single stage of {@code totalSteps} steps without epochs, started from 0. */
    public static Stage named(String name, long totalSteps) {
        return new Stage(name, 0, 1, 0, totalSteps, 0);
    }

    /** The number of epochs ({@code totalSteps / stepsPerEpoch}), 0 for a stage without epochs. */
    public long epochs() {
        return stepsPerEpoch == 0 ? 0 : totalSteps / stepsPerEpoch;
    }

    /** Epochs already done when this process started the stage, 0 for a stage without epochs. */
    public long startEpoch() {
        return stepsPerEpoch == 0 ? 0 : startStep / stepsPerEpoch;
    }
}
