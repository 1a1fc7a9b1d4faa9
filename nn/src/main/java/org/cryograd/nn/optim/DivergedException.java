package org.cryograd.nn.optim;

/**
 * A training run met a NaN or infinite loss term or gradient and stopped before the optimizer used it. The message
 * names the step (1-based, when known) and the loss term or parameter: {@code "step 17: loss term 'rec_v' is NaN"}.
 * Trainers throw it before their next checkpoint, so the last good checkpoint stays as it was.
 */
public final class DivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final long step;
    private final String term;
    private final String problem;

    /**
     * @param step    1-based training step, or -1 when the caller does not know it ({@link #atStep} adds it)
     * @param term    the loss term, or {@code "gradient of 'NAME'"}
     * @param problem what is wrong with it, e.g. {@code "is NaN"}
     */
    public DivergedException(long step, String term, String problem) {
        super((step >= 0 ? "step " + step + ": " : "") + term + " " + problem);
        this.step = step;
        this.term = term;
        this.problem = problem;
    }

    /** The same failure at a known 1-based step. */
    public DivergedException atStep(long step) {
        return atStep(step, null);
    }

    /** The same failure at a known 1-based step, with {@code note} (what the trainer did about it) appended after "; ". */
    public DivergedException atStep(long step, String note) {
        DivergedException e = new DivergedException(step, term, note == null ? problem : problem + "; " + note);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** What is wrong with the term, e.g. {@code "is NaN"}. */
    public String problem() {
        return problem;
    }

    /** The 1-based step, or -1 when unknown. */
    public long step() {
        return step;
    }

    /** The loss term ({@code "loss term 'kl'"}) or gradient ({@code "gradient of 'net.0.weight'"}) that went non-finite. */
    public String term() {
        return term;
    }
}
