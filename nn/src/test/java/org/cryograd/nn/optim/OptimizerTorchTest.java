package org.cryograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SGD, Adam and AdamW (plain, momentum, Nesterov, weight decay, AMSGrad, clipping, a scheduled LR) against
 * torch.optim trajectories over 50 steps ({@code make_optim_fixtures.py}, float64 in torch).
 * <p>Tolerance: 1e-5 relative to the largest parameter magnitude at every step. Java runs in float32; the script
 * measures torch's own float32-vs-float64 drift on the same runs at under 1e-6, so 1e-5 leaves a margin of ten
 * while still catching any wrong rule (a missing bias correction or dampening, wrong eps placement, weight decay
 * coupled instead of decoupled, the first-step momentum buffer, the amsgrad max) by orders of magnitude.
 */
class OptimizerTorchTest {
    private static final double TOL = 1e-5;
    private static MlpProblem prob;

    @BeforeAll
    static void load() throws Exception {
        prob = MlpProblem.load();
    }

    @AfterAll
    static void close() {
        prob.close();
    }

    static Stream<String> cases() throws Exception {
        try (MlpProblem p = MlpProblem.load()) {
            return p.cases().stream().toList().stream();
        }
    }

    @Test
    void fixtureHasAllCases() {
        assertEquals(12, prob.cases().size(), "cases " + prob.cases());
    }

    /** Java computes its own gradients with cryograd ops (closed loop), as torch did. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void closedLoopTrajectoryMatchesTorch(String c) throws Exception {
        run(c, false);
    }

    /** Java is fed torch's gradients (open loop): isolates the update rule from the loss. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void openLoopTrajectoryMatchesTorch(String c) throws Exception {
        run(c, true);
    }

    private void run(String c, boolean torchGrads) throws Exception {
        List<Tensor> params = prob.freshParams();
        Optimizer opt = prob.optimizer(c, params);
        LrSchedule sched = "loglinear".equals(prob.meta().get(c + ".schedule")) ? LogLinearLr.of(prob.option(c, "lr", 0), MlpProblem.STEPS) : null;
        double[] lrs = sched == null ? null : prob.doubles(c + ".lrs");
        double[] norms = prob.has(c, "clip_norm") ? prob.doubles(c + ".norms") : null;
        for (int k = 0; k < MlpProblem.STEPS; k++) {
            if (sched != null) {
                double lr = sched.applyTo(opt, k);
                assertEquals(lrs[k], lr, 1e-12 * lrs[k], c + " lr at step " + k);
            }
            opt.zeroGrad();
            float[] torchGrad = prob.row(c + ".grads", k);
            try (MemoryScope s = MemoryScope.open()) {
                if (torchGrads) {
                    List<Tensor> g = MlpProblem.split(torchGrad, false);
                    // d/dp sum(p * g) = g exactly
                    for (int i = 0; i < params.size(); i++) params.get(i).mul(g.get(i)).sum().backward();
                } else {
                    prob.loss(params, null).backward();
                }
            }
            if (k == 0) {
                double e = MlpProblem.relErr(torchGrad, MlpProblem.flattenGrads(params));
                assertTrue(e < TOL, c + ": gradient at the initial point differs from torch's by " + e);
            }
            if (norms != null) {
                double n = GradClip.clipNorm(params, prob.option(c, "clip_norm", 0));
                assertEquals(norms[k], n, TOL * norms[k], c + " total norm at step " + k);
            }
            if (prob.has(c, "clip_value")) GradClip.clipValue(params, prob.option(c, "clip_value", 0));
            opt.step();
            double e = MlpProblem.relErr(prob.row(c + ".traj", k), MlpProblem.flatten(params));
            assertTrue(e < TOL, c + (torchGrads ? " (torch gradients)" : "") + ": parameters after step " + (k + 1)
                    + " differ from torch's by " + e + " relative");
        }
        params.forEach(Tensor::close);
    }

    /** A wrong rule must fail the comparison: Adam's trajectory is far from AdamW's with the same settings. */
    @Test
    void comparisonDetectsAWrongRule() {
        List<Tensor> params = prob.freshParams();
        Optimizer wrong = new Adam(params, AdamOptions.adam(0.01).withWeightDecay(0.1)); // case "adamw" is decoupled
        for (int k = 0; k < MlpProblem.STEPS; k++) {
            wrong.zeroGrad();
            try (MemoryScope s = MemoryScope.open()) {
                prob.loss(params, null).backward();
            }
            wrong.step();
        }
        double e = MlpProblem.relErr(prob.row("adamw.traj", MlpProblem.STEPS - 1), MlpProblem.flatten(params));
        assertTrue(e > 100 * TOL, "coupled weight decay should not match AdamW's trajectory, error " + e);
    }
}
