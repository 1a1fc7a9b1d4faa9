package org.cryograd.polar.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.cryograd.nn.Losses;
import org.cryograd.nn.optim.Adam;
import org.cryograd.nn.optim.AdamOptions;
import org.cryograd.nn.optim.CosineLr;
import org.cryograd.nn.optim.DivergedException;
import org.cryograd.nn.optim.GradClip;
import org.cryograd.nn.train.Trainer;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.polar.model.SetDenoiserModel;
import org.cryograd.polar.train.PolarDenoise;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * Trains a denoiser for each learning rate of a grid and picks the learning rate and step count with the lowest
 * relative MSE on validation data: every run lasts {@code maxSteps} (Adam, cosine decay to 5 %, gradient clip,
 * MSE on inputs and targets divided by a fixed scale, fresh training sets every step as in polar's own training), the
 * validation sets are denoised every {@code evalEvery} steps and the weights of the best (learning rate, step) are
 * kept. A learning rate whose run diverges (a non-finite loss or gradient) keeps the candidates it scored before and
 * is listed in {@link Outcome#diverged()}; only when no candidate at all was scored does tuning fail. The same rule
 * tunes every learned method. It sees only what the {@link BatchSource} and the
 * {@link Validation} give it; the benchmark builds both from training and validation molecules.
 */
public final class ValidatedTraining {
    private ValidatedTraining() {}

    /** Training pairs {@code [sets, setSize, N, N]} for one step, drawn from {@code seed}. */
    @FunctionalInterface
    public interface BatchSource {
        /** The noisy inputs and clean targets of one step. */
        Batch draw(long seed);
    }

    /** One step's data. */
    public record Batch(Tensor noisy, Tensor clean) {}

    /** Validation images {@code [count, N, N]} (denoised in sets of {@code setSize}). */
    public record Validation(Tensor noisy, Tensor clean, int setSize) {}

    /** One candidate: learning rate, steps and its validation relative MSE. */
    public record Choice(double learningRate, int steps, double validationRelMse) {}

    /**
     * The tuned model and what was tried.
     *
     * @param diverged one line per learning rate whose run diverged ({@code lr=...: step N: ...}), in grid order
     */
    public record Outcome(SetDenoiserModel model, Choice chosen, List<Choice> tried, List<String> diverged, double seconds) {}

    /** Settings of one tuning. */
    public record Settings(List<Double> learningRates, int maxSteps, int evalEvery, double gradClip) {
        /** Validates. */
        public Settings {
            learningRates = List.copyOf(learningRates);
            if (learningRates.isEmpty() || maxSteps < 1 || evalEvery < 1 || evalEvery > maxSteps)
                throw new IllegalArgumentException("ValidatedTraining.Settings: need learning rates, maxSteps >= evalEvery >= 1");
            for (double lr : learningRates) if (!(lr > 0)) throw new IllegalArgumentException("ValidatedTraining.Settings: learning rate " + lr + " must be > 0");
        }

        /** A copy with another step budget and validation interval. */
        public Settings withSteps(int maxSteps, int evalEvery) {
            return new Settings(learningRates, maxSteps, evalEvery, gradClip);
        }

        /** A copy with another learning-rate grid. */
        public Settings withLearningRates(List<Double> learningRates) {
            return new Settings(learningRates, maxSteps, evalEvery, gradClip);
        }
    }

    /**
     * Tunes one method.
     *
     * @param name     label for progress
     * @param fresh    a new model with the run's initial weights (called once per learning rate)
     * @param s        grid and step budget
     * @param train    training batches
     * @param val      validation data
     * @param seed     seed of the step data ({@code seed + step}, the same for every learning rate)
     * @param progress stages and steps (null for none)
     */
    public static Outcome tune(String name, Supplier<SetDenoiserModel> fresh, Settings s, BatchSource train, Validation val, long seed,
            TrainingListener progress, Device device) throws IOException {
        long t0 = System.nanoTime();
        double scale = org.cryograd.polar.train.PolarTraining.std(train.draw(seed ^ 0x5CA1EL).noisy());
        float inv = (float) (1 / scale);
        List<Choice> tried = new ArrayList<>();
        List<String> diverged = new ArrayList<>();
        Choice best = null;
        Map<String, Tensor> bestState = null;
        SetDenoiserModel bestModel = null;
        for (double lr : s.learningRates()) {
            SetDenoiserModel model = fresh.get();
            model.to(device);
            Adam opt = new Adam(model.parameters(), AdamOptions.adam(lr));
            model.train();
            Choice[] runBest = {null};
            AtomicReference<Map<String, Tensor>> runState = new AtomicReference<>();
            Trainer run = Trainer.builder("train " + name + " lr=" + lr, s.maxSteps(), ctx -> {
                opt.zeroGrad();
                Batch b = train.draw(seed + 1 + ctx.step());
                Tensor loss = Losses.mse(model.forward(b.noisy().to(device).mul(inv)), b.clean().to(device).mul(inv));
                ctx.loss("mse", loss);
                loss.backward();
                ctx.checkGradients(model.namedParameters());
                if (s.gradClip() > 0) GradClip.clipNorm(model.parameters(), s.gradClip());
                opt.step();
                int done = (int) ctx.step() + 1;
                if (done % s.evalEvery() == 0 || done == s.maxSteps()) {
                    double v = PolarBenchmark.relMse(val.clean(), PolarDenoise.denoise(model, val.noisy(), val.setSize(), null));
                    model.train();
                    Choice c = new Choice(lr, done, v);
                    tried.add(c);
                    if (runBest[0] == null || v < runBest[0].validationRelMse()) {
                        runBest[0] = c;
                        runState.set(copy(model.stateDict()));
                    }
                }
            }).optimizer(opt).schedule(new CosineLr(lr, s.maxSteps(), 0.05 * lr)).rng(new Rng(seed)).listener(progress).build();
            try {
                run.run();
            } catch (DivergedException e) {
                // a learning rate too high for the model is an outcome of the grid, not a failure of the benchmark
                diverged.add("lr=" + lr + ": " + e.getMessage());
            }
            if (runBest[0] == null) continue;
            if (best == null || runBest[0].validationRelMse() < best.validationRelMse()) {
                best = runBest[0];
                bestState = runState.get();
                bestModel = model;
            }
        }
        if (best == null) throw new DivergedException(-1, name, "diverged at every learning rate before its first validation: " + diverged);
        bestModel.loadStateDict(bestState, true);
        bestModel.eval();
        return new Outcome(bestModel, best, List.copyOf(tried), List.copyOf(diverged), (System.nanoTime() - t0) / 1e9);
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> state) {
        Map<String, Tensor> c = new LinkedHashMap<>();
        // out of the step's memory scope: the copy outlives the step
        state.forEach((k, t) -> c.put(k, MemoryScope.escape(Tensor.of(t.device(), t.toArray(), t.dims()))));
        return c;
    }
}
