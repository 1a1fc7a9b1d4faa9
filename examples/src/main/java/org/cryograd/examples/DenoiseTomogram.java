package org.cryograd.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryograd.dual.DualConfig;
import org.cryograd.dual.DualDenoise;
import org.cryograd.dual.DualModel;
import org.cryograd.dual.DualTraining;
import org.cryograd.dual.DualTrainingOptions;
import org.cryograd.dual.StepLosses;
import org.cryograd.dual.Volume;
import org.cryograd.em.synth.SynthConfig;
import org.cryograd.em.synth.SyntheticBenchmark;
import org.cryograd.io.MrcWriter;
import org.cryograd.nn.train.Stage;
import org.cryograd.nn.train.StepReport;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.tensor.Tensor;

/**
 * Trains DUAL briefly on unpaired noisy tomograms and clean density maps, then denoises a tomogram.
 * Usage: {@code DenoiseTomogram OUT_DIR [STEPS]}; the data are the synthetic benchmark's (tomograms 0-3 against grand
 * models 4-7; tomogram 9 is denoised). With your own data, pass MRC paths to {@code DualTrainingOptions.ofFiles}.
 */
public final class DenoiseTomogram {
    private DenoiseTomogram() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "dual-example");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        SyntheticBenchmark data = SyntheticBenchmark.generate(SynthConfig.quick(), 1);   // ten 64 x 64 x 32 pairs
        SynthConfig c = data.config();
        List<Volume> noisy = new ArrayList<>(), clean = new ArrayList<>();
        for (float[] t : data.noisyDomain()) noisy.add(new Volume(t, c.nz(), c.ny(), c.nx()));
        for (float[] m : data.cleanDomain()) clean.add(new Volume(m, c.nz(), c.ny(), c.nx()));

        TrainingListener progress = new TrainingListener() {
            @Override
            public void step(Stage s, StepReport r) {
                StepLosses l = StepLosses.of(r.losses());
                if (r.step() % 20 == 0) System.out.printf("step %d/%d, reconstruction loss %.3f%n", r.step(), s.totalSteps(), l.recV() + l.recT());
            }
        };
        DualConfig config = DualConfig.quick().withStepsPerEpoch(steps);                  // small networks for a CPU
        DualModel model = DualTraining.train(DualTrainingOptions.ofVolumes(noisy, clean, config, 1, out), progress);

        Path tomo = out.resolve("tomogram9.mrc"), den = out.resolve("tomogram9_dual.mrc");
        MrcWriter.write(tomo, Tensor.of(data.pair(SyntheticBenchmark.TEST).tomogram(), c.nz(), c.ny(), c.nx()), c.voxelSizeA());
        DualDenoise.run(model, tomo, den);                                                 // tiled, any size
        System.out.println("wrote " + den + " (model in " + out.resolve("model") + ")");
    }
}
