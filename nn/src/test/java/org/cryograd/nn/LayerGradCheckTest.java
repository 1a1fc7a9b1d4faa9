package org.cryograd.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.cryograd.tensor.GradCheck;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.PadMode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Central finite differences ({@link GradCheck}, float32 forward, double accumulation) for the gradients of every
 * layer's input and parameters, and of every loss's arguments, at small sizes.
 */
class LayerGradCheckTest {
    private static Tensor randn(long seed, int... shape) {
        return Tensor.randn(new Rng(seed), shape);
    }

    /** Checks d/d(input and every parameter) of {@code m.forward(x)}. */
    static void checkModule(String name, Module m, Tensor x) {
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(x.requiresGrad());
        inputs.addAll(m.parameters());
        GradCheck.Result r = GradCheck.check(in -> m.forward(in[0]), inputs.toArray(new Tensor[0]));
        assertTrue(r.ok(), name + ": " + r.worst() + " (max error " + r.maxAbsError() + ")");
    }

    record ModuleCase(String name, Supplier<Module> module, int[] shape, boolean train) {}

    @TestFactory
    Stream<DynamicTest> layers() {
        Rng rng = new Rng(4);
        List<ModuleCase> cases = List.of(
                new ModuleCase("Linear", () -> new Linear(rng, 4, 3), new int[] {2, 4}, true),
                new ModuleCase("Conv1d circular stride 2 groups 2",
                        () -> new Conv1d(rng, 2, 4, new int[] {3}, new int[] {2}, new int[] {1}, 2, true, PadMode.CIRCULAR), new int[] {2, 2, 7}, true),
                new ModuleCase("Conv2d", () -> new Conv2d(rng, 2, 3, new int[] {3, 2}, new int[] {1}, new int[] {1, 0}, 1, true, PadMode.ZERO),
                        new int[] {1, 2, 4, 5}, true),
                new ModuleCase("Conv3d circular", () -> new Conv3d(rng, 2, 2, new int[] {3}, new int[] {1}, new int[] {1}, 1, true, PadMode.CIRCULAR),
                        new int[] {1, 2, 3, 3, 4}, true),
                new ModuleCase("Conv3d stride 2 no bias", () -> new Conv3d(rng, 2, 2, new int[] {2}, new int[] {2}, new int[] {0}, 1, false, PadMode.ZERO),
                        new int[] {1, 2, 4, 4, 2}, true),
                new ModuleCase("ConvTranspose3d", () -> new ConvTranspose3d(rng, 2, 2, new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, 1, true),
                        new int[] {1, 2, 2, 2, 3}, true),
                new ModuleCase("GroupNorm", () -> new GroupNorm(2, 4), new int[] {2, 4, 3, 2}, true),
                new ModuleCase("InstanceNorm3d affine", () -> new InstanceNorm3d(2, true), new int[] {2, 2, 2, 3, 2}, true),
                new ModuleCase("InstanceNorm3d", () -> new InstanceNorm3d(2), new int[] {1, 2, 3, 2, 2}, true),
                new ModuleCase("BatchNorm2d train", () -> new BatchNorm(2, 3), new int[] {2, 3, 2, 3}, true),
                new ModuleCase("BatchNorm1d train", () -> new BatchNorm(1, 3), new int[] {5, 3}, true),
                new ModuleCase("BatchNorm3d eval", () -> new BatchNorm(3, 2), new int[] {2, 2, 2, 2, 2}, false),
                new ModuleCase("ReLU", ReLU::new, new int[] {3, 5}, true),
                new ModuleCase("LeakyReLU", () -> new LeakyReLU(0.2f), new int[] {3, 5}, true),
                new ModuleCase("Sine w0=3", () -> new Sine(3f), new int[] {3, 5}, true),
                new ModuleCase("Tanh", Tanh::new, new int[] {3, 5}, true),
                new ModuleCase("Sigmoid", Sigmoid::new, new int[] {3, 5}, true),
                new ModuleCase("Dropout eval", () -> new Dropout(0.5f, new Rng(1)), new int[] {3, 5}, false),
                new ModuleCase("Sequential conv-gn-lrelu-conv", () -> new Sequential(new Conv3d(rng, 1, 2, 3, 1, 1), new GroupNorm(1, 2),
                        new LeakyReLU(0.2f), new Conv3d(rng, 2, 1, 1)), new int[] {1, 1, 3, 3, 2}, true));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Module m = c.module().get();
            m.train(c.train());
            // keep inputs away from the kinks of ReLU-like activations: FD across a kink is not a derivative
            Tensor x = randn(c.name().hashCode(), c.shape());
            if (c.name().contains("ReLU")) x = Tensor.of(awayFromZero(x.toArray(), 0.05f), c.shape());
            checkModule(c.name(), m, x);
        }));
    }

    private static float[] awayFromZero(float[] v, float margin) {
        for (int i = 0; i < v.length; i++) if (Math.abs(v[i]) < margin) v[i] = v[i] < 0 ? -2 * margin : 2 * margin;
        return v;
    }

    record LossCase(String name, Function<Tensor[], Tensor> f, Tensor a, Tensor b) {}

    @TestFactory
    Stream<DynamicTest> losses() {
        Tensor a = randn(1, 2, 3, 4);
        Tensor noisy = a.add(randn(2, 2, 3, 4).mul(0.7f));
        Tensor probs = Tensor.rand(new Rng(3), 2, 3, 4);
        Tensor shifted = a.add(Tensor.of(awayFromZero(randn(5, 2, 3, 4).toArray(), 0.05f), 2, 3, 4));
        List<LossCase> cases = List.of(
                new LossCase("mse", in -> Losses.mse(in[0], in[1]), a, noisy),
                new LossCase("l1", in -> Losses.l1(in[0], in[1]), a, shifted),
                new LossCase("bceWithLogits", in -> Losses.bceWithLogits(in[0], in[1]), a.mul(2f), probs),
                new LossCase("pearson", in -> Losses.pearson(in[0], in[1]), a, noisy),
                new LossCase("pearson axes", in -> Losses.pearson(in[0], in[1], 0, 2), a, noisy),
                new LossCase("pearsonPerSample", in -> Losses.pearsonPerSample(in[0], in[1]), a, noisy),
                new LossCase("dualReconstruction", in -> Losses.dualReconstruction(in[0], in[1]), a, noisy),
                new LossCase("dualReconstruction eps", in -> Losses.dualReconstruction(in[0], in[1], 1e-3f), a, noisy),
                new LossCase("dualReconstructionPerSample", in -> Losses.dualReconstructionPerSample(in[0], in[1]), a, noisy));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Tensor x = Tensor.of(c.a().toArray(), c.a().dims()).requiresGrad();
            Tensor y = Tensor.of(c.b().toArray(), c.b().dims()).requiresGrad();
            GradCheck.Result r = GradCheck.check(c.f(), x, y);
            assertTrue(r.ok(), c.name() + ": " + r.worst() + " (max error " + r.maxAbsError() + ")");
        }));
    }
}
