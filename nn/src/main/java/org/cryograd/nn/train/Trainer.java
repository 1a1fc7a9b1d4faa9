package org.cryograd.nn.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.cryograd.nn.io.Checkpoint;
import org.cryograd.nn.io.TrainingProgress;
import org.cryograd.nn.optim.DivergedException;
import org.cryograd.nn.optim.LrSchedule;
import org.cryograd.nn.optim.Optimizer;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * The training loop every method runs: steps {@code startStep .. totalSteps-1} of a {@link TrainingStep} the method
 * supplies, and around each step the work that is the same for all of them:
 * <ol>
 *   <li>stop with {@link TrainingCancelledException} if the cancellation flag is raised or the listener asks to
 *       ({@link TrainingListener#cancelRequested()});</li>
 *   <li>set the learning rate of step {@code k} ({@link LrSchedule#lr(long)}) on every scheduled optimizer;</li>
 *   <li>run the step inside a {@link MemoryScope}; a NaN or infinite loss term or gradient it reports
 *       ({@link StepContext}) stops the run with a {@link DivergedException} naming the 1-based step, the term and the
 *       method's note (what was kept), before the optimizer uses it and before any checkpoint is written;</li>
 *   <li>write the checkpoint when the {@link CheckpointPolicy} says so: model state, optimizer state, epoch, step and
 *       the position of the run's {@link Rng}, atomically ({@link Checkpoint#save});</li>
 *   <li>tell the {@link TrainingListener} (step, epoch, named loss terms, learning rate, elapsed time); at the end of an
 *       epoch run the epoch hook, then tell the listener the epoch's mean losses.</li>
 * </ol>
 * When the checkpoint file exists and resuming is on, {@link #run()} first checks it (the method's
 * {@link ResumeCheck}, then that it holds no more steps than asked for), restores model, optimizer and random stream
 * and continues from its step: because schedules are functions of the step and the stream is restored, the resumed
 * run ends bit-identical to an uninterrupted one.
 * <pre>{@code
 * Trainer.Result r = Trainer.builder("train", 2000, ctx -> {
 *         opt.zeroGrad();
 *         Tensor loss = Losses.mse(net.forward(x), y);
 *         ctx.loss("mse", loss);
 *         loss.backward();
 *         ctx.checkGradients(net.namedParameters());
 *         opt.step();
 *     })
 *     .optimizer(opt).schedule(LogLinearLr.of(1e-3, 2000)).rng(rng)
 *     .checkpoint(dir.resolve("checkpoint.safetensors"), CheckpointPolicy.everyStepsAndAtEnd(100), net::stateDict, Map.of())
 *     .listener(listener).build().run();
 * }</pre>
 */
public final class Trainer {
    /** Checks a checkpoint before a run resumes from it (settings, identity); throws to refuse it. */
    @FunctionalInterface
    public interface ResumeCheck {
        /** Throws, naming the file and what differs, if the run must not resume from {@code checkpoint}. */
        void check(Checkpoint checkpoint) throws IOException;
    }

    /** Work a method does at the end of an epoch (e.g. write its loss table). */
    @FunctionalInterface
    public interface Hook {
        /** Runs the hook. */
        void run() throws IOException;
    }

    /** Work a method does after the last step (e.g. write its final model, which may need the random stream). */
    @FunctionalInterface
    public interface FinishHook {
        /** Runs the hook on the run's result. */
        void run(Result result) throws IOException;
    }

    /**
     * What a run did.
     *
     * @param startStep steps done before this process (from the checkpoint)
     * @param steps     steps done at the end ({@code totalSteps})
     * @param last      the last step's loss terms ({@link LossTerms#NONE} if no step ran)
     * @param rng       the run's random stream as it stands at the end
     * @param resumed   the checkpoint it resumed from, or null
     */
    public record Result(long startStep, long steps, LossTerms last, Rng rng, Path resumed) {}

    private final Builder b;

    private Trainer(Builder b) {
        this.b = b;
    }

    /**
     * Starts a trainer of {@code totalSteps} steps of {@code step}.
     *
     * @param name       the stage's name for the listener
     * @param totalSteps steps of the whole run, >= 0
     */
    public static Builder builder(String name, long totalSteps, TrainingStep step) {
        return new Builder(name, totalSteps, step);
    }

    /** The stage as the listener sees it when starting from {@code startStep}. */
    private Stage stage(long startStep) {
        return new Stage(b.name, b.index, b.count, startStep, b.totalSteps, b.stepsPerEpoch);
    }

    /**
     * Resumes (if the checkpoint exists and resuming is on) and runs the remaining steps.
     *
     * @throws DivergedException          at the first non-finite loss term or gradient
     * @throws TrainingCancelledException when the cancellation flag was raised
     * @throws IOException                if the checkpoint cannot be read or written, or a hook fails
     */
    public Result run() throws IOException {
        Rng rng = b.rng;
        long start = 0;
        Path resumed = null;
        if (b.file != null && b.resume && Files.exists(b.file)) {
            try (Checkpoint c = Checkpoint.load(b.file)) {
                if (b.resumeCheck != null) b.resumeCheck.check(c);
                long saved = c.progress().step();
                if (saved > b.totalSteps)
                    throw new IllegalArgumentException(b.file + ": this run has already trained " + saved + " steps, more than the " + b.totalSteps
                            + " asked for");
                c.restoreModel(b.model.get());
                if (b.optimizer != null) c.restoreOptimizer(b.optimizer);
                rng = c.progress().rng();
                start = saved;
                resumed = b.file;
            }
        }
        Stage stage = stage(start);
        b.listener.started(stage);
        long perEpoch = b.stepsPerEpoch;
        Map<String, double[]> epochSums = new LinkedHashMap<>(); // name -> {sum, count}, for the epoch means
        LossTerms last = LossTerms.NONE;
        long t0 = System.nanoTime();
        for (long k = start; k < b.totalSteps; k++) {
            if (b.listener.cancelRequested() || b.cancel != null && b.cancel.getAsBoolean()) throw new TrainingCancelledException(b.name, k);
            double lr;
            if (b.schedule != null) {
                lr = b.schedule.lr(k);
                for (Optimizer o : b.scheduled) o.setLearningRate(lr);
            } else {
                lr = b.optimizer == null ? Double.NaN : b.optimizer.learningRate();
            }
            long epoch = perEpoch == 0 ? 0 : k / perEpoch;
            StepContext ctx = new StepContext(k, epoch, lr, rng);
            try (MemoryScope s = MemoryScope.open()) {
                b.step.run(ctx);
            } catch (DivergedException d) {
                // the checkpoint on disk is the last good one: nothing after a bad term is written
                throw d.atStep(k + 1, b.note == null ? null : b.note.get());
            }
            long done = k + 1;
            last = ctx.losses();
            if (b.file != null && b.policy.due(done, b.totalSteps, perEpoch)) save(done, rng);
            b.listener.step(stage, new StepReport(done, epoch, last, lr, (System.nanoTime() - t0) / 1e9));
            if (perEpoch > 0) {
                for (int i = 0; i < last.size(); i++) {
                    double[] a = epochSums.computeIfAbsent(last.names().get(i), n -> new double[2]);
                    a[0] += last.value(i);
                    a[1]++;
                }
                if (done % perEpoch == 0 || done == b.totalSteps) {
                    if (b.epochEnd != null) b.epochEnd.run();
                    b.listener.epochFinished(stage, new EpochReport(epoch, means(epochSums),
                            b.file != null && b.policy.due(done, b.totalSteps, perEpoch) ? b.file : null));
                    epochSums.clear();
                }
            }
        }
        Result result = new Result(start, b.totalSteps, last, rng, resumed);
        if (b.finish != null) b.finish.run(result);
        b.listener.finished(stage);
        return result;
    }

    private static LossTerms means(Map<String, double[]> sums) {
        String[] names = sums.keySet().toArray(new String[0]);
        double[] v = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            double[] a = sums.get(names[i]);
            v[i] = a[0] / a[1];
        }
        return LossTerms.of(names, v);
    }

    private void save(long done, Rng rng) throws IOException {
        long epochs = b.stepsPerEpoch == 0 ? 0 : done / b.stepsPerEpoch;
        Checkpoint.save(b.file, b.model.get(), b.optimizer, TrainingProgress.of(epochs, done, rng), b.extra.get());
    }

    /** Settings of a {@link Trainer}. */
    public static final class Builder {
        private final String name;
        private final long totalSteps;
        private final TrainingStep step;
        private int index = 0, count = 1;
        private long stepsPerEpoch = 0;
        private Optimizer optimizer;
        private LrSchedule schedule;
        private List<Optimizer> scheduled = List.of();
        private Rng rng;
        private Path file;
        private CheckpointPolicy policy;
        private Supplier<? extends Map<String, Tensor>> model;
        private Supplier<Map<String, String>> extra = Map::of;
        private boolean resume = true;
        private ResumeCheck resumeCheck;
        private Hook epochEnd;
        private FinishHook finish;
        private Supplier<String> note;
        private BooleanSupplier cancel;
        private TrainingListener listener = TrainingListener.NONE;

        private Builder(String name, long totalSteps, TrainingStep step) {
            this.name = Objects.requireNonNull(name, "Trainer: name is null");
            if (totalSteps < 0) throw new IllegalArgumentException("Trainer " + name + ": totalSteps must be >= 0, got " + totalSteps);
            this.totalSteps = totalSteps;
            this.step = Objects.requireNonNull(step, "Trainer: step is null");
        }

        /** This stage is part {@code index} (from 0) of {@code count} (e.g. a chunk of a reconstruction). */
        public Builder part(int index, int count) {
            this.index = index;
            this.count = count;
            return this;
        }

        /** Steps per epoch (epoch ends, epoch means and epoch checkpoints); 0, the default, for none. */
        public Builder stepsPerEpoch(long n) {
            if (n < 0 || n > 0 && totalSteps % n != 0)
                throw new IllegalArgumentException("Trainer " + name + ": stepsPerEpoch " + n + " does not divide totalSteps " + totalSteps);
            this.stepsPerEpoch = n;
            return this;
        }

        /**
         * The optimizer whose state checkpoints save and resuming restores, and (unless {@link #schedule(LrSchedule,
         * Optimizer...)} names others) whose learning rate the schedule sets.
         */
        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            if (schedule != null && scheduled.isEmpty() && optimizer != null) scheduled = List.of(optimizer);
            return this;
        }

        /** The learning rate of step {@code k} is {@code schedule.lr(k)}, set on {@code targets} (default: the optimizer). */
        public Builder schedule(LrSchedule schedule, Optimizer... targets) {
            this.schedule = schedule;
            List<Optimizer> t = new ArrayList<>(List.of(targets));
            if (t.isEmpty() && optimizer != null) t.add(optimizer);
            this.scheduled = List.copyOf(t);
            return this;
        }

        /** The run's random stream, given to each step and saved in checkpoints (a fresh one if not set). */
        public Builder rng(Rng rng) {
            this.rng = rng;
            return this;
        }

        /**
         * Checkpoints: where, when, the model state to save and restore, and the method's own metadata
         * ({@code extra.*}, e.g. the settings that identify the run).
         *
         * @param file   the checkpoint file (null: no checkpoints, no resuming)
         * @param model  the live model state (e.g. {@code net::stateDict}), read at each save and on resume
         * @param extra  the method's metadata, read at each save (may be null)
         */
        public Builder checkpoint(Path file, CheckpointPolicy policy, Supplier<? extends Map<String, Tensor>> model,
                Supplier<Map<String, String>> extra) {
            if (file != null && (policy == null || model == null))
                throw new IllegalArgumentException("Trainer " + name + ": a checkpoint file needs a policy and the model state");
            this.file = file;
            this.policy = policy;
            this.model = model;
            this.extra = extra == null ? Map::of : extra;
            return this;
        }

        /** Whether an existing checkpoint file is resumed from (default true; false overwrites it). */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** The method's check of a checkpoint before resuming from it. */
        public Builder resumeCheck(ResumeCheck check) {
            this.resumeCheck = check;
            return this;
        }

        /** Runs after each epoch's checkpoint, before the listener hears of the epoch. */
        public Builder onEpochEnd(Hook hook) {
            this.epochEnd = hook;
            return this;
        }

        /** Runs after the last step, before the listener hears the stage finished (e.g. writing the final model). */
        public Builder onFinished(FinishHook hook) {
            this.finish = hook;
            return this;
        }

        /** What a {@link DivergedException} adds after the term ("training stopped; ... is kept"), asked when it happens. */
        public Builder divergenceNote(Supplier<String> note) {
            this.note = note;
            return this;
        }

        /** A flag checked before each step: when it reads true the run stops with {@link TrainingCancelledException}. */
        public Builder cancelWhen(BooleanSupplier flag) {
            this.cancel = flag;
            return this;
        }

        /** Who hears of the progress (null: nobody). */
        public Builder listener(TrainingListener listener) {
            this.listener = TrainingListener.orNone(listener);
            return this;
        }

        /** The trainer. */
        public Trainer build() {
            if (rng == null) rng = new Rng(0);
            return new Trainer(this);
        }
    }
}
