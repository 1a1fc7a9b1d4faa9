package org.cryograd.dual;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every size and hyperparameter of a DUAL model and its training (Zeng et al. 2024; METHODS.md §2). The paper's
 * supplementary notes are unavailable, so network sizes are our defaults; the optimizer settings and loss weights are
 * the paper's. {@link #defaults()} is the full model, {@link #quick()} a small one that trains on a 2-core CPU.
 *
 * @param patchSize      edge of the cubic training patch and of the inference tile, 16, 32 or 64 (default 32)
 * @param unetDepth      resolution levels of the U-Nets Dn and Gs (3: 32^3, 16^3, 8^3)
 * @param unetBase       channels of the U-Nets' first level, doubled per level (32)
 * @param codeSize       noise code size K (16)
 * @param encoderBase    channels of the noise encoder's first conv, doubled per stride-2 conv (16)
 * @param decoderChannels channels C of the noise decoder's 4^3 seed {@code Linear(K -> C*4^3)}, halved per
 *                       up-sampling (64)
 * @param discBase       channels of the PatchGAN branch's first conv, doubled per stride-2 conv (32)
 * @param spectralHidden width of the spectral branch's MLP (64)
 * @param leakySlope     LeakyReLU negative slope (0.2)
 * @param batchSize      patches per domain per step; the KL's covariance is estimated over this batch and the KL
 *                       memory's patches (4)
 * @param lambdaRec      λ1, weight of the reconstruction loss (1)
 * @param lambdaAdv      λ2, weight of the generators' adversarial loss (1)
 * @param lambdaKl       λ3, weight of the noise-code KL loss (0.1)
 * @param klEps          ε added to the diagonal of the batch covariance Σ̂ (1e-3)
 * @param recEps         guard inside the logs of the reconstruction loss, 0 for the exact eq. 4-5 (1e-6)
 * @param lr             AdamW learning rate (1e-4)
 * @param beta1          AdamW β1 (0.9)
 * @param beta2          AdamW β2 (0.999)
 * @param adamEps        AdamW ε (1e-8)
 * @param weightDecay    AdamW decoupled weight decay (1e-6)
 * @param initGain       gain of the orthogonal initialisation of every conv and linear weight (1)
 * @param stepsPerEpoch  training steps (one generator and one discriminator update each) per epoch (500)
 * @param augment        patch augmentation, chosen to keep the missing-wedge geometry
 * @param tileOverlap    overlap of neighbouring inference tiles in voxels, below {@code patchSize} (8)
 * @param lrDecay        fraction of the run, at its end, over which both learning rates fall linearly towards 0
 *                       (CycleGAN's linear policy, {@code nn.optim.LinearDecayLr}); 0 keeps them constant (0)
 * @param histogramBins  bins of the discriminators' voxel-histogram branch ({@code net.VoxelHistogram}), our addition
 *                       to the paper's spatial and spectral branches so that the simulated tomograms' voxel values are
 *                       distributed like the real ones; 0 leaves it out, as in the paper (0)
 * @param klMemory       patches in the KL's memory ({@link KlMemory}): the last {@code klMemory} noisy training
 *                       patches, encoded again by the current encoder at every step, join the batch's codes in the
 *                       KL's mean and covariance (with gradient), so that a batch smaller than {@code K + 1} still
 *                       gives a full-rank estimate; 0 estimates them over the batch alone, as in the paper (8K = 128)
 */
public record DualConfig(int patchSize, int unetDepth, int unetBase, int codeSize, int encoderBase, int decoderChannels,
        int discBase, int spectralHidden, float leakySlope, int batchSize, double lambdaRec, double lambdaAdv, double lambdaKl,
        double klEps, float recEps, double lr, double beta1, double beta2, double adamEps, double weightDecay, double initGain,
        int stepsPerEpoch, Augment augment, int tileOverlap, double lrDecay, int histogramBins, int klMemory) {

    /** Checks sizes against the architecture's constraints. */
    public DualConfig {
        if (patchSize != 16 && patchSize != 32 && patchSize != 64)
            throw new IllegalArgumentException("DualConfig.patchSize must be 16, 32 or 64, got " + patchSize);
        if (unetDepth < 1 || (patchSize >> (unetDepth - 1)) < 4)
            throw new IllegalArgumentException("DualConfig.unetDepth " + unetDepth + " leaves less than 4^3 at the bottom of a " + patchSize + "^3 patch");
        positive("unetBase", unetBase);
        positive("codeSize", codeSize);
        positive("encoderBase", encoderBase);
        positive("spectralHidden", spectralHidden);
        positive("discBase", discBase);
        positive("stepsPerEpoch", stepsPerEpoch);
        if (batchSize < 2) throw new IllegalArgumentException("DualConfig.batchSize must be >= 2 (the KL needs a batch covariance), got " + batchSize);
        int ups = Integer.numberOfTrailingZeros(patchSize / 4);
        if (decoderChannels < (1 << ups) || decoderChannels % (1 << ups) != 0)
            throw new IllegalArgumentException("DualConfig.decoderChannels " + decoderChannels + " must be a multiple of " + (1 << ups)
                    + " (halved " + ups + " times up to " + patchSize + "^3)");
        if (!(klEps > 0)) throw new IllegalArgumentException("DualConfig.klEps must be > 0, got " + klEps);
        if (!(recEps >= 0)) throw new IllegalArgumentException("DualConfig.recEps must be >= 0, got " + recEps);
        if (!(lr > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(adamEps > 0) || !(weightDecay >= 0))
            throw new IllegalArgumentException("DualConfig: bad AdamW settings lr=" + lr + " betas=(" + beta1 + ", " + beta2 + ") eps=" + adamEps
                    + " weightDecay=" + weightDecay);
        if (!(lambdaRec >= 0 && lambdaAdv >= 0 && lambdaKl >= 0))
            throw new IllegalArgumentException("DualConfig: loss weights must be >= 0, got " + lambdaRec + ", " + lambdaAdv + ", " + lambdaKl);
        if (tileOverlap < 0 || tileOverlap >= patchSize)
            throw new IllegalArgumentException("DualConfig.tileOverlap must be in [0, " + patchSize + ") for " + patchSize + "^3 tiles, got " + tileOverlap);
        if (augment == null) throw new IllegalArgumentException("DualConfig.augment is null");
        if (!(lrDecay >= 0 && lrDecay <= 1)) throw new IllegalArgumentException("DualConfig.lrDecay must be in [0, 1], got " + lrDecay);
        if (histogramBins != 0 && histogramBins < 2)
            throw new IllegalArgumentException("DualConfig.histogramBins must be 0 (no histogram branch) or >= 2, got " + histogramBins);
        if (klMemory < 0) throw new IllegalArgumentException("DualConfig.klMemory must be >= 0 (0: batch-only KL), got " + klMemory);
    }

    private static void positive(String name, int v) {
        if (v < 1) throw new IllegalArgumentException("DualConfig." + name + " must be positive, got " + v);
    }

    /** The full model: 32^3 patches, U-Nets of depth 3 and base 32, K = 16, the paper's optimizer and λ. */
    public static DualConfig defaults() {
        return new DualConfig(32, 3, 32, 16, 16, 64, 32, 64, 0.2f, 4, 1, 1, 0.1, 1e-3, 1e-6f, 1e-4, 0.9, 0.999, 1e-8, 1e-6, 1.0,
                500, Augment.WEDGE_PRESERVING, 8, 0, 0, 8 * 16);
    }

    /** A small model for 2-core CPUs: 32^3 patches, widths divided by 4, batch 2, 50 steps per epoch. */
    public static DualConfig quick() {
        return new DualConfig(32, 3, 8, 16, 4, 16, 8, 16, 0.2f, 2, 1, 1, 0.1, 1e-3, 1e-6f, 1e-4, 0.9, 0.999, 1e-8, 1e-6, 1.0,
                50, Augment.WEDGE_PRESERVING, 8, 0, 0, 8 * 16);
    }

    /** This configuration with another patch size (and the tile overlap clamped below it). */
    public DualConfig withPatchSize(int v) {
        return new DualConfig(v, unetDepth, unetBase, codeSize, encoderBase, decoderChannels, discBase, spectralHidden, leakySlope, batchSize,
                lambdaRec, lambdaAdv, lambdaKl, klEps, recEps, lr, beta1, beta2, adamEps, weightDecay, initGain, stepsPerEpoch, augment,
                Math.min(tileOverlap, v / 4), lrDecay, histogramBins, klMemory);
    }

    /** This configuration with another batch size. */
    public DualConfig withBatchSize(int v) {
        return new DualConfig(patchSize, unetDepth, unetBase, codeSize, encoderBase, decoderChannels, discBase, spectralHidden, leakySlope, v,
                lambdaRec, lambdaAdv, lambdaKl, klEps, recEps, lr, beta1, beta2, adamEps, weightDecay, initGain, stepsPerEpoch, augment,
                tileOverlap, lrDecay, histogramBins, klMemory);
    }

    /** This configuration with another number of steps per epoch. */
    public DualConfig withStepsPerEpoch(int v) {
        return new DualConfig(patchSize, unetDepth, unetBase, codeSize, encoderBase, decoderChannels, discBase, spectralHidden, leakySlope,
                batchSize, lambdaRec, lambdaAdv, lambdaKl, klEps, recEps, lr, beta1, beta2, adamEps, weightDecay, initGain, v, augment,
                tileOverlap, lrDecay, histogramBins, klMemory);
    }

    /** This configuration with another learning rate. */
    public DualConfig withLr(double v) {
        return new DualConfig(patchSize, unetDepth, unetBase, codeSize, encoderBase, decoderChannels, discBase, spectralHidden, leakySlope,
                batchSize, lambdaRec, lambdaAdv, lambdaKl, klEps, recEps, v, beta1, beta2, adamEps, weightDecay, initGain, stepsPerEpoch,
                augment, tileOverlap, lrDecay, histogramBins, klMemory);
    }

    /** This configuration with another augmentation. */
    public DualConfig withAugment(Augment v) {
        return new DualConfig(patchSize, unetDepth, unetBase, codeSize, encoderBase, decoderChannels, discBase, spectralHidden, leakySlope,
                batchSize, lambdaRec, lambdaAdv, lambdaKl, klEps, recEps, lr, beta1, beta2, adamEps, weightDecay, initGain, stepsPerEpoch, v,
                tileOverlap, lrDecay, histogramBins, klMemory);
    }

    /** This configuration with another inference tile overlap. */
    public DualConfig withTileOverlap(int v) {
        return new DualConfig(patchSize, unetDepth, unetBase, codeSize, encoderBase, decoderChannels, discBase, spectralHidden, leakySlope,
                batchSize, lambdaRec, lambdaAdv, lambdaKl, klEps, recEps, lr, beta1, beta2, adamEps, weightDecay, initGain, stepsPerEpoch,
                augment, v, lrDecay, histogramBins, klMemory);
    }

    /** This configuration with another learning-rate decay fraction. */
    public DualConfig withLrDecay(double v) {
        return new DualConfig(patchSize, unetDepth, unetBase, codeSize, encoderBase, decoderChannels, discBase, spectralHidden, leakySlope,
                batchSize, lambdaRec, lambdaAdv, lambdaKl, klEps, recEps, lr, beta1, beta2, adamEps, weightDecay, initGain, stepsPerEpoch,
                augment, tileOverlap, v, histogramBins, klMemory);
    }

    /** This configuration with another number of histogram-branch bins (0: the paper's two-branch discriminators). */
    public DualConfig withHistogramBins(int v) {
        return new DualConfig(patchSize, unetDepth, unetBase, codeSize, encoderBase, decoderChannels, discBase, spectralHidden, leakySlope,
                batchSize, lambdaRec, lambdaAdv, lambdaKl, klEps, recEps, lr, beta1, beta2, adamEps, weightDecay, initGain, stepsPerEpoch,
                augment, tileOverlap, lrDecay, v, klMemory);
    }

    /**
     * This configuration with {@link #defaults()}' network widths times {@code num / den}: the U-Net base, encoder,
     * decoder, PatchGAN and spectral-MLP widths (1/4 gives {@link #quick()}'s, 1/1 the defaults'); everything else kept.
     */
    public DualConfig withDefaultWidthsScaled(int num, int den) {
        if (num < 1 || den < 1) throw new IllegalArgumentException("DualConfig.withDefaultWidthsScaled: need num, den >= 1, got " + num + "/" + den);
        DualConfig d = defaults();
        int[] w = {d.unetBase * num / den, d.encoderBase * num / den, d.decoderChannels * num / den, d.discBase * num / den, d.spectralHidden * num / den};
        for (int v : w)
            if (v < 1) throw new IllegalArgumentException("DualConfig.withDefaultWidthsScaled: widths x " + num + "/" + den + " leave a layer with no channels");
        return new DualConfig(patchSize, unetDepth, w[0], codeSize, w[1], w[2], w[3], w[4], leakySlope, batchSize, lambdaRec, lambdaAdv, lambdaKl,
                klEps, recEps, lr, beta1, beta2, adamEps, weightDecay, initGain, stepsPerEpoch, augment, tileOverlap, lrDecay, histogramBins, klMemory);
    }

    /** This configuration with another KL weight λ3. */
    public DualConfig withLambdaKl(double v) {
        return new DualConfig(patchSize, unetDepth, unetBase, codeSize, encoderBase, decoderChannels, discBase, spectralHidden, leakySlope,
                batchSize, lambdaRec, lambdaAdv, v, klEps, recEps, lr, beta1, beta2, adamEps, weightDecay, initGain, stepsPerEpoch,
                augment, tileOverlap, lrDecay, histogramBins, klMemory);
    }

    /** This configuration with another KL memory size in patches (0: the KL over the batch alone). */
    public DualConfig withKlMemory(int v) {
        return new DualConfig(patchSize, unetDepth, unetBase, codeSize, encoderBase, decoderChannels, discBase, spectralHidden, leakySlope,
                batchSize, lambdaRec, lambdaAdv, lambdaKl, klEps, recEps, lr, beta1, beta2, adamEps, weightDecay, initGain, stepsPerEpoch,
                augment, tileOverlap, lrDecay, histogramBins, v);
    }

    /** The configuration as ordered text key/value pairs (doubles in their exact shortest form). */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("patchSize", Integer.toString(patchSize));
        m.put("unetDepth", Integer.toString(unetDepth));
        m.put("unetBase", Integer.toString(unetBase));
        m.put("codeSize", Integer.toString(codeSize));
        m.put("encoderBase", Integer.toString(encoderBase));
        m.put("decoderChannels", Integer.toString(decoderChannels));
        m.put("discBase", Integer.toString(discBase));
        m.put("spectralHidden", Integer.toString(spectralHidden));
        m.put("leakySlope", Float.toString(leakySlope));
        m.put("batchSize", Integer.toString(batchSize));
        m.put("lambdaRec", Double.toString(lambdaRec));
        m.put("lambdaAdv", Double.toString(lambdaAdv));
        m.put("lambdaKl", Double.toString(lambdaKl));
        m.put("klEps", Double.toString(klEps));
        m.put("recEps", Float.toString(recEps));
        m.put("lr", Double.toString(lr));
        m.put("beta1", Double.toString(beta1));
        m.put("beta2", Double.toString(beta2));
        m.put("adamEps", Double.toString(adamEps));
        m.put("weightDecay", Double.toString(weightDecay));
        m.put("initGain", Double.toString(initGain));
        m.put("stepsPerEpoch", Integer.toString(stepsPerEpoch));
        m.put("augment", augment.name());
        m.put("tileOverlap", Integer.toString(tileOverlap));
        m.put("lrDecay", Double.toString(lrDecay));
        m.put("histogramBins", Integer.toString(histogramBins));
        m.put("klMemory", Integer.toString(klMemory));
        return m;
    }

    /**
     * Reads {@link #toMap()}'s keys; every key is required except {@code lrDecay}, {@code histogramBins} and
     * {@code klMemory} (0 when absent: model directories written before they existed were trained at a constant rate,
     * without the branch, with the batch-only KL).
     *
     * @param source names the origin in error messages (e.g. a file)
     * @throws IllegalArgumentException naming the source and the key that is missing or malformed
     */
    public static DualConfig fromMap(Map<String, String> m, String source) {
        Reader r = new Reader(m, source);
        return new DualConfig(r.i("patchSize"), r.i("unetDepth"), r.i("unetBase"), r.i("codeSize"), r.i("encoderBase"), r.i("decoderChannels"),
                r.i("discBase"), r.i("spectralHidden"), (float) r.d("leakySlope"), r.i("batchSize"), r.d("lambdaRec"), r.d("lambdaAdv"),
                r.d("lambdaKl"), r.d("klEps"), (float) r.d("recEps"), r.d("lr"), r.d("beta1"), r.d("beta2"), r.d("adamEps"), r.d("weightDecay"),
                r.d("initGain"), r.i("stepsPerEpoch"), r.augment("augment"), r.i("tileOverlap"),
                m.containsKey("lrDecay") ? r.d("lrDecay") : 0, m.containsKey("histogramBins") ? r.i("histogramBins") : 0,
                m.containsKey("klMemory") ? r.i("klMemory") : 0);
    }

    private record Reader(Map<String, String> m, String source) {
        String s(String k) {
            String v = m.get(k);
            if (v == null) throw new IllegalArgumentException(source + ": missing DUAL config key '" + k + "'");
            return v.trim();
        }

        int i(String k) {
            try {
                return Integer.parseInt(s(k));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ": DUAL config key '" + k + "' = '" + s(k) + "' is not an integer");
            }
        }

        double d(String k) {
            try {
                return Double.parseDouble(s(k));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ": DUAL config key '" + k + "' = '" + s(k) + "' is not a number");
            }
        }

        Augment augment(String k) {
            try {
                return Augment.valueOf(s(k));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": DUAL config key '" + k + "' = '" + s(k) + "' is not one of "
                        + java.util.Arrays.toString(Augment.values()));
            }
        }
    }
}
