package org.cryograd.nn.optim;

/**
 * Cosine annealing without restarts ({@code torch.optim.lr_scheduler.CosineAnnealingLR}), in closed form:
 * {@code etaMin + (baseLr - etaMin) * (1 + cos(pi * step / tMax)) / 2}. Past {@code tMax} the cosine continues
 * (the rate climbs back towards {@code baseLr} over the next {@code tMax} steps), as PyTorch's does. PyTorch
 * evaluates the same curve recursively; the two agree to rounding (checked to 1e-12 relative to {@code baseLr}).
 *
 * @param baseLr learning rate at step 0
 * @param tMax   steps from {@code baseLr} down to {@code etaMin}, >= 1
 * @param etaMin lowest learning rate, reached at step {@code tMax}
 */
public record CosineLr(double baseLr, long tMax, double etaMin) implements LrSchedule {
    /** Validates the parameters. */
    public CosineLr {
        Params.checkNonNegative("CosineLr", "baseLr", baseLr);
        Params.checkNonNegative("CosineLr", "etaMin", etaMin);
        if (tMax < 1) throw new IllegalArgumentException("CosineLr: tMax must be >= 1, got " + tMax);
    }

    @Override
    public double lr(long step) {
        LrSchedule.checkStep(step);
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * step / tMax)) / 2;
    }
}
