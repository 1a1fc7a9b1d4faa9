package org.cryograd.examples;

import java.nio.file.Path;
import org.cryograd.io.MrcWriter;
import org.cryograd.polar.bench.PolarBenchmark;
import org.cryograd.polar.bench.PolarBenchmarkOptions;
import org.cryograd.polar.sim.ParticleSets;
import org.cryograd.polar.sim.ParticleSimulator;
import org.cryograd.polar.sim.Setting;
import org.cryograd.polar.sim.SimulationOptions;
import org.cryograd.polar.train.ModelKind;
import org.cryograd.polar.train.PolarDenoise;
import org.cryograd.polar.train.PolarTraining;
import org.cryograd.polar.train.TrainingOptions;
import org.cryograd.tensor.Tensor;

/**
 * Jointly denoises sets of particle images with the polar transformer: trains it briefly on simulated pairs
 * (32 x 32, SNR 0.02, sets of 16 mixing a few views), then denoises a held-out stack through the {@code .mrcs} API.
 * Usage: {@code DenoiseParticles OUT_DIR [STEPS]}.
 */
public final class DenoiseParticles {
    private DenoiseParticles() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "polar-example");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int n = 32, setSize = 16;
        double snr = 0.02;
        PolarBenchmarkOptions q = PolarBenchmarkOptions.quickPreset();                 // model sizes for a CPU
        SimulationOptions train = SimulationOptions.defaults(n, Setting.MIXED, 4, setSize, snr, 1);
        TrainingOptions o = new TrainingOptions(ModelKind.POLAR_TRANSFORMER, train, q.polar(), q.dncnnLayers(), q.dncnnChannels(), steps,
                q.learningRate(), 1.0, 50, 1);
        PolarTraining.train(o, out.resolve("model"), null);                              // fresh simulated sets every step

        ParticleSets test = ParticleSimulator.simulate(SimulationOptions.defaults(n, Setting.MIXED, 8, setSize, snr, 99));
        Path stack = out.resolve("particles.mrcs"), den = out.resolve("particles_denoised.mrcs");
        MrcWriter.write(stack, test.noisy().reshape(test.count(), n, n), 1.0);
        PolarDenoise.run(out.resolve("model"), stack, setSize, den);                     // sets of 16 consecutive particles

        Tensor clean = test.clean().reshape(test.count(), n, n);
        Tensor denoised = org.cryograd.io.MrcFile.read(den).data();
        System.out.printf("relative MSE: noisy %.3f, denoised %.3f%n", PolarBenchmark.relMse(clean, test.noisy().reshape(test.count(), n, n)),
                PolarBenchmark.relMse(clean, denoised));
        System.out.println("wrote " + den);
    }
}
