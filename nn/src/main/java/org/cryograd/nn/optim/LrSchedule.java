package org.cryograd.nn.optim;

/**
 * A learning rate as a pure function of the step (the number of optimizer steps already taken, from 0), so a
 * resumed run needs only its step count. {@code lr(k)} equals what a {@code torch.optim.lr_scheduler} reports via
 * {@code get_last_lr()} after {@code k} calls of {@code scheduler.step()}.
 * <pre>{@code
 * LrSchedule s = new CosineLr(1e-3, 10_000, 1e-5);
 * for (long k = 0; k < 10_000; k++) { s.applyTo(opt, k); ...; opt.step(); }
 * }</pre>
 */
@FunctionalInterface
public interface LrSchedule {
    /**
     * The learning rate for step {@code step}.
     *
     * @throws IllegalArgumentException if {@code step} is negative
     */
    double lr(long step);

    /** Sets {@code optimizer}'s learning rate for step {@code step} and returns it. */
    default double applyTo(Optimizer optimizer, long step) {
        double v = lr(step);
        optimizer.setLearningRate(v);
        return v;
    }

    /** A constant learning rate. */
    static LrSchedule constant(double lr) {
        Params.checkNonNegative("LrSchedule.constant", "lr", lr);
        return step -> {
            checkStep(step);
            return lr;
        };
    }

    /** Throws for a negative step. */
    static void checkStep(long step) {
        if (step < 0) throw new IllegalArgumentException("LrSchedule: step must be >= 0, got " + step);
    }
}
