package org.cryograd.dual;

import java.util.List;
import org.cryograd.nn.optim.Divergence;
import org.cryograd.nn.optim.Optimizer;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * One DUAL training step: a generator update on eq. 3 then a discriminator update on eq. 6-7, using the fakes of the
 * same forward pass (detached). Forward passes (eq. 1-2): {@code t_f = Gs(v_r + P Gn(z))}, {@code v_f = Dn(t_r)},
 * {@code v̂_r = Dn(t_f)}, {@code t̂_r = Gs(v_f + Gn(E(t_r)))}. During the generator update the discriminators'
 * parameters are frozen (no weight gradients are computed for them). Every temporary lives in one
 * {@link MemoryScope}. The KL (eq. 9) runs over the batch's codes and the codes of the step's {@link KlMemory} of earlier
 * noisy patches ({@link DualConfig#klMemory()} of them), encoded again by the current encoder with gradient; {@link #run}
 * adds each batch's patches to the memory after its generator loss is checked.
 */
public final class DualStep {
    private final DualNetworks nets;
    private final Optimizer gOpt, dOpt;
    private final DualConfig cfg;
    private final KlMemory memory;

    /** @param gOpt optimizer of {@link DualNetworks#generatorParameters()}, @param dOpt of the discriminators' */
    public DualStep(DualNetworks nets, Optimizer gOpt, Optimizer dOpt) {
        this.nets = nets;
        this.gOpt = gOpt;
        this.dOpt = dOpt;
        this.cfg = nets.config();
        this.memory = new KlMemory(cfg.klMemory(), 1, cfg.patchSize(), cfg.patchSize(), cfg.patchSize());
    }

    /** The KL's memory of noisy patches (its {@link KlMemory#stateDict()} belongs in training checkpoints). */
    public KlMemory klMemory() {
        return memory;
    }

    /** The generator-side terms of eq. 3 for given patches and random draws, and the noise codes {@code E(t_r)}. */
    public record Terms(Tensor tf, Tensor vf, Tensor recV, Tensor recT, Tensor advG, Tensor kl, Tensor total, Tensor codes) {}

    /**
     * The forward pass and generator losses (no update), drawing {@code z} and the permutation from {@code rng}.
     *
     * @param tr noisy patches {@code [B, 1, p, p, p]}
     * @param vr clean patches {@code [B, 1, p, p, p]}
     */
    public Terms generatorTerms(Tensor tr, Tensor vr, Rng rng) {
        int b = tr.dim(0), p = cfg.patchSize();
        Tensor z = Tensor.randn(tr.device(), rng, b, cfg.codeSize());
        Tensor perm = VoxelPermutation.indices(tr.device(), rng, b, p * p * p);
        return generatorTerms(tr, vr, z, perm);
    }

    /**
     * The forward pass and generator losses for given codes {@code z} ({@code [B, K]}) and voxel permutations
     * {@code perm} ({@code [B, p^3]}, see {@link VoxelPermutation#apply(Tensor, Tensor)}). The KL encodes the
     * memory's patches as they are; nothing is added to it.
     */
    public Terms generatorTerms(Tensor tr, Tensor vr, Tensor z, Tensor perm) {
        Tensor noise = VoxelPermutation.apply(nets.noiseDecoder().forward(z), perm);
        Tensor tf = nets.generator().forward(vr.add(noise));
        Tensor vf = nets.denoiser().forward(tr);
        Tensor vhat = nets.denoiser().forward(tf);
        Tensor codes = nets.encoder().forward(tr);
        Tensor that = nets.generator().forward(vf.add(nets.noiseDecoder().forward(codes)));
        Tensor recV = DualLosses.reconstruction(vr, vhat, cfg.recEps());
        Tensor recT = DualLosses.reconstruction(tr, that, cfg.recEps());
        Tensor advG = DualLosses.generatorAdversarial(nets.noisyDiscriminator(), tf).add(DualLosses.generatorAdversarial(nets.cleanDiscriminator(), vf));
        Tensor kl = memory.capacity() == 0 ? DualLosses.kl(codes, cfg.klEps())
                : DualLosses.klWithMemory(codes, encodeMemory(tr.device(), codes.dim(0)), cfg.klEps());
        Tensor total = recV.add(recT).mul((float) cfg.lambdaRec()).add(advG.mul((float) cfg.lambdaAdv())).add(kl.mul((float) cfg.lambdaKl()));
        return new Terms(tf, vf, recV, recT, advG, kl, total, codes);
    }

    /**
     * The remembered patches' codes by the current encoder (null while the memory is empty): with gradient once memory
     * and batch hold K + 1 codes, without it before (the warm-up, whose KL {@link DualLosses#klWithMemory} detaches).
     */
    private Tensor encodeMemory(org.cryograd.tensor.Device device, int batch) {
        Tensor patches = memory.samples(device);
        if (patches == null) return null;
        if (patches.dim(0) + batch >= cfg.codeSize() + 1) return nets.encoder().forward(patches);
        try (Grad g = Grad.disabled()) {
            return nets.encoder().forward(patches);
        }
    }

    /** L^D_adv (eq. 6-7) for real patches and (detached) fakes. */
    public Tensor discriminatorLoss(Tensor tr, Tensor vr, Tensor tf, Tensor vf) {
        return DualLosses.discriminatorAdversarial(nets.noisyDiscriminator(), tr, tf.detach())
                .add(DualLosses.discriminatorAdversarial(nets.cleanDiscriminator(), vr, vf.detach()));
    }

    /**
     * Runs one generator and one discriminator update on the given patches.
     *
     * @throws org.cryograd.nn.optim.DivergedException if a loss term or gradient is NaN or infinite, before the update
     *                                                 that would use it (the step number is the trainer's to add)
     */
    public StepLosses run(Tensor tr, Tensor vr, Rng rng) {
        if (tr.rank() != 5 || !tr.shape().equals(vr.shape()) || tr.dim(0) < 2)
            throw new IllegalArgumentException("DualStep: noisy " + tr.shape() + " and clean " + vr.shape() + " patches must both be [B >= 2, 1, p, p, p]");
        List<Tensor> dParams = nets.discriminatorParameters();
        try (MemoryScope s = MemoryScope.open()) {
            gOpt.zeroGrad();
            dOpt.zeroGrad();
            Terms t;
            setTrainable(dParams, false);
            double recV, recT, advG, kl, total;
            try {
                t = generatorTerms(tr, vr, rng);
                // each term by name before the update uses it (the names are losses.csv's columns)
                recV = Divergence.checkLoss("rec_v", t.recV());
                recT = Divergence.checkLoss("rec_t", t.recT());
                advG = Divergence.checkLoss("adv_g", t.advG());
                kl = Divergence.checkLoss("kl", t.kl());
                total = Divergence.checkLoss("total_g", t.total());
                t.total().backward();
                Divergence.checkGradients(nets.namedParameters());
                memory.push(tr); // after the checks: a diverged step's patches never enter the memory
            } finally {
                setTrainable(dParams, true);
            }
            gOpt.step();
            Tensor advD = discriminatorLoss(tr, vr, t.tf(), t.vf());
            double advDValue = Divergence.checkLoss("adv_d", advD);
            advD.backward();
            Divergence.checkGradients(nets.namedParameters());
            dOpt.step();
            gOpt.zeroGrad();
            dOpt.zeroGrad();
            return new StepLosses(recV, recT, advG, kl, total, advDValue);
        }
    }

    private static void setTrainable(List<Tensor> params, boolean on) {
        for (Tensor p : params) p.requiresGrad(on);
    }
}
