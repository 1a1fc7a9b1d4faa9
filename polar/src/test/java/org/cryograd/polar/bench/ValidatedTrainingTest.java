package org.cryograd.polar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
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
}
