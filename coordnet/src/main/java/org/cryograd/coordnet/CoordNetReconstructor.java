package org.cryograd.coordnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.cryograd.em.geometry.Projector;
import org.cryograd.nn.io.Checkpoint;
import org.cryograd.nn.optim.AdamOptions;
import org.cryograd.nn.optim.AdamW;
import org.cryograd.nn.optim.DivergedException;
import org.cryograd.nn.optim.LogLinearLr;
import org.cryograd.nn.train.CheckpointPolicy;
import org.cryograd.nn.train.LossTerms;
import org.cryograd.nn.train.Stage;
import org.cryograd.nn.train.Trainer;
import org.cryograd.nn.train.TrainingCancelledException;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.nn.train.TrainingStep;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomogram reconstruction with coordinate networks (Van Veen et al. 2024, METHODS.md section 1): a {@link Siren}
 * maps voxel coordinates to densities and is trained, without any ground truth, so that the projections of the
 * volume it renders match the measured tilt series.
 *
 * <p><b>Loss.</b> {@code mean|P n - t / r| + lambda * (sum dx^2 + sum dy^2 + sum dz^2) / voxels}, with {@code n}
 * the network output at every voxel of the chunk ({@code [nz, slices, nx]}), {@code P} the {@link Projector} applied
 * to those y-slices, {@code t} the measured tilts of the same y-slices and {@code r = max(t) - min(t)} over the whole
 * tilt series: the authors scale the measured projections to [0, 1]; we compare the prediction in that same scaling
 * (the offset cancels in the difference). The reconstruction is {@code r * n}, in the units of the measured volume.
 *
 * <p><b>Chunks.</b> The volume is cut along y into {@code ceil(ny / slicesPerChunk)} chunks (the last may be
 * thinner), one network each. Coordinates are {@code (x/(nx-1), y/(ny-1), z/(nz-1))} with the global y, so
 * neighbouring networks agree on where they are. The middle chunk {@code chunks / 2} trains first from random
 * initialisation ({@code firstChunkIterations} at {@code firstChunkLr}); every other chunk starts from its trained
 * neighbour's weights towards the middle ({@code chunkIterations} at {@code chunkLr}), marching outwards both ways.
 * Each step renders all voxels of the chunk, projects them and takes one AdamW step (AMSGrad, weight decay as
 * configured); the learning rate is constant for the first half of the chunk's steps and then decays log-linearly
 * to {@code lr * finalLrFactor} ({@link LogLinearLr}). Each chunk draws from its own {@link Rng}, seeded from the
 * configuration's seed and the chunk's index, so results do not depend on the order chunks run in: with
 * {@code parallelChunks >= 2} the two outward directions train concurrently and give bit-identical volumes.
 *
 * <p><b>Whole-volume mode.</b> One network for all voxels; each step draws {@code batchSize} distinct y-slices
 * uniformly without replacement (partial Fisher-Yates on the run's {@link Rng}), renders every voxel of those
 * slices, and compares their projections with those y-slices of the tilts (a y-slice is the unit a parallel-beam
 * ray sum needs). The squared-gradient penalty then uses x and z differences only, as the slices need not be
 * adjacent.
 *
 * <p><b>Checkpoints.</b> With a checkpoint directory, a finished chunk's network is written atomically when it
 * finishes and an unfinished chunk's network, optimizer state and random stream every {@code checkpointEvery}
 * steps (see {@link #CoordNetReconstructor(CnConfig, int)}). Calling {@link #reconstruct} again with the same
 * directory, configuration and data loads the finished chunks, continues the unfinished ones from their last
 * checkpoint, and returns a volume bit-identical to an uninterrupted run. {@code parallelChunks} may differ between
 * the runs; anything else that differs makes the directory an error.
 *
 * <pre>{@code
 * Projector p = new Projector(TiltGeometry.standard(), nx, nz);
 * Tensor volume = new CoordNetReconstructor(CnConfig.demo()).reconstruct(p, tilts, Path.of("ckpt"), TrainingListener.NONE);
 * }</pre>
 */
public final class CoordNetReconstructor {
    /** Steps between the checkpoints of an unfinished chunk unless set otherwise. */
    public static final int DEFAULT_CHECKPOINT_EVERY = 100;

    private static final Logger LOG = LoggerFactory.getLogger(CoordNetReconstructor.class);

    private final CnConfig config;
    private final int checkpointEvery;
    /** Test hook: sees, and may replace, each step's loss terms (1-based step); the identity otherwise. */
    BiFunction<CnProblem.LossTerms, Long, CnProblem.LossTerms> lossHook = (terms, step) -> terms;

    /** A reconstructor that checkpoints unfinished chunks every {@value #DEFAULT_CHECKPOINT_EVERY} steps. */
    public CoordNetReconstructor(CnConfig config) {
        this(config, DEFAULT_CHECKPOINT_EVERY);
    }

    /**
     * A reconstructor.
     *
     * @param config          the settings
     * @param checkpointEvery steps between checkpoints of an unfinished chunk (when a directory is given), >= 1
     */
    public CoordNetReconstructor(CnConfig config, int checkpointEvery) {
        this.config = Objects.requireNonNull(config, "CoordNetReconstructor: config is null");
        if (checkpointEvery < 1) throw new IllegalArgumentException("CoordNetReconstructor: checkpointEvery must be >= 1, got " + checkpointEvery);
        this.checkpointEvery = checkpointEvery;
    }

    /** The settings. */
    public CnConfig config() {
        return config;
    }

    /** Steps between checkpoints of an unfinished chunk. */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** Reconstructs without checkpoints or progress reports. */
    public Tensor reconstruct(Projector p, Tensor tilts) {
        return reconstruct(p, tilts, null, TrainingListener.NONE);
    }

    /**
     * Reconstructs a volume from a tilt series.
     *
     * @param p             the projector of the acquisition geometry (its nx and nz give the volume's size)
     * @param tilts         measured tilt series {@code [views, ny, nx]}; the networks train on its device, and the
     *                      volume is returned there
     * @param checkpointDir directory for checkpoints (created if needed), or null for none; when it holds a checkpoint
     *                      of the same run, the run resumes from it
     * @param progress      receives progress (null for none); may stop the run by throwing
     * @return the volume {@code [nz, ny, nx]}
     * @throws IllegalArgumentException     if the tilt series does not fit the projector or has non-finite values, or
     *                                      the checkpoint directory belongs to another run
     * @throws java.io.UncheckedIOException if a checkpoint cannot be read or written
     * @throws DivergedException            at the first NaN or infinite loss term or gradient, naming the step, the
     *                                      chunk and the term; the chunk's last checkpoint is kept
     */
    public Tensor reconstruct(Projector p, Tensor tilts, Path checkpointDir, TrainingListener progress) {
        Objects.requireNonNull(p, "CoordNetReconstructor.reconstruct: projector is null");
        Objects.requireNonNull(tilts, "CoordNetReconstructor.reconstruct: tilt series is null");
        TrainingListener prog = TrainingListener.orNone(progress);
        CnProblem problem = new CnProblem(p, tilts, config.gradientPenalty(), checkpointDir != null);
        float[] volume = new float[problem.nz * problem.ny * problem.nx];
        try (MemoryScope outer = MemoryScope.open()) {
            CnCheckpoints ck = checkpointDir == null ? null : CnCheckpoints.open(checkpointDir, config, problem);
            Run run = new Run(problem, ck, prog, volume);
            long t0 = System.nanoTime();
            if (config.wholeVolume()) run.trainWhole();
            else run.trainChunks();
            LOG.info("coordinate-network reconstruction done in {} s", String.format("%.1f", (System.nanoTime() - t0) / 1e9));
        }
        return Tensor.of(problem.device, volume, problem.nz, problem.ny, problem.nx);
    }

    /** Number of y-chunks of a volume with {@code ny} y-slices under this configuration (1 in whole-volume mode). */
    public int chunkCount(int ny) {
        return config.wholeVolume() ? 1 : (ny + config.slicesPerChunk() - 1) / config.slicesPerChunk();
    }

    /** The seed of chunk {@code chunk}'s random stream: SplitMix64 of the configuration's seed and the index. */
    static long chunkSeed(long seed, int chunk) {
        long z = seed + 0x9E3779B97F4A7C15L * (chunk + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The listener's name of chunk {@code c}'s stage. */
    private String stageName(int c, int chunks) {
        return config.wholeVolume() ? "whole volume" : "chunk " + (c + 1) + "/" + chunks;
    }

    /** One reconstruction: the shared problem, checkpoints, progress and output volume. */
    private final class Run {
        private final CnProblem pb;
        private final CnCheckpoints ck;
        private final TrainingListener progress;
        private final float[] volume;
        private final AtomicBoolean cancelled = new AtomicBoolean();

        Run(CnProblem pb, CnCheckpoints ck, TrainingListener progress, float[] volume) {
            this.pb = pb;
            this.ck = ck;
            this.progress = progress;
            this.volume = volume;
        }

        void trainChunks() {
            int s = config.slicesPerChunk(), chunks = chunkCount(pb.ny), mid = chunks / 2;
            LOG.info("coordinate-network reconstruction: {} x {} x {} voxels (x, y, z), {} views, {} chunk(s) of {} y-slice(s), SIREN 3-{}x{}-1",
                    pb.nx, pb.ny, pb.nz, pb.views, chunks, s, config.hidden(), config.hiddenLayers() + 1);
            Map<String, Tensor> midWeights = chunk(mid, chunks, null);
            List<Integer> right = new ArrayList<>(), left = new ArrayList<>();
            for (int c = mid + 1; c < chunks; c++) right.add(c);
            for (int c = mid - 1; c >= 0; c--) left.add(c);
            // two chunk threads only on the CPU, whose backend is built for it; elsewhere the same chunks run in turn
            // (the volume is bit-identical either way)
            boolean parallel = config.parallelChunks() >= 2 && pb.device.equals(Device.cpu());
            if (parallel && !right.isEmpty() && !left.isEmpty()) {
                ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "cryograd-coordnet-chunks");
                    t.setDaemon(true);
                    return t;
                });
                try {
                    Future<?> other = ex.submit(() -> chain(left, chunks, midWeights));
                    Throwable failure = null;
                    try {
                        chain(right, chunks, midWeights);
                    } catch (RuntimeException | Error e) {
                        failure = e;
                    }
                    try {
                        other.get();
                    } catch (ExecutionException e) {
                        failure = primary(failure, e.getCause());
                    } catch (InterruptedException e) {
                        cancelled.set(true);
                        Thread.currentThread().interrupt();
                        failure = primary(failure, new IllegalStateException("CoordNetReconstructor: interrupted", e));
                    }
                    if (failure instanceof RuntimeException re) throw re;
                    if (failure instanceof Error er) throw er;
                    if (failure != null) throw new IllegalStateException(failure);
                } finally {
                    ex.shutdownNow();
                }
            } else {
                Map<String, Tensor> r = midWeights, l = midWeights;
                for (int i = 0; i < Math.max(right.size(), left.size()); i++) {
                    if (i < right.size()) r = next(r, chunk(right.get(i), chunks, r), midWeights);
                    if (i < left.size()) l = next(l, chunk(left.get(i), chunks, l), midWeights);
                }
            }
        }

        /**
         * Frees a chunk's weight copy once its outer neighbour has been trained from it (never {@code keep}, which
         * another thread may still read and whose owner closes it).
         */
        private Map<String, Tensor> next(Map<String, Tensor> previous, Map<String, Tensor> current, Map<String, Tensor> keep) {
            if (previous != keep) previous.values().forEach(Tensor::close);
            return current;
        }

        /** The failure to report: a real one before a cancellation caused by it. */
        private Throwable primary(Throwable a, Throwable b) {
            if (a == null || a instanceof TrainingCancelledException) return b == null ? a : b;
            if (b != null && !(b instanceof TrainingCancelledException)) a.addSuppressed(b);
            return a;
        }

        /** Trains a run of chunks in order, each from the previous one's weights; stops the other thread on failure. */
        private void chain(List<Integer> order, int chunks, Map<String, Tensor> start) {
            try (MemoryScope s = MemoryScope.open()) {
                Map<String, Tensor> w = start;
                for (int c : order) w = next(w, chunk(c, chunks, w), start);
            } catch (RuntimeException | Error e) {
                cancelled.set(true);
                throw e;
            }
        }

        /**
         * Trains (or restores) one chunk, renders its y-slices into the volume, and returns a copy of its weights
         * (owned by the calling thread's enclosing scope) for the next chunk.
         */
        private Map<String, Tensor> chunk(int c, int chunks, Map<String, Tensor> init) {
            int y0 = c * config.slicesPerChunk(), y1 = Math.min(pb.ny, y0 + config.slicesPerChunk());
            int[] ys = CnProblem.range(y0, y1);
            boolean first = init == null;
            int iterations = first ? config.firstChunkIterations() : config.chunkIterations();
            double lr = first ? config.firstChunkLr() : config.chunkLr();
            try (MemoryScope scope = MemoryScope.open()) {
                Rng rng = new Rng(chunkSeed(config.seed(), c));
                Siren net = new Siren(config, rng);
                net.to(pb.device); // initialised on the CPU from the chunk's stream, so every device starts alike
                if (init != null) net.loadStateDict(init, true);
                if (!restoreFinished(c, chunks, net)) {
                    long t0 = System.nanoTime();
                    double loss = train(c, chunks, net, rng, iterations, lr, ys);
                    LOG.debug("chunk {}/{} (y {}..{}): {} steps, loss {}, {} s", c + 1, chunks, y0, y1 - 1, iterations, String.format("%.4g", loss),
                            String.format("%.1f", (System.nanoTime() - t0) / 1e9));
                }
                pb.render(net, ys, volume);
                Map<String, Tensor> copy = new LinkedHashMap<>();
                try (Grad g = Grad.disabled()) {
                    for (var e : net.stateDict().entrySet()) copy.put(e.getKey(), scope.keep(e.getValue().copy()));
                }
                return copy;
            }
        }

        private boolean restoreFinished(int c, int chunks, Siren net) {
            if (ck == null) return false;
            Checkpoint fin = ck.load(ck.finalFile(c), c);
            if (fin == null) return false;
            try (fin) {
                fin.restoreModel(net.stateDict());
            }
            LOG.debug("chunk {}/{}: restored from {}", c + 1, chunks, ck.finalFile(c));
            int iterations = config.wholeVolume() ? config.wholeVolumeIterations()
                    : c == chunks / 2 ? config.firstChunkIterations() : config.chunkIterations();
            progress.restored(new Stage(stageName(c, chunks), c, chunks, iterations, iterations, 0));
            return true;
        }

        /**
         * Runs the optimizer steps of one network on the shared {@link Trainer} (continuing from a partial checkpoint if
         * there is one) and writes its final checkpoint; {@code ys} null draws random y-slices each step (whole-volume
         * mode).
         *
         * @return the last step's loss (NaN if no step ran)
         */
        private double train(int c, int chunks, Siren net, Rng rng, int iterations, double lr, int[] ys) {
            AdamW opt = new AdamW(net.parameters(), new AdamOptions(lr, 0.9, 0.999, 1e-8, config.weightDecay(), config.amsgrad()));
            LogLinearLr schedule = new LogLinearLr(lr, iterations, 0.5, config.finalLrFactor());
            Tensor coords = ys == null ? null : pb.coords(ys);
            Tensor target = ys == null ? null : pb.target(ys);
            TrainingStep step = ctx -> {
                opt.zeroGrad();
                Tensor x = coords, t = target;
                int slices = ys == null ? 0 : ys.length;
                if (ys == null) {
                    int[] batch = sampleSlices(ctx.rng(), pb.ny, Math.min(config.batchSize(), pb.ny));
                    slices = batch.length;
                    x = pb.coords(batch);
                    t = pb.target(batch);
                }
                Tensor out = net.forward(x).reshape(pb.nz, slices, pb.nx);
                CnProblem.LossTerms terms = lossHook.apply(pb.lossTerms(out, t, ys != null), ctx.step() + 1);
                // stop before the optimizer uses a non-finite loss or gradient: the last checkpoint stays good
                ctx.loss("projection_l1", terms.projection());
                if (terms.penalty() != null) ctx.loss("gradient_penalty", terms.penalty());
                ctx.loss("total", terms.total());
                terms.total().backward();
                ctx.checkGradients(net.namedParameters());
                opt.step();
            };
            Path partial = ck == null ? null : ck.partialFile(c);
            Trainer trainer = Trainer.builder(stageName(c, chunks), iterations, step).part(c, chunks)
                    .optimizer(opt).schedule(schedule).rng(rng)
                    .checkpoint(partial, CheckpointPolicy.everySteps(checkpointEvery), net::stateDict, () -> ck.extra(c))
                    .resumeCheck(part -> {
                        ck.requireSameRun(part, c);
                        LOG.info("chunk {}/{}: resuming at step {} from {}", c + 1, chunks, part.progress().step(), partial);
                    })
                    .onFinished(r -> {
                        if (ck != null) ck.saveFinal(c, net, iterations, r.rng());
                    })
                    .divergenceNote(() -> "chunk " + (c + 1) + " of " + chunks + "; reconstruction stopped; " + (ck == null ? "no checkpoint directory"
                            : Files.exists(partial) ? "the last good checkpoint " + partial + " is kept" : "no checkpoint of this chunk had been written yet")
                            + " and no volume was returned")
                    .cancelWhen(cancelled::get).listener(progress).build();
            try {
                LossTerms last = trainer.run().last();
                return last.has("total") ? last.get("total") : Double.NaN;
            } catch (IOException e) {
                throw new UncheckedIOException("chunk " + (c + 1) + " of " + chunks + ": checkpoint: " + e.getMessage(), e);
            }
        }

        void trainWhole() {
            LOG.info("coordinate-network reconstruction (whole volume): {} x {} x {} voxels (x, y, z), {} views, {} random y-slice(s) per step, SIREN 3-{}x{}-1",
                    pb.nx, pb.ny, pb.nz, pb.views, Math.min(config.batchSize(), pb.ny), config.hidden(), config.hiddenLayers() + 1);
            try (MemoryScope scope = MemoryScope.open()) {
                Rng rng = new Rng(chunkSeed(config.seed(), 0));
                Siren net = new Siren(config, rng);
                net.to(pb.device);
                if (!restoreFinished(0, 1, net)) {
                    long t0 = System.nanoTime();
                    double loss = train(0, 1, net, rng, config.wholeVolumeIterations(), config.firstChunkLr(), null);
                    LOG.info("whole volume: {} steps, loss {}, {} s", config.wholeVolumeIterations(), String.format("%.4g", loss),
                            String.format("%.1f", (System.nanoTime() - t0) / 1e9));
                }
                pb.render(net, CnProblem.range(0, pb.ny), volume);
            }
        }
    }

    /**
     * {@code k} distinct indices of {@code [0, n)}, uniformly at random (the first {@code k} steps of a Fisher-Yates
     * shuffle, one {@link Rng#nextInt} each), sorted ascending.
     */
    static int[] sampleSlices(Rng rng, int n, int k) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
        }
        int[] out = Arrays.copyOf(idx, k);
        Arrays.sort(out);
        return out;
    }
}
