package org.cryograd.dual;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * Measures training throughput (patches per second, one patch = one noisy plus one clean patch through a full
 * generator and discriminator update) with {@link DualConfig#quick()} or {@link DualConfig#defaults()} (argument
 * {@code full}). Not a test: {@code java -cp ... org.cryograd.dual.DualThroughput [quick|full] [steps]}.
 */
public final class DualThroughput {
    private DualThroughput() {}

    /** Entry point. */
    public static void main(String[] args) {
        DualConfig cfg = args.length > 0 && args[0].equals("full") ? DualConfig.defaults() : DualConfig.quick();
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Rng rng = new Rng(1);
        List<Volume> noisy = new ArrayList<>(), clean = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (Tensor a = Tensor.randn(rng, 64, 64, 64); Tensor b = Tensor.randn(rng, 64, 64, 64)) {
                noisy.add(Volume.of(a));
                clean.add(Volume.of(b));
            }
        }
        PatchSampler sampler = new PatchSampler(noisy, clean, cfg.patchSize(), cfg.augment());
        DualNetworks nets = new DualNetworks(cfg, rng);
        DualStep step = new DualStep(nets, DualTrainer.adamW(cfg, nets.generatorParameters()), DualTrainer.adamW(cfg, nets.discriminatorParameters()));
        System.err.println("parameters: " + nets.numParameters() + ", batch " + cfg.batchSize());
        for (int s = 0; s < steps + 1; s++) {
            long t0 = System.nanoTime();
            StepLosses l;
            try (Tensor tr = sampler.noisy(cfg.batchSize(), rng); Tensor vr = sampler.clean(cfg.batchSize(), rng)) {
                l = step.run(tr, vr, rng);
            }
            double sec = (System.nanoTime() - t0) / 1e9;
            System.err.printf("step %d: %.2f s, %.3f patches/s, total %.3f%n", s, sec, cfg.batchSize() / sec, l.total());
        }
    }
}
