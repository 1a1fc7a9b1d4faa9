package org.cryograd.polar.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cryograd.nn.Losses;
import org.cryograd.nn.io.SafeTensors;
import org.cryograd.nn.optim.Adam;
import org.cryograd.nn.optim.AdamOptions;
import org.cryograd.nn.optim.CosineLr;
import org.cryograd.nn.optim.GradClip;
import org.cryograd.nn.optim.LrSchedule;
import org.cryograd.nn.train.CheckpointPolicy;
import org.cryograd.nn.train.SettingsDiff;
import org.cryograd.nn.train.Trainer;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.nn.train.TrainingStep;
import org.cryograd.polar.model.SetDenoiserModel;
import org.cryograd.polar.sim.ParticleSets;
import org.cryograd.polar.sim.ParticleSimulator;
import org.cryograd.polar.sim.SimulationOptions;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a denoiser with the MSE between its output and the noise-free images on freshly simulated pairs every
 * step (no fixed training set, so no overfitting to it). Inputs and targets are divided by the standard deviation
 * of the noisy data (calibrated once on a larger simulated sample); {@link PolarDenoise} uses the input stack's own
 * standard deviation the same way. Adam with a cosine learning-rate decay to 5%, gradient-norm clipping, on the shared
 * {@link Trainer}. Step
 * {@code k} draws its data from seed {@code hash(seed, k)}, so a run resumed from {@code checkpoint.safetensors}
 * (written atomically every {@code checkpointEvery} steps) equals the uninterrupted run.
 */
public final class PolarTraining {
    private static final Logger LOG = LoggerFactory.getLogger(PolarTraining.class);

    private PolarTraining() {}

    /** A trained model, its metadata and the last loss. */
    public record Result(SetDenoiserModel model, Map<String, String> metadata, double inputScale, double finalLoss) {}

    /**
     * Trains and writes {@code outModelDir/model.safetensors}.
     *
     * @param o           settings
     * @param outModelDir model directory (created); null to keep the model in memory only
     * @param progress    receives one step per optimizer step (null for none)
     * @return the trained model (evaluation mode)
     * @throws org.cryograd.nn.optim.DivergedException at the first NaN or infinite loss or gradient, naming the 1-based
     *                                                 step and the term; the last checkpoint is kept, no model is written
     */
    public static Result train(TrainingOptions o, Path outModelDir, TrainingListener progress) throws IOException {
        return train(o, outModelDir, progress, Device.cpu());
    }

    /**
     * {@link #train(TrainingOptions, Path, TrainingListener)} on {@code device}: the model and the optimizer state live
     * there, each step's simulated sets are made on the CPU and uploaded; the returned model stays on the device.
     */
    public static Result train(TrainingOptions o, Path outModelDir, TrainingListener progress, Device device) throws IOException {
        SetDenoiserModel model = ModelFiles.create(o.kind(), o.polar(), o.dncnnLayers(), o.dncnnChannels(), new Rng(o.seed()));
        model.to(device); // before the optimizer: it keeps state beside each parameter
        SimulationOptions sim = o.simulation();
        // noise level and input scale from one larger sample, fixed for the whole run
        ParticleSets cal = ParticleSimulator.simulate(sim.withSets(Math.max(32, 512 / sim.setSize()), o.seed() ^ 0x5CA1EL));
        double noiseStd = cal.noiseStd();
        double scale = std(cal.noisy());
        Map<String, String> meta = ModelFiles.metadata(o, scale);
        Adam opt = new Adam(model.parameters(), AdamOptions.adam(o.learningRate()));
        LrSchedule lr = new CosineLr(o.learningRate(), o.steps(), 0.05 * o.learningRate());
        Path ckpt = outModelDir == null ? null : outModelDir.resolve(ModelFiles.CHECKPOINT);
        if (outModelDir != null) Files.createDirectories(outModelDir);
        model.train();
        float inv = (float) (1 / scale);
        TrainingStep step = ctx -> {
            opt.zeroGrad();
            ParticleSets b = ParticleSimulator.simulate(sim.withSets(sim.sets(), stepSeed(o.seed(), ctx.step())), noiseStd);
            Tensor loss = Losses.mse(model.forward(b.noisy().to(device).mul(inv)), b.clean().to(device).mul(inv));
            // stop before the optimizer uses a non-finite loss or gradient; the last checkpoint stays as it was
            ctx.loss("mse", loss);
            loss.backward();
            ctx.checkGradients(model.namedParameters());
            if (o.gradClip() > 0) GradClip.clipNorm(model.parameters(), o.gradClip());
            opt.step();
        };
        // the data of step k come from stepSeed(seed, k), so the checkpoint's random stream is the unused seed's
        Trainer.Result r = Trainer.builder("train " + o.kind().label() + " " + sim.setting().label() + " snr=" + sim.snr(), o.steps(), step)
                .optimizer(opt).schedule(lr).rng(new Rng(o.seed()))
                .checkpoint(ckpt, CheckpointPolicy.everyStepsAndAtEnd(Math.max(0, o.checkpointEvery())), model::stateDict, () -> meta)
                .resumeCheck(c -> {
                    if (!c.extra().equals(meta))
                        throw new IOException(ckpt + ": checkpoint was written with other settings (" + SettingsDiff.describe(c.extra(), meta) + ")");
                    LOG.info("resuming {} from step {}", o.kind().label(), c.progress().step());
                })
                .divergenceNote(() -> "training stopped; " + (ckpt != null && Files.exists(ckpt) ? "the last good checkpoint " + ckpt + " is kept"
                        : "no checkpoint had been written yet") + " and no model was written")
                .listener(progress).build().run();
        double last = r.last().has("mse") ? r.last().get("mse") : Double.NaN;
        model.eval();
        if (outModelDir != null) {
            Path f = outModelDir.resolve(ModelFiles.MODEL);
            SafeTensors.requireFinite(f, model.stateDict(), "refusing to write a non-finite model"); // last line of defence
            SafeTensors.write(f, model.stateDict(), meta);
        }
        return new Result(model, meta, scale, last);
    }

    static long stepSeed(long seed, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Standard deviation of all elements (population), in double precision. */
    public static double std(Tensor t) {
        double m = 0, m2 = 0;
        float[] a = t.toArray();
        for (float v : a) {
            m += v;
            m2 += v * (double) v;
        }
        m /= a.length;
        return Math.sqrt(Math.max(m2 / a.length - m * m, 1e-30));
    }
}
