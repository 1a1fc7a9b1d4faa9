package org.cryograd.dual.n2n;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.cryograd.dual.Augment;
import org.cryograd.dual.PatchSampler;
import org.cryograd.dual.Volume;
import org.cryograd.dual.net.UNet3d;
import org.cryograd.nn.Losses;
import org.cryograd.nn.optim.Adam;
import org.cryograd.nn.optim.AdamOptions;
import org.cryograd.nn.train.Trainer;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * Trains a noise2noise 3-D U-Net on paired half reconstructions (Lehtinen et al. 2018; for tomograms Topaz-Denoise 3D
 * and cryo-CARE): each step draws {@code batchSize} random patches, each from a random tomogram, corner, wedge-preserving
 * flip ({@link Augment#WEDGE_PRESERVING}) and direction; the input is the patch of one half and the target the same
 * patch of the other (even to odd or odd to even), the loss their mean squared error, optimised with Adam. Because the
 * halves' noise is independent and zero-mean, the minimiser is the expected clean signal. Halves are standardised
 * first. Runs on the CPU.
 */
public final class Noise2NoiseTrainer {
    private Noise2NoiseTrainer() {}

    /**
     * Trains the network.
     *
     * @param even     even halves
     * @param odd      odd halves, same order and shapes
     * @param config   settings
     * @param seed     seed of the weights and the patches
     * @param listener progress (may be null)
     */
    public static Noise2NoiseDenoiser train(List<Volume> even, List<Volume> odd, Noise2NoiseConfig config, long seed, TrainingListener listener) {
        if (even == null || odd == null || even.isEmpty() || even.size() != odd.size())
            throw new IllegalArgumentException("Noise2NoiseTrainer: need as many odd as even halves (at least one), got " + (even == null ? 0 : even.size())
                    + " and " + (odd == null ? 0 : odd.size()));
        int p = config.patch();
        Volume[] e = new Volume[even.size()], o = new Volume[odd.size()];
        for (int i = 0; i < e.length; i++) {
            Volume a = even.get(i), b = odd.get(i);
            if (a.nz() != b.nz() || a.ny() != b.ny() || a.nx() != b.nx())
                throw new IllegalArgumentException("Noise2NoiseTrainer: halves of tomogram " + (i + 1) + " differ in shape");
            if (a.nz() < p || a.ny() < p || a.nx() < p)
                throw new IllegalArgumentException("Noise2NoiseTrainer: tomogram " + (i + 1) + " (" + a.nx() + "x" + a.ny() + "x" + a.nz()
                        + " x,y,z) is smaller than the " + p + "^3 patch");
            e[i] = a.standardized();
            o[i] = b.standardized();
        }
        Rng init = new Rng(seed, 1L << 44);
        UNet3d net = new UNet3d(init, 1, 1, config.depth(), config.base(), config.slope());
        Adam opt = new Adam(net.parameters(), AdamOptions.adam(config.lr()));
        int n = config.batchSize(), p3 = p * p * p;
        try {
            Trainer.builder("noise2noise", config.steps(), ctx -> {
                Rng rng = ctx.rng();
                float[] in = new float[n * p3], target = new float[n * p3];
                for (int b = 0; b < n; b++) {
                    int k = rng.nextInt(e.length);
                    Volume v = e[k];
                    int z0 = rng.nextInt(v.nz() - p + 1), y0 = rng.nextInt(v.ny() - p + 1), x0 = rng.nextInt(v.nx() - p + 1);
                    int[] flips = Augment.WEDGE_PRESERVING.flipAxes(rng.nextInt(Augment.WEDGE_PRESERVING.count()));
                    boolean evenIn = rng.nextInt(2) == 0;
                    PatchSampler.copyPatch(evenIn ? e[k] : o[k], z0, y0, x0, p, flips, in, b * p3);
                    PatchSampler.copyPatch(evenIn ? o[k] : e[k], z0, y0, x0, p, flips, target, b * p3);
                }
                opt.zeroGrad();
                Tensor loss = Losses.mse(net.forward(Tensor.of(in, n, 1, p, p, p)), Tensor.of(target, n, 1, p, p, p));
                ctx.loss("mse", loss);
                loss.backward();
                ctx.checkGradients(net.namedParameters());
                opt.step();
            }).optimizer(opt).rng(new Rng(seed, 1L << 45)).listener(listener).build().run();
        } catch (IOException ex) {
            throw new UncheckedIOException("noise2noise training failed: " + ex.getMessage(), ex);
        }
        return new Noise2NoiseDenoiser(net, config);
    }
}
