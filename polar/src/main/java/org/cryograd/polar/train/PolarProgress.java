package org.cryograd.polar.train;

/**
 * Receives the progress of training, denoising and benchmark runs (for a progress bar or a log). An exception
 * thrown here stops the run; training can then resume from its checkpoint.
 */
public interface PolarProgress {
    /** Does nothing. */
    PolarProgress NONE = new PolarProgress() {};

    /**
     * A stage starts.
     *
     * @param name  what runs, e.g. {@code "train polar_transformer directional snr=0.02"}
     * @param steps its number of steps (0 if not counted)
     */
    default void stage(String name, int steps) {}

    /**
     * One step of the current stage is done.
     *
     * @param step the step, from 0
     * @param loss its training loss (NaN where there is none)
     */
    default void step(int step, double loss) {}
}
