package org.cryograd.nn.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.cryograd.nn.optim.Optimizer;
import org.cryograd.nn.optim.OptimizerState;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.Tensor;

/**
 * A training checkpoint in one safetensors file: model state, optimizer state and progress, enough to resume a
 * run bit for bit. Layout (see {@link SafeTensors}):
 * <ul>
 *   <li>tensors {@code model.<name>} (e.g. {@code model.0.weight}) and {@code optim.<name>}
 *       (e.g. {@code optim.state.0.exp_avg});</li>
 *   <li>metadata {@code format = cryograd.checkpoint}, {@code format_version = 1},
 *       {@code progress.epoch}, {@code progress.step}, {@code progress.rng_seed}, {@code progress.rng_counter},
 *       {@code optim.type} and {@code optim.<key>} (hyperparameters, step counts), and {@code extra.<key>} for the
 *       caller's own strings.</li>
 * </ul>
 * Doubles are stored with {@link Double#toString}, which parses back to the identical value. The model part is a
 * plain state dict, so {@code safetensors.torch.load_file} reads it in Python (strip the {@code model.} prefix).
 * <pre>{@code
 * Checkpoint.save(path, model.stateDict(), opt, TrainingProgress.of(epoch, step, rng), Map.of());
 * try (Checkpoint c = Checkpoint.load(path)) {
 *     c.restoreModel(model.stateDict());
 *     c.restoreOptimizer(opt);
 *     Rng rng = c.progress().rng();
 * }
 * }</pre>
 */
public final class Checkpoint implements AutoCloseable {
    /** Prefix of model tensors. */
    public static final String MODEL = "model.";
    /** Prefix of optimizer tensors and values. */
    public static final String OPTIM = "optim.";
    /** Prefix of the caller's metadata. */
    public static final String EXTRA = "extra.";
    /** Value of the {@code format} metadata key. */
    public static final String FORMAT = "cryograd.checkpoint";
    /** Current {@code format_version}. */
    public static final String VERSION = "1";

    private final Path file;
    private final Map<String, Tensor> model;
    private final OptimizerState optimizer;
    private final TrainingProgress progress;
    private final Map<String, String> extra;

    private Checkpoint(Path file, Map<String, Tensor> model, OptimizerState optimizer, TrainingProgress progress, Map<String, String> extra) {
        this.file = file;
        this.model = Collections.unmodifiableMap(model);
        this.optimizer = optimizer;
        this.progress = progress;
        this.extra = Collections.unmodifiableMap(extra);
    }

