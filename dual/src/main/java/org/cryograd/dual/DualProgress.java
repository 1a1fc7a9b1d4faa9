package org.cryograd.dual;

import java.nio.file.Path;
import org.slf4j.Logger;

/**
 * Receives the progress of a {@link DualTrainer} run (progress bar, log, or stopping a run by throwing; a stopped
 * run resumes from its last epoch checkpoint). Called on the training thread.
 */
public interface DualProgress {
    /** Does nothing. */
    DualProgress NONE = new DualProgress() {};

    /**
     * Training starts or resumes.
     *
     * @param startEpoch    epochs already done (0 for a fresh run)
     * @param epochs        epochs in total
     * @param stepsPerEpoch steps per epoch
     */
    default void started(int startEpoch, int epochs, int stepsPerEpoch) {}

    /**
     * A step finished.
     *
     * @param epoch      the epoch it belongs to, from 0
     * @param globalStep steps done so far in the run, including this one
     * @param totalSteps steps of the whole run
     * @param losses     its losses
     */
    default void step(int epoch, long globalStep, long totalSteps, StepLosses losses) {}

    /**
     * An epoch finished and its checkpoint is written.
     *
     * @param epoch      the epoch, from 0
     * @param mean       the epoch's mean losses
     * @param checkpoint the checkpoint file
     */
    default void epochFinished(int epoch, StepLosses mean, Path checkpoint) {}

    /** Logs one line per epoch and every {@code everySteps} steps at INFO. */
    static DualProgress logging(Logger log, int everySteps) {
        return new DualProgress() {
            @Override
            public void step(int epoch, long globalStep, long totalSteps, StepLosses l) {
                if (everySteps > 0 && globalStep % everySteps == 0)
                    log.info(String.format("DUAL step %d/%d: rec %.4f + %.4f, advG %.4f, KL %.4f, advD %.4f", globalStep, totalSteps, l.recV(),
                            l.recT(), l.advG(), l.kl(), l.advD()));
            }

            @Override
            public void epochFinished(int epoch, StepLosses m, Path checkpoint) {
                log.info(String.format("DUAL epoch %d done: total %.4f, advD %.4f; checkpoint %s", epoch + 1, m.total(), m.advD(), checkpoint));
            }
        };
    }
}
