package org.cryograd.polar.train;

import org.cryograd.polar.model.PolarModelConfig;
import org.cryograd.polar.sim.SimulationOptions;

/**
 * Settings of {@link PolarTraining#train}.
 *
 * @param kind            which model
 * @param simulation      training data (its {@code sets} is the number of sets drawn per step; fresh data every step)
 * @param polar           polar CNN / transformer sizes
 * @param dncnnLayers     DnCNN depth (paper: 17)
 * @param dncnnChannels   DnCNN width (paper: 64)
 * @param steps           optimizer steps
 * @param learningRate    Adam learning rate (cosine decay to 5% over the run)
 * @param gradClip        gradient-norm clip (0: none)
 * @param checkpointEvery steps between checkpoints (0: only at the end)
 * @param seed            initialisation and data seed
 */
public record TrainingOptions(ModelKind kind, SimulationOptions simulation, PolarModelConfig polar, int dncnnLayers, int dncnnChannels, int steps,
        double learningRate, double gradClip, int checkpointEvery, long seed) {
    /** Validates the settings. */
    public TrainingOptions {
        if (kind == null || simulation == null || polar == null) throw new IllegalArgumentException("TrainingOptions: kind, simulation and polar are required");
        if (steps < 1) throw new IllegalArgumentException("TrainingOptions.steps must be >= 1, got " + steps);
        if (!(learningRate > 0)) throw new IllegalArgumentException("TrainingOptions.learningRate must be > 0");
        if (polar.imageSize() != simulation.imageSize())
            throw new IllegalArgumentException("TrainingOptions: model image size " + polar.imageSize() + " != simulated " + simulation.imageSize());
    }

    /** A copy for another model kind. */
    public TrainingOptions withKind(ModelKind k) {
        return new TrainingOptions(k, simulation, polar, dncnnLayers, dncnnChannels, steps, learningRate, gradClip, checkpointEvery, seed);
    }

    /** A copy with other training data settings. */
    public TrainingOptions withSimulation(SimulationOptions s) {
        return new TrainingOptions(kind, s, polar, dncnnLayers, dncnnChannels, steps, learningRate, gradClip, checkpointEvery, seed);
    }

    /** A copy with another number of steps and learning rate. */
    public TrainingOptions withSteps(int newSteps, double lr) {
        return new TrainingOptions(kind, simulation, polar, dncnnLayers, dncnnChannels, newSteps, lr, gradClip, checkpointEvery, seed);
    }
}
