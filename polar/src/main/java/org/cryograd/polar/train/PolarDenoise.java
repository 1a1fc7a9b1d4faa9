package org.cryograd.polar.train;

import java.io.IOException;
import java.nio.file.Path;
import org.cryograd.io.MrcFile;
import org.cryograd.io.MrcMode;
import org.cryograd.nn.train.Stage;
import org.cryograd.nn.train.StepReport;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.polar.model.SetDenoiserModel;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Denoises a particle stack ({@code .mrcs}) with a trained model: consecutive particles form sets of
 * {@code setSize} (the last set holds the remainder), the stack is divided by its own standard deviation (as in
 * training) and the output multiplied back. The output keeps the input's header metadata, in float32.
 */
public final class PolarDenoise {
    private static final Logger LOG = LoggerFactory.getLogger(PolarDenoise.class);
    /**
     * Images per forward pass (at least one set): bounds a pass's activations (DnCNN 17 x 64: 17 MB per 64-channel
     * activation per 16 images of 64 x 64; a no-grad pass holds about two at a time) and sets the progress steps.
     */
    private static final int IMAGES_PER_BATCH = 32;

    private PolarDenoise() {}

    /**
     * What a run did.
     *
     * @param images  particles denoised
     * @param sets    sets formed
     * @param seconds wall time
     */
    public record Summary(int images, int sets, double seconds) {}

    /**
     * Denoises {@code inStack} into {@code outStack} (written atomically).
     *
     * @param modelDir a model directory (or {@code model.safetensors}) from {@link PolarTraining#train}
     * @param inStack  particle stack {@code [particles, N, N]}
     * @param setSize  particles per set ({@code >= 1}; the model's training set size is a good choice)
     * @param outStack output path
     * @param progress receives one step per batch of sets (null for none)
     */
    public static Summary run(Path modelDir, Path inStack, int setSize, Path outStack, TrainingListener progress) throws IOException {
        return run(modelDir, inStack, setSize, outStack, progress, Device.cpu());
    }

    /** {@link #run(Path, Path, int, Path, TrainingListener)} with the model on {@code device} (one batch of sets there at a time). */
    public static Summary run(Path modelDir, Path inStack, int setSize, Path outStack, TrainingListener progress, Device device) throws IOException {
        if (setSize < 1) throw new IllegalArgumentException("PolarDenoise: setSize must be >= 1, got " + setSize);
        long t0 = System.nanoTime();
        ModelFiles.Loaded m = ModelFiles.load(modelDir);
        MrcFile in = MrcFile.read(inStack);
        int[] d = in.data().dims();
        int n = m.model().imageSize();
        if (d[1] != n || d[2] != n)
            throw new IllegalArgumentException(inStack + ": particles are " + d[2] + " x " + d[1] + " but the model (" + m.kind().label() + ") takes " + n + " x " + n);
        m.model().to(device);
        Tensor out = denoise(m.model(), in.data(), setSize, progress);
        new MrcFile(in.header().toBuilder().mode(MrcMode.FLOAT32).build(), in.extendedHeader(), out).write(outStack);
        double s = (System.nanoTime() - t0) / 1e9;
        int sets = (d[0] + setSize - 1) / setSize;
        LOG.info("denoised {} particles in {} sets of {} with {} in {} s -> {}", d[0], sets, setSize, m.kind().label(), String.format("%.1f", s), outStack);
        return new Summary(d[0], sets, s);
    }

    /** {@link #run} without progress reports. */
    public static Summary run(Path modelDir, Path inStack, int setSize, Path outStack) throws IOException {
        return run(modelDir, inStack, setSize, outStack, null);
    }

    /**
     * Denoises images {@code [particles, N, N]} in sets of {@code setSize} consecutive particles, on the device of the
     * model's parameters (batches are uploaded and read back one at a time).
     *
     * @return the denoised images, same shape
     */
    public static Tensor denoise(SetDenoiserModel model, Tensor stack, int setSize, TrainingListener progress) {
        TrainingListener prog = TrainingListener.orNone(progress);
        long t0 = System.nanoTime();
        int[] d = stack.dims();
        int count = d[0], n = d[1], px = n * n;
        float scale = (float) PolarTraining.std(stack);
        float[] src = stack.toArray(), dst = new float[src.length];
        int full = count / setSize, rest = count % setSize;
        int setsPerBatch = Math.max(1, IMAGES_PER_BATCH / setSize);
        int batches = (full + setsPerBatch - 1) / setsPerBatch + (rest > 0 ? 1 : 0);
        Stage stage = Stage.named("denoise " + count + " particles", batches);
        prog.started(stage);
        model.eval();
        int batch = 0;
        try (Grad off = Grad.disabled()) {
            for (int s = 0; s < full; s += setsPerBatch) {
                int k = Math.min(setsPerBatch, full - s);
                run(model, src, dst, s * setSize * px, k, setSize, n, scale);
                prog.step(stage, StepReport.counted(++batch, (System.nanoTime() - t0) / 1e9));
            }
            if (rest > 0) {
                run(model, src, dst, full * setSize * px, 1, rest, n, scale);
                prog.step(stage, StepReport.counted(++batch, (System.nanoTime() - t0) / 1e9));
            }
        }
        prog.finished(stage);
        return Tensor.of(dst, d);
    }

    private static void run(SetDenoiserModel model, float[] src, float[] dst, int offset, int sets, int size, int n, float scale) {
        int len = sets * size * n * n;
        float[] part = new float[len];
        System.arraycopy(src, offset, part, 0, len);
        try (MemoryScope s = MemoryScope.open()) {
            Device device = model.parameters().get(0).device();
            Tensor y = model.forward(Tensor.of(device, part, sets, size, n, n).mul(1 / scale)).mul(scale);
            System.arraycopy(y.toArray(), 0, dst, offset, len);
        }
    }
}
