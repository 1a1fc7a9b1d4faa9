package org.cryograd.nn.train;

/**
 * Receives the progress of a training run (a progress bar, a log, a loss curve). Every method has a default that does
 * nothing. Called on the thread that runs the stage; a method that trains several stages at once (coordinate-network
 * chunks with {@code parallelChunks > 1}) calls one listener from several threads, so such listeners must be
 * thread-safe. An exception thrown here stops the run and propagates from {@link Trainer#run()}; the run can then
 * resume from its last checkpoint. To stop a run cleanly (from another thread too), return true from
 * {@link #cancelRequested()}: every method's training checks it before each step, so an embedding application can
 * cancel any of them through the listener it passes.
 */
public interface TrainingListener {
    /** Does nothing. */
    TrainingListener NONE = new TrainingListener() {};

    /** A stage starts or resumes ({@link Stage#startStep()} steps are already done). */
    default void started(Stage stage) {}

    /** A step of the stage is done (its optimizer update applied and its checkpoint, if one was due, written). */
    default void step(Stage stage, StepReport step) {}

    /** An epoch ended (its checkpoint, if the policy asks for one, written). */
    default void epochFinished(Stage stage, EpochReport epoch) {}

    /** The stage's last step is done and whatever the method writes at the end is written. */
    default void finished(Stage stage) {}

    /** A stage finished by an earlier run was loaded from its checkpoint instead of trained. */
    default void restored(Stage stage) {}

    /**
     * Asked before every step: true stops the run with {@link TrainingCancelledException} before that step starts (the
     * last checkpoint written stays, so the run can resume). Must be cheap and thread-safe (e.g. read a volatile flag).
     */
    default boolean cancelRequested() {
        return false;
    }

    /** {@code listener}, or {@link #NONE} when it is null. */
    static TrainingListener orNone(TrainingListener listener) {
        return listener == null ? NONE : listener;
    }
}
