package org.cryograd.nn.optim;

/**
 * CycleGAN's "linear" learning-rate policy (Zhu et al. 2017, the {@code lambda_rule} of their {@code get_scheduler}),
 * counted in steps: {@code baseLr} for the first {@code totalSteps - decaySteps} steps, then falling by
 * {@code baseLr / (decaySteps + 1)} per step, so the last step of the run ({@code totalSteps - 1}) uses
 * {@code baseLr / (decaySteps + 1)}; it stays there after. Equals {@code torch.optim.lr_scheduler.LambdaLR} with
 * {@code lambda k: 1 - max(0, k + 1 - (totalSteps - decaySteps)) / (decaySteps + 1)}. GAN training oscillates at a
 * constant rate; the decay lets the run settle.
 *
 * @param baseLr     learning rate of the constant phase
 * @param totalSteps steps of the whole run, >= 1
 * @param decaySteps steps at the end of the run over which the rate falls, in [0, totalSteps] (0: constant)
 */
public record LinearDecayLr(double baseLr, long totalSteps, long decaySteps) implements LrSchedule {
    /** Validates the parameters. */
    public LinearDecayLr {
        Params.checkNonNegative("LinearDecayLr", "baseLr", baseLr);
        if (totalSteps < 1) throw new IllegalArgumentException("LinearDecayLr: totalSteps must be >= 1, got " + totalSteps);
        if (decaySteps < 0 || decaySteps > totalSteps)
            throw new IllegalArgumentException("LinearDecayLr: decaySteps must be in [0, totalSteps = " + totalSteps + "], got " + decaySteps);
    }

    /** The schedule that decays over the last {@code fraction} of {@code totalSteps} (rounded to whole steps). */
    public static LinearDecayLr ofFraction(double baseLr, long totalSteps, double fraction) {
        if (!(fraction >= 0 && fraction <= 1))
            throw new IllegalArgumentException("LinearDecayLr: fraction must be in [0, 1], got " + fraction);
        return new LinearDecayLr(baseLr, totalSteps, Math.round(fraction * totalSteps));
    }

    @Override
    public double lr(long step) {
        LrSchedule.checkStep(step);
        long into = Math.min(step, totalSteps - 1) + 1 - (totalSteps - decaySteps);
        return into <= 0 ? baseLr : baseLr * (1.0 - (double) into / (decaySteps + 1));
    }
}
