package org.cryograd.dual.n2n;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.dual.Volume;
import org.cryograd.em.benchmark.HalfSetDenoiserFactory;
import org.cryograd.nn.train.TrainingListener;

/** Noise2noise as the simulator-based DUAL benchmark's learned baseline ({@link org.cryograd.em.benchmark.SimDualBenchmark}). */
public final class Noise2NoiseHook {
    private Noise2NoiseHook() {}

    /**
     * A factory that trains {@link Noise2NoiseTrainer} with {@code config} on the benchmark's training halves, seeded by
     * the benchmark's seed.
     *
     * @param listener training progress (may be null)
     */
    public static HalfSetDenoiserFactory factory(Noise2NoiseConfig config, TrainingListener listener) {
        if (config == null) throw new IllegalArgumentException("Noise2NoiseHook.factory: config is null");
        return (d, progress) -> {
            List<Volume> even = new ArrayList<>(), odd = new ArrayList<>();
            for (float[] v : d.even()) even.add(new Volume(v, d.nz(), d.ny(), d.nx()));
            for (float[] v : d.odd()) odd.add(new Volume(v, d.nz(), d.ny(), d.nx()));
            progress.report("noise2noise", "training " + config.steps() + " steps on the halves of " + even.size() + " tomograms");
            Noise2NoiseDenoiser n = Noise2NoiseTrainer.train(even, odd, config, d.seed(), listener);
            progress.report("noise2noise", "training done");
            return n;
        };
    }
}
