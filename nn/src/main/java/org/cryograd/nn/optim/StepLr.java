package org.cryograd.nn.optim;

/**
 * Step decay ({@code torch.optim.lr_scheduler.StepLR}): {@code baseLr * gamma^floor(step / stepSize)}.
 *
 * @param baseLr   learning rate of the first {@code stepSize} steps
 * @param stepSize steps between decays, >= 1
 * @param gamma    factor applied at each decay
 */
public record StepLr(double baseLr, long stepSize, double gamma) implements LrSchedule {
    /** Validates the parameters. */
    public StepLr {
        Params.checkNonNegative("StepLr", "baseLr", baseLr);
        Params.checkNonNegative("StepLr", "gamma", gamma);
        if (stepSize < 1) throw new IllegalArgumentException("StepLr: stepSize must be >= 1, got " + stepSize);
    }

    @Override
    public double lr(long step) {
        LrSchedule.checkStep(step);
        return baseLr * Math.pow(gamma, step / stepSize);
    }
}
