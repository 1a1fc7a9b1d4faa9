package org.cryograd.polar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.nn.optim.DivergedException;
import org.cryograd.polar.model.PolarModelConfig;
import org.cryograd.polar.train.ModelFiles;
import org.cryograd.polar.train.ModelKind;
import org.cryograd.polar.train.PolarDenoise;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The tuning rule: every (learning rate, evaluation step) is scored on validation data and the best weights come back. */
class ValidatedTrainingTest {
    @Test
    void keepsTheBestValidationCandidateAndItsWeights() throws Exception {
        int n = 16, set = 4;
        List<Long> drawn = new ArrayList<>();
        ValidatedTraining.BatchSource src = seed -> {
            drawn.add(seed);
            Tensor clean = Tensor.randn(new Rng(seed), 2, set, n, n).mul(0.5f);
            Tensor noisy = clean.add(Tensor.randn(new Rng(seed + 99), 2, set, n, n));
            return new ValidatedTraining.Batch(noisy, clean);
        };
        Tensor vClean = Tensor.randn(new Rng(7), 8, n, n).mul(0.5f);
        ValidatedTraining.Validation val = new ValidatedTraining.Validation(vClean.add(Tensor.randn(new Rng(8), 8, n, n)), vClean, set);
        ValidatedTraining.Settings s = new ValidatedTraining.Settings(List.of(1e-2, 1e-4), 6, 2, 1.0);
        ValidatedTraining.Outcome o = ValidatedTraining.tune("dncnn", () -> ModelFiles.create(ModelKind.DNCNN, PolarModelConfig.small(n), 2, 4, new Rng(3)),
                s, src, val, 100, null, Device.cpu());
        assertEquals(2 * 3, o.tried().size(), o.tried().toString());
        double min = o.tried().stream().mapToDouble(ValidatedTraining.Choice::validationRelMse).min().orElseThrow();
        assertEquals(min, o.chosen().validationRelMse(), 0);
        // the returned weights are the chosen candidate's, not the last step's
        double again = PolarBenchmark.relMse(val.clean(), PolarDenoise.denoise(o.model(), val.noisy(), set, null));
        assertEquals(o.chosen().validationRelMse(), again, 1e-9 * again);
        // both learning rates see the same step data: seeds seed+1 .. seed+6 twice (plus the scale sample)
        List<Long> steps = drawn.subList(1, drawn.size());
        assertEquals(12, steps.size());
        assertEquals(steps.subList(0, 6), steps.subList(6, 12));
        assertTrue(steps.get(0) == 101L, steps.toString());
    }

    /** Pairs like the test above; the noisy images of the calls {@code nan} accepts (0 = the scale sample) are NaN. */
    private static ValidatedTraining.BatchSource poisoned(int n, int set, java.util.function.IntPredicate nan) {
        int[] calls = {0};
        return seed -> {
            Tensor clean = Tensor.randn(new Rng(seed), 2, set, n, n).mul(0.5f);
            Tensor noisy = clean.add(Tensor.randn(new Rng(seed + 99), 2, set, n, n));
            return new ValidatedTraining.Batch(nan.test(calls[0]++) ? noisy.mul(Float.NaN) : noisy, clean);
        };
    }

    @Test
    void aDivergingLearningRateKeepsWhatItScoredAndTheOthersGoOn() throws Exception {
        int n = 16, set = 4;
        Tensor vClean = Tensor.randn(new Rng(7), 8, n, n).mul(0.5f);
        ValidatedTraining.Validation val = new ValidatedTraining.Validation(vClean.add(Tensor.randn(new Rng(8), 8, n, n)), vClean, set);
        ValidatedTraining.Settings s = new ValidatedTraining.Settings(List.of(1e-2, 1e-4), 6, 2, 1.0);
        // calls: 0 = scale sample, 1.. = the first rate's steps; its 4th step's inputs are NaN, so it stops there and
        // calls 5.. are the second rate's steps
        ValidatedTraining.BatchSource src = poisoned(n, set, c -> c == 4);
        ValidatedTraining.Outcome o = ValidatedTraining.tune("dncnn", () -> ModelFiles.create(ModelKind.DNCNN, PolarModelConfig.small(n), 2, 4, new Rng(3)),
                s, src, val, 100, null, Device.cpu());
        assertEquals(List.of("0.01@2", "1.0E-4@2", "1.0E-4@4", "1.0E-4@6"),
                o.tried().stream().map(c -> c.learningRate() + "@" + c.steps()).toList());
        assertEquals(1, o.diverged().size(), o.diverged().toString());
        assertTrue(o.diverged().get(0).startsWith("lr=0.01: step 4: "), o.diverged().get(0));
        double min = o.tried().stream().mapToDouble(ValidatedTraining.Choice::validationRelMse).min().orElseThrow();
        assertEquals(min, o.chosen().validationRelMse(), 0);

        DivergedException e = assertThrows(DivergedException.class, () -> ValidatedTraining.tune("dncnn",
                () -> ModelFiles.create(ModelKind.DNCNN, PolarModelConfig.small(n), 2, 4, new Rng(3)), s, poisoned(n, set, c -> c >= 1), val, 100, null, Device.cpu()));
        assertTrue(e.getMessage().contains("every learning rate") && e.getMessage().contains("lr=1.0E-4"), e.getMessage());
    }
}
