package org.cryograd.nn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cryograd.nn.optim.Divergence;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * What a {@link TrainingStep} sees of its run: the step index, epoch, learning rate and the run's random stream, and
 * where it reports its loss terms. Reporting a term checks it ({@link Divergence}): the first NaN or infinite term or
 * gradient stops the run before the optimizer uses it, naming it.
 */
public final class StepContext {
    private final long step;
    private final long epoch;
    private final double lr;
    private final Rng rng;
    private final List<String> names = new ArrayList<>();
    private final List<Double> values = new ArrayList<>();

    StepContext(long step, long epoch, double lr, Rng rng) {
        this.step = step;
        this.epoch = epoch;
        this.lr = lr;
        this.rng = rng;
    }

    /** The step's 0-based index in the stage (the argument the learning-rate schedule was given). */
    public long step() {
        return step;
    }

    /** The epoch the step belongs to, from 0 (0 for a stage without epochs). */
    public long epoch() {
        return epoch;
    }

    /** The learning rate set for this step (NaN when the run has no schedule). */
    public double lr() {
        return lr;
    }

    /** The run's random stream (saved in its checkpoints; a resumed run continues it). */
    public Rng rng() {
        return rng;
    }

    /**
     * Reports a scalar loss term and returns its value.
     *
     * @throws org.cryograd.nn.optim.DivergedException {@code "loss term 'NAME' is NaN"} if it is not finite
     */
    public double loss(String name, Tensor loss) {
        return loss(name, Divergence.checkLoss(name, loss));
    }

    /**
     * Reports a loss term's value and returns it.
     *
     * @throws org.cryograd.nn.optim.DivergedException {@code "loss term 'NAME' is NaN"} if it is not finite
     * @throws IllegalArgumentException                if the term was already reported in this step
     */
    public double loss(String name, double value) {
        Divergence.checkLoss(name, value);
        if (names.contains(name)) throw new IllegalArgumentException("StepContext: loss term '" + name + "' reported twice in step " + step);
        names.add(name);
        values.add(value);
        return value;
    }

    /**
     * Refuses non-finite gradients ({@link Divergence#checkGradients}).
     *
     * @param params name to parameter, e.g. {@link org.cryograd.nn.Module#namedParameters()}
     * @throws org.cryograd.nn.optim.DivergedException naming the first bad gradient
     */
    public void checkGradients(Map<String, Tensor> params) {
        Divergence.checkGradients(params);
    }

    LossTerms losses() {
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) v[i] = values.get(i);
        return LossTerms.of(names.toArray(new String[0]), v);
    }
}
