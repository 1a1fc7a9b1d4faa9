package org.cryograd.nn.optim;

/**
 * The coordinate-network schedule (METHODS.md section 1, after the authors' {@code lr_log_schedule}): constant
 * {@code baseLr} until step {@code start = floor(decayStartFraction * totalSteps)}, then decaying log-linearly,
 * {@code baseLr * finalFactor^((step - start) / (totalSteps - start))}, which reaches
 * {@code baseLr * finalFactor} at {@code totalSteps} and stays there. With the defaults ({@link #of}: half the
 * steps constant, final factor 0.1) the last of {@code totalSteps} steps runs at slightly above {@code baseLr / 10},
 * exactly as in the authors' code.
 *
 * @param baseLr             learning rate of the constant phase
 * @param totalSteps         steps of the whole run, >= 1
 * @param decayStartFraction fraction of the steps before the decay starts, in [0, 1)
 * @param finalFactor        learning-rate factor reached at {@code totalSteps}, > 0
 */
public record LogLinearLr(double baseLr, long totalSteps, double decayStartFraction, double finalFactor) implements LrSchedule {
    /** Validates the parameters. */
    public LogLinearLr {
        Params.checkNonNegative("LogLinearLr", "baseLr", baseLr);
        if (totalSteps < 1) throw new IllegalArgumentException("LogLinearLr: totalSteps must be >= 1, got " + totalSteps);
        if (!(decayStartFraction >= 0 && decayStartFraction < 1))
            throw new IllegalArgumentException("LogLinearLr: decayStartFraction must be in [0, 1), got " + decayStartFraction);
        if (!(finalFactor > 0) || Double.isInfinite(finalFactor))
            throw new IllegalArgumentException("LogLinearLr: finalFactor must be positive and finite, got " + finalFactor);
    }

    /** Constant for the first half, then down to {@code baseLr / 10} at {@code totalSteps}. */
    public static LogLinearLr of(double baseLr, long totalSteps) {
        return new LogLinearLr(baseLr, totalSteps, 0.5, 0.1);
    }

    /** The first step of the decay. */
    public long decayStart() {
        return (long) Math.floor(decayStartFraction * totalSteps);
    }

    @Override
    public double lr(long step) {
        LrSchedule.checkStep(step);
        long start = decayStart();
        if (step < start) return baseLr;
        if (step >= totalSteps) return baseLr * finalFactor;
        double p = (double) (step - start) / (totalSteps - start);
        return baseLr * Math.pow(finalFactor, p);
    }
}
