package org.cryograd.dual;

import java.nio.file.Path;
import java.util.List;
import org.cryograd.tensor.Device;

/**
 * What {@link DualTraining#train} trains on and where it writes. Each domain is given as MRC files, in-memory
 * volumes, or both (concatenated, files first). The "noisy" domain is the one the trained denoiser Dn translates
 * from, the "clean" domain the one it translates to: for denoising, tomograms and density maps (or high-SNR
 * tomograms); for domain adaptation, any two sets of volumes; for missing-wedge compensation, tomograms and their
 * x/z-swapped copies ({@link WedgeCompensation}).
 *
 * @param noisyFiles   MRC volumes of the noisy domain (may be empty)
 * @param cleanFiles   MRC volumes of the clean domain (may be empty)
 * @param noisyVolumes in-memory volumes of the noisy domain (may be empty)
 * @param cleanVolumes in-memory volumes of the clean domain (may be empty)
 * @param config       model and training configuration
 * @param epochs       total epochs ({@link DualConfig#stepsPerEpoch()} steps each)
 * @param outDir       output directory: checkpoint, losses, {@code model/}
 * @param seed         seed of weights, patches, codes and permutations
 * @param resume       continue from {@code outDir}'s checkpoint when there is one
 * @param device       where training runs (null = the CPU)
 */
public record DualTrainingOptions(List<Path> noisyFiles, List<Path> cleanFiles, List<Volume> noisyVolumes, List<Volume> cleanVolumes,
        DualConfig config, int epochs, Path outDir, long seed, boolean resume, Device device) {
    /** Copies the lists and checks the counts. */
    public DualTrainingOptions {
        noisyFiles = noisyFiles == null ? List.of() : List.copyOf(noisyFiles);
        cleanFiles = cleanFiles == null ? List.of() : List.copyOf(cleanFiles);
        noisyVolumes = noisyVolumes == null ? List.of() : List.copyOf(noisyVolumes);
        cleanVolumes = cleanVolumes == null ? List.of() : List.copyOf(cleanVolumes);
        if (noisyFiles.isEmpty() && noisyVolumes.isEmpty()) throw new IllegalArgumentException("DualTrainingOptions: no noisy-domain volumes");
        if (cleanFiles.isEmpty() && cleanVolumes.isEmpty()) throw new IllegalArgumentException("DualTrainingOptions: no clean-domain volumes");
        if (config == null || outDir == null) throw new IllegalArgumentException("DualTrainingOptions: config and outDir are required");
        if (epochs < 1) throw new IllegalArgumentException("DualTrainingOptions: epochs must be >= 1, got " + epochs);
        if (device == null) device = Device.cpu();
    }

    /** Options on the CPU. */
    public DualTrainingOptions(List<Path> noisyFiles, List<Path> cleanFiles, List<Volume> noisyVolumes, List<Volume> cleanVolumes,
                               DualConfig config, int epochs, Path outDir, long seed, boolean resume) {
        this(noisyFiles, cleanFiles, noisyVolumes, cleanVolumes, config, epochs, outDir, seed, resume, Device.cpu());
    }

    /** These options on another device. */
    public DualTrainingOptions withDevice(Device d) {
        return new DualTrainingOptions(noisyFiles, cleanFiles, noisyVolumes, cleanVolumes, config, epochs, outDir, seed, resume, d);
    }

    /** Training on MRC files, seed 0, resuming when a checkpoint exists. */
    public static DualTrainingOptions ofFiles(List<Path> noisy, List<Path> clean, DualConfig config, int epochs, Path outDir) {
        return new DualTrainingOptions(noisy, clean, null, null, config, epochs, outDir, 0, true);
    }

    /** Training on in-memory volumes, seed 0, resuming when a checkpoint exists. */
    public static DualTrainingOptions ofVolumes(List<Volume> noisy, List<Volume> clean, DualConfig config, int epochs, Path outDir) {
        return new DualTrainingOptions(null, null, noisy, clean, config, epochs, outDir, 0, true);
    }

    /** These options with another seed. */
    public DualTrainingOptions withSeed(long s) {
        return new DualTrainingOptions(noisyFiles, cleanFiles, noisyVolumes, cleanVolumes, config, epochs, outDir, s, resume, device);
    }

    /** These options with resuming on or off. */
    public DualTrainingOptions withResume(boolean r) {
        return new DualTrainingOptions(noisyFiles, cleanFiles, noisyVolumes, cleanVolumes, config, epochs, outDir, seed, r, device);
    }

    /** These options with another epoch count. */
    public DualTrainingOptions withEpochs(int e) {
        return new DualTrainingOptions(noisyFiles, cleanFiles, noisyVolumes, cleanVolumes, config, e, outDir, seed, resume, device);
    }
}
