package org.cryograd.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cryograd.dual.DualConfig;
import org.cryograd.dual.DualNetworks;
import org.cryograd.dual.DualStep;
import org.cryograd.dual.DualTrainer;
import org.cryograd.dual.PatchSampler;
import org.cryograd.dual.Volume;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DUAL training throughput: one full training step (generator update through Dn, Gs, E, Gn and both discriminators,
 * then the discriminator update) on a batch of random unpaired 32^3 patches with {@link DualConfig#quick()} and the
 * paper's batch-only KL ({@code klMemory 0}), the step {@code bench/torch_dual_step.py} times in PyTorch; the KL
 * memory's extra encoder pass is timed by {@link DualCapacity}. Patches per second = batch size / (seconds per op); the
 * batch is {@value #BATCH}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class DualTrainingBenchmarks {
    static final int BATCH = 2;

    /** Networks, optimizers and volumes, made once per trial. */
    @State(Scope.Benchmark)
    public static class Data {
        /** Device spec ({@code cpu}, {@code cuda}, {@code cuda:N}); the GPU script passes {@code -p device=cuda}. */
        @Param({"cpu"})
        public String device;

        DualStep step;
        PatchSampler sampler;
        Rng rng;
        Device dev;

        /** Two 64^3 volumes per domain; the quick networks with the paper's AdamW on both sides. */
        @Setup(Level.Trial)
        public void setup() {
            DualConfig cfg = DualConfig.quick().withBatchSize(BATCH).withKlMemory(0); // the work torch_dual_step.py does
            rng = new Rng(1);
            List<Volume> noisy = new ArrayList<>(), clean = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                noisy.add(Volume.of(Tensor.randn(rng, 64, 64, 64)));
                clean.add(Volume.of(Tensor.randn(rng, 64, 64, 64)));
            }
            sampler = new PatchSampler(noisy, clean, cfg.patchSize(), cfg.augment());
            dev = Device.parse(device);
            DualNetworks nets = new DualNetworks(cfg, rng);
            nets.to(dev);
            step = new DualStep(nets, DualTrainer.adamW(cfg, nets.generatorParameters()), DualTrainer.adamW(cfg, nets.discriminatorParameters()));
        }
    }

    /** One DUAL training step (batch {@value #BATCH}, 32^3 patches, quick networks). */
    @Benchmark
    public double dual_train_step_quick_b2(Data d) {
        try (MemoryScope s = MemoryScope.open(); Tensor tr = d.sampler.noisy(BATCH, d.rng).to(d.dev); Tensor vr = d.sampler.clean(BATCH, d.rng).to(d.dev)) {
            return d.step.run(tr, vr, d.rng).total();
        }
    }
}
