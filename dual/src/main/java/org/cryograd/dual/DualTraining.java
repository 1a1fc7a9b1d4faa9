package org.cryograd.dual;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryograd.io.FileFormatException;
import org.cryograd.io.MrcFile;
import org.cryograd.io.NonFiniteVoxels;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.tensor.MemoryScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Library entry point of {@code cryograd train-dual}: reads both domains, trains DUAL ({@link DualTrainer}) and
 * leaves in {@code outDir}: {@code checkpoint.safetensors} (every epoch), {@code losses.csv}, {@code losses.png},
 * {@code model/} (the trained {@link DualModel}, read by {@link DualModel#load}). Domain adaptation is the same call
 * with any two sets of volumes: Dn then translates from the first set's style to the second's.
 */
public final class DualTraining {
    private static final Logger LOG = LoggerFactory.getLogger(DualTraining.class);

    private DualTraining() {}

    /**
     * Trains (or resumes) a DUAL model.
     *
     * @param options  data, configuration, epochs, output directory, seed
     * @param progress callback, or null
     * @return the trained model
     */
    public static DualModel train(DualTrainingOptions options, TrainingListener progress) throws IOException {
        int patch = options.config().patchSize();
        List<Volume> noisy = load(options.noisyFiles(), options.noisyVolumes(), patch);
        List<Volume> clean = load(options.cleanFiles(), options.cleanVolumes(), patch);
        LOG.info("DUAL training on {} noisy and {} clean volumes, {} epochs x {} steps, batch {}, on {}, output {}", noisy.size(), clean.size(),
                options.epochs(), options.config().stepsPerEpoch(), options.config().batchSize(), options.device(), options.outDir());
        PatchSampler sampler = new PatchSampler(noisy, clean, options.config().patchSize(), options.config().augment());
        DualModel model = new DualTrainer(options.config(), sampler, options.outDir(), progress, options.device())
                .train(options.epochs(), options.seed(), options.resume());
        return register(model, noisy.get(0), clean.get(0), options.seed(), options.outDir().resolve(DualTrainer.MODEL_DIR));
    }

    /**
     * Checks the trained Dn and Gs for a translation against their inputs ({@link Registration}, on the first volume
     * of each domain), logs it, and writes the correction ({@link DualModel#withShiftCorrection}) beside the saved model.
     */
    static DualModel register(DualModel model, Volume noisy, Volume clean, long seed, Path modelDir) throws IOException {
        Registration[] r = model.measureRegistration(noisy, clean, seed);
        DualModel corrected = model.withShiftCorrection(r[0].shift(), r[1].shift());
        String[] names = {"denoiser Dn", "generator Gs"};
        for (int i = 0; i < 2; i++) {
            if (r[i].registered()) LOG.info("DUAL registration: {} output registered with its input (correlation {})", names[i], String.format("%.3f", r[i].peak()));
            else LOG.warn("DUAL registration: {} output translated by {} voxels (z, y, x) against its input (correlation {} there, {} unshifted); {}",
                    names[i], r[i].shiftText(), String.format("%.3f", r[i].peak()), String.format("%.3f", r[i].atZero()),
                    java.util.Arrays.equals(i == 0 ? corrected.denoiserShift() : corrected.generatorShift(), new double[3]) ? "within tolerance, not corrected"
                            : "corrected at inference (model/" + DualModel.REGISTRATION + ")");
        }
        corrected.saveRegistration(modelDir); // the trainer has saved config and weights
        return corrected;
    }

    /**
     * Reads the volumes of one domain. Problems name the file: one NaN voxel would make the whole standardised volume
     * NaN and every weight NaN within a step, so non-finite data are refused here; so is a volume smaller than the patch.
     */
    static List<Volume> load(List<Path> files, List<Volume> volumes, int patch) throws IOException {
        List<Volume> out = new ArrayList<>();
        for (Path f : files) {
            try (MemoryScope s = MemoryScope.open()) {
                MrcFile m = MrcFile.read(f);
                if (m.data().rank() != 3) throw new IllegalArgumentException(f + ": expected a 3-D volume, got shape " + m.data().shape());
                NonFiniteVoxels.requireFinite(f, m.header(), m.data());
                int[] d = m.data().dims();
                if (d[0] < patch || d[1] < patch || d[2] < patch)
                    throw new FileFormatException(f, "dimensions", -1, d[2] + "x" + d[1] + "x" + d[0] + " (x,y,z) is smaller than the " + patch
                            + "^3 training patch");
                out.add(Volume.of(m.data()));
            }
        }
        out.addAll(volumes);
        return out;
    }
}
