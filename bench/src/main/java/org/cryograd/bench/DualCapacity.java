package org.cryograd.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.cryograd.dual.DualConfig;
import org.cryograd.dual.DualNetworks;
import org.cryograd.dual.DualStep;
import org.cryograd.dual.DualTrainer;
import org.cryograd.dual.PatchSampler;
import org.cryograd.dual.Volume;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * How large a DUAL network this machine trains in an hour: the seconds of one full training step (generator update
 * through Dn, Gs, E, Gn and both discriminators, then the discriminator update; {@link DualStep#run}) for DUAL's
 * network widths from {@link DualConfig#quick()} (the defaults' widths / 4) up to {@link DualConfig#defaults()}, on
 * random unpaired 32^3 patches of two 64^3 volumes per domain, with the KL memory full (as after its first
 * {@code klMemory / batch} steps), plus the quick networks with the paper's batch-only KL to show the memory's cost. Each
 * configuration runs one warm-up step, then the median of {@code steps} timed steps. Prints CSV {@code config,base_channels,patch,batch,seconds_per_step,steps_per_hour}.
 * Run by {@code bench/dual-capacity.sh}: {@code java -cp bench/target/benchmarks.jar org.cryograd.bench.DualCapacity [steps]}.
 */
public final class DualCapacity {
    private DualCapacity() {}

    /** A named configuration to time. */
    record Case(String name, DualConfig config) {}

    /** DUAL's widths scaled by {@code num/den} from the defaults' (U-Net base 32, encoder 16, decoder 64, PatchGAN 32, MLP 64). */
    static DualConfig scaled(int num, int den, int batch) {
        return DualConfig.defaults().withBatchSize(batch).withDefaultWidthsScaled(num, den);
    }

    static List<Case> cases() {
        return List.of(new Case("quick (widths/4)", DualConfig.quick()), new Case("quick, batch-only KL", DualConfig.quick().withKlMemory(0)),
                new Case("widths*3/8", scaled(3, 8, 2)),
                new Case("widths/2", scaled(1, 2, 2)), new Case("full widths", scaled(1, 1, 2)), new Case("defaults", DualConfig.defaults()));
    }

    /** Entry point: {@code [steps]} timed steps per configuration (default 3). */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        if (steps < 1) throw new IllegalArgumentException("DualCapacity: steps must be >= 1, got " + steps);
        System.out.println("config,base_channels,patch,batch,seconds_per_step,steps_per_hour");
        for (Case c : cases()) {
            double s = secondsPerStep(c.config(), steps);
            System.out.printf(Locale.ROOT, "%s,%d,%d,%d,%.3f,%.0f%n", c.name(), c.config().unetBase(), c.config().patchSize(), c.config().batchSize(), s,
                    3600 / s);
            System.out.flush();
        }
    }

    /** One warm-up step, then the median over {@code steps} timed steps. */
    static double secondsPerStep(DualConfig cfg, int steps) {
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
        // the steady state: a full KL memory, whose patches the encoder encodes again at every step
        if (cfg.klMemory() > 0)
            try (MemoryScope sc = MemoryScope.open()) {
                step.klMemory().push(sampler.noisy(cfg.klMemory(), rng));
            }
        double[] t = new double[steps];
        for (int s = -1; s < steps; s++) {
            long t0 = System.nanoTime();
            try (MemoryScope sc = MemoryScope.open(); Tensor tr = sampler.noisy(cfg.batchSize(), rng); Tensor vr = sampler.clean(cfg.batchSize(), rng)) {
                step.run(tr, vr, rng);
            }
            if (s >= 0) t[s] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        return steps % 2 == 1 ? t[steps / 2] : (t[steps / 2 - 1] + t[steps / 2]) / 2;
    }
}