    /**
     * Writes a checkpoint atomically (a crash leaves the previous file, if any, intact). A tensor with a NaN or
     * infinite value is refused ({@link SafeTensorsException} naming it) and nothing is written.
     *
     * @param model     the model's state (e.g. {@code Module.stateDict()}), name to tensor, in order
     * @param optimizer the optimizer to save, or null for none
     * @param progress  epoch, step and random-stream position
     * @param extra     the caller's own metadata, may be null
     */
    public static void save(Path file, Map<String, Tensor> model, Optimizer optimizer, TrainingProgress progress, Map<String, String> extra)
            throws IOException {
        if (model == null || progress == null) throw new IllegalArgumentException("Checkpoint.save(" + file + "): null model or progress");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", VERSION);
        meta.put("progress.epoch", Long.toString(progress.epoch()));
        meta.put("progress.step", Long.toString(progress.step()));
        meta.put("progress.rng_seed", Long.toString(progress.rngSeed()));
        meta.put("progress.rng_counter", Long.toString(progress.rngCounter()));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : model.entrySet()) tensors.put(MODEL + e.getKey(), e.getValue());
        OptimizerState st = optimizer == null ? null : optimizer.stateDict();
        try {
            if (st != null) {
                meta.put(OPTIM + "type", st.type());
                for (Map.Entry<String, String> e : st.values().entrySet()) meta.put(OPTIM + e.getKey(), e.getValue());
                for (Map.Entry<String, Tensor> e : st.tensors().entrySet()) tensors.put(OPTIM + e.getKey(), e.getValue());
            }
            if (extra != null)
                for (Map.Entry<String, String> e : extra.entrySet()) meta.put(EXTRA + e.getKey(), e.getValue());
            // a diverged run must not replace the last good checkpoint
            SafeTensors.requireFinite(file, tensors, "refusing to write a non-finite checkpoint (the previous file, if any, is kept)");
            SafeTensors.write(file, tensors, meta);
        } finally {
            if (st != null) st.close(); // aliases: closing them leaves the optimizer's buffers alone
        }
    }

    /**
     * Reads a checkpoint written by {@link #save}. The tensors are created on the CPU in the current memory scope;
     * close the checkpoint to free them.
     *
     * @throws SafeTensorsException if the file is not a valid cryograd checkpoint, naming the file and the key, or a
     *                              tensor has a NaN or infinite value, naming the tensor
     */
    public static Checkpoint load(Path file) throws IOException {
        SafeTensorsFile f = SafeTensors.read(file);
        boolean ok = false;
        try {
            Map<String, String> meta = f.metadata();
            if (!FORMAT.equals(meta.get("format")))
                throw new SafeTensorsException(file, "metadata 'format' is " + (meta.get("format") == null ? "missing" : "'" + meta.get("format") + "'")
                        + ", not '" + FORMAT + "': not a cryograd checkpoint");
            if (!VERSION.equals(meta.get("format_version")))
                throw new SafeTensorsException(file, "metadata 'format_version' is '" + meta.get("format_version") + "', this reader knows " + VERSION);
            TrainingProgress progress = new TrainingProgress(longValue(file, meta, "progress.epoch"), longValue(file, meta, "progress.step"),
                    longValue(file, meta, "progress.rng_seed"), longValue(file, meta, "progress.rng_counter"));
            SafeTensors.requireFinite(file, f.tensors(), "the checkpoint is unusable");
            Map<String, Tensor> model = new LinkedHashMap<>();
            Map<String, Tensor> optTensors = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : f.tensors().entrySet()) {
                String k = e.getKey();
                if (k.startsWith(MODEL)) model.put(k.substring(MODEL.length()), e.getValue());
                else if (k.startsWith(OPTIM)) optTensors.put(k.substring(OPTIM.length()), e.getValue());
                else throw new SafeTensorsException(file, "tensor '" + k + "' has neither the '" + MODEL + "' nor the '" + OPTIM + "' prefix");
            }
            Map<String, String> optValues = new LinkedHashMap<>();
            Map<String, String> extra = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : meta.entrySet()) {
                String k = e.getKey();
                if (k.startsWith(OPTIM)) optValues.put(k.substring(OPTIM.length()), e.getValue());
                else if (k.startsWith(EXTRA)) extra.put(k.substring(EXTRA.length()), e.getValue());
            }
            OptimizerState opt = null;
            String type = optValues.remove("type");
            if (type != null) opt = new OptimizerState(type, optValues, optTensors);
            else if (!optTensors.isEmpty())
                throw new SafeTensorsException(file, "has optimizer tensors but no metadata 'optim.type'");
            ok = true;
            return new Checkpoint(file, model, opt, progress, extra);
        } finally {
            if (!ok) f.close();
        }
    }

    private static long longValue(Path file, Map<String, String> meta, String key) throws SafeTensorsException {
        String v = meta.get(key);
        if (v == null) throw new SafeTensorsException(file, "metadata '" + key + "' is missing");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new SafeTensorsException(file, "metadata '" + key + "' = '" + v + "' is not an integer");
        }
    }

    /**
     * Which model names, shapes and dtypes differ between a checkpoint file and an expected model state.
     * Reads the header only.
     */
    public static StateDiff compareModel(Path file, Map<String, Tensor> expected) throws IOException {
        return StateDiff.between(SafeTensors.readHeader(file), MODEL, expected);
    }

    /** The file it was read from. */
    public Path file() {
        return file;
    }

    /** The model state (names without the {@code model.} prefix), in file order. */
    public Map<String, Tensor> model() {
        return model;
    }

    /** The optimizer state, if one was saved. */
    public Optional<OptimizerState> optimizer() {
        return Optional.ofNullable(optimizer);
    }

    /** Epoch, step and random-stream position. */
    public TrainingProgress progress() {
        return progress;
    }

    /** The caller's metadata (names without the {@code extra.} prefix). */
    public Map<String, String> extra() {
        return extra;
    }

    /**
     * Copies the saved model tensors into {@code target}'s tensors (e.g. a module's {@code stateDict()}, whose
     * tensors are the live parameters and buffers). Names and shapes must match exactly.
     *
     * @throws IllegalArgumentException listing every missing, unexpected or mis-shaped name
     */
    public void restoreModel(Map<String, Tensor> target) {
        StateDiff d = StateDiff.between(model, target);
        if (!d.matches()) throw new IllegalArgumentException(file + ": model state does not match the target:\n" + d.describe());
        try (Grad g = Grad.disabled()) {
            for (Map.Entry<String, Tensor> e : model.entrySet()) target.get(e.getKey()).copyFrom(e.getValue());
        }
    }

    /**
     * Restores the optimizer's state (buffers, step counts, learning rate).
     *
     * @throws IllegalArgumentException if no optimizer state was saved or it does not fit {@code optimizer}
     */
    public void restoreOptimizer(Optimizer optimizer) {
        if (this.optimizer == null) throw new IllegalArgumentException(file + ": checkpoint holds no optimizer state");
        try {
            optimizer.loadStateDict(this.optimizer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Closes the tensors read from the file. */
    @Override
    public void close() {
        model.values().forEach(Tensor::close);
        if (optimizer != null) optimizer.close();
    }

    @Override
    public String toString() {
        return "Checkpoint[" + file + ", " + model.size() + " model tensors, optimizer "
                + (optimizer == null ? "none" : optimizer.type()) + ", " + progress + "]";
    }
}
