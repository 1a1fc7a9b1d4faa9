package org.cryograd.coordnet;

/**
 * Receives the progress of a {@link CoordNetReconstructor} run (for a progress bar, a log, or to stop a run by
 * throwing). Chunks are numbered by their position along y, {@code 0 .. chunks-1}; whole-volume mode reports one
 * chunk. With {@code parallelChunks > 1} the methods are called from several threads at once, so implementations
 * must then be thread-safe. An exception thrown here stops the run and is rethrown by
 * {@link CoordNetReconstructor#reconstruct}; with a checkpoint directory the run can then be resumed.
 */
public interface CnProgress {
    /** Does nothing. */
    CnProgress NONE = new CnProgress() {};

    /**
     * A chunk starts (or resumes) training.
     *
     * @param chunk      the chunk's index along y
     * @param chunks     the number of chunks
     * @param iterations the chunk's total number of optimizer steps (a resumed chunk continues part-way)
     */
    default void chunkStarted(int chunk, int chunks, int iterations) {}

    /**
     * One optimizer step of a chunk is done (after the checkpoint of that step, if one was due).
     *
     * @param chunk     the chunk's index along y
     * @param iteration the step just taken, from 0
     * @param loss      the loss of that step (L1 of the scaled projections plus the gradient penalty)
     */
    default void step(int chunk, int iteration, double loss) {}

    /**
     * A chunk finished training (its final checkpoint, if any, is written).
     *
     * @param chunk  the chunk's index along y
     * @param chunks the number of chunks
     */
    default void chunkFinished(int chunk, int chunks) {}

    /**
     * A chunk finished by an earlier run was loaded from the checkpoint directory instead of trained.
     *
     * @param chunk  the chunk's index along y
     * @param chunks the number of chunks
     */
    default void chunkRestored(int chunk, int chunks) {}
}
