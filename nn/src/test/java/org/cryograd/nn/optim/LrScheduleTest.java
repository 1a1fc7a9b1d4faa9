package org.cryograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Schedules against torch.optim.lr_scheduler (StepLR, CosineAnnealingLR, LambdaLR with CycleGAN's linear rule) and an independent numpy closed form of the
 * authors' log-linear schedule, 50 values each ({@code make_optim_fixtures.py}). PyTorch evaluates StepLR and
 * CosineAnnealingLR recursively, we in closed form, so they agree to rounding: 1e-12 relative to the base rate.
 */
class LrScheduleTest {
    private static MlpProblem prob;

    @BeforeAll
    static void load() throws Exception {
        prob = MlpProblem.load();
    }

    @AfterAll
    static void close() {
        prob.close();
    }

    private double m(String key) {
        return Double.parseDouble(prob.meta().get(key));
    }

    private void check(String name, LrSchedule s, double base) throws Exception {
        double[] expected = prob.doubles(name);
        assertEquals(MlpProblem.STEPS, expected.length);
        for (int k = 0; k < expected.length; k++)
            assertEquals(expected[k], s.lr(k), 1e-12 * base, name + " at step " + k);
    }

    @Test
    void stepLrMatchesTorch() throws Exception {
        check("sched.step", new StepLr(m("sched.step.base"), (long) m("sched.step.step_size"), m("sched.step.gamma")), m("sched.step.base"));
    }

    @Test
    void cosineMatchesTorchPastTMax() throws Exception {
        // T_max 20 over 50 steps: down, back up, down again
        check("sched.cosine", new CosineLr(m("sched.cosine.base"), (long) m("sched.cosine.t_max"), m("sched.cosine.eta_min")), m("sched.cosine.base"));
    }

    @Test
    void cosineToZeroMatchesTorch() throws Exception {
        check("sched.cosine0", new CosineLr(m("sched.cosine0.base"), (long) m("sched.cosine0.t_max"), m("sched.cosine0.eta_min")), m("sched.cosine0.base"));
    }

    @Test
    void logLinearMatchesNumpyClosedForm() throws Exception {
        check("sched.loglinear", LogLinearLr.of(m("sched.loglinear.base"), (long) m("sched.loglinear.total")), m("sched.loglinear.base"));
        LogLinearLr s2 = new LogLinearLr(m("sched.loglinear2.base"), (long) m("sched.loglinear2.total"), m("sched.loglinear2.fraction"),
                m("sched.loglinear2.factor"));
        check("sched.loglinear2", s2, s2.baseLr());
    }

    @Test
    void linearDecayMatchesTorchLambdaLrWithCycleGansRule() throws Exception {
        check("sched.linear", new LinearDecayLr(m("sched.linear.base"), (long) m("sched.linear.total"), (long) m("sched.linear.decay")),
                m("sched.linear.base"));
        check("sched.linear_all", LinearDecayLr.ofFraction(m("sched.linear_all.base"), (long) m("sched.linear_all.total"), 1.0),
                m("sched.linear_all.base"));
    }

    /** Stated properties: constant, then down to base / (decay + 1) on the last step, held after the run; 0 = constant. */
    @Test
    void linearDecayShape() {
        LinearDecayLr s = LinearDecayLr.ofFraction(0.5, 1000, 0.25);
        assertEquals(250, s.decaySteps());
        assertEquals(0.5, s.lr(0));
        assertEquals(0.5, s.lr(749));
        assertEquals(0.5 * 250 / 251, s.lr(750), 1e-15);
        assertEquals(0.5 / 251, s.lr(999), 1e-15);
        assertEquals(0.5 / 251, s.lr(5000), 1e-15);
        LinearDecayLr none = new LinearDecayLr(0.5, 10, 0);
        for (long k = 0; k < 20; k++) assertEquals(0.5, none.lr(k));
    }

    /** Stated properties: constant until floor(fraction * total), then base * factor from total on. */
    @Test
    void logLinearShape() {
        LogLinearLr s = LogLinearLr.of(1e-3, 2000);
        assertEquals(1000, s.decayStart());
        assertEquals(1e-3, s.lr(0));
        assertEquals(1e-3, s.lr(999));
        assertEquals(1e-3, s.lr(1000));
        assertEquals(1e-4, s.lr(2000), 1e-18);
        assertEquals(1e-4, s.lr(5000), 1e-18);
        assertEquals(Math.sqrt(1e-3 * 1e-4), s.lr(1500), 1e-16); // halfway through the decay: the geometric mean
    }

    @Test
    void applyToSetsTheOptimizersRate() {
        Tensor p = Tensor.zeros(2).requiresGrad();
        Optimizer opt = new SGD(List.of(p), 1.0);
        assertEquals(0.025, new StepLr(0.1, 2, 0.5).applyTo(opt, 5));
        assertEquals(0.025, opt.learningRate());
        assertEquals(0.7, LrSchedule.constant(0.7).applyTo(opt, 3));
        assertEquals(0.7, opt.learningRate());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new StepLr(0.1, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new CosineLr(0.1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LogLinearLr(0.1, 10, 1.0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new LogLinearLr(0.1, 10, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new CosineLr(0.1, 10, 0).lr(-1));
        assertThrows(IllegalArgumentException.class, () -> new StepLr(-0.1, 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new LinearDecayLr(0.1, 10, 11));
        assertThrows(IllegalArgumentException.class, () -> new LinearDecayLr(0.1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> LinearDecayLr.ofFraction(0.1, 10, 1.5));
    }
}
