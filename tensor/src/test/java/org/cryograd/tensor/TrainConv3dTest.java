package org.cryograd.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cryograd.tensor.testing.Cgfx;

/**
 * A composed check: a two-layer 3-D conv net trained for 20 plain-SGD steps gives PyTorch's loss curve
 * and final weights from the same initial weights and data, on every test device.
 */
class TrainConv3dTest {
    @OnEachDevice
    void lossCurveMatchesPyTorch(Device d) {
        TestDevices.use(d);
        Cgfx.Case c = Cgfx.load(TrainConv3dTest.class, "/fixtures/train_conv3d.bin.gz", "tensor/src/test/python/make_fixtures.py").get(0);
        float lr = (float) c.real("lr");
        int steps = c.integer("steps");
        Tensor x = c.get("x").tensor(d), target = c.get("target").tensor(d);
        Tensor w1 = c.get("conv1.weight").tensor(d).requiresGrad(true), b1 = c.get("conv1.bias").tensor(d).requiresGrad(true);
        Tensor w2 = c.get("conv2.weight").tensor(d).requiresGrad(true), b2 = c.get("conv2.bias").tensor(d).requiresGrad(true);
        List<Tensor> params = List.of(w1, b1, w2, b2);
        float[] want = c.get("losses").data();
        assertEquals(steps, want.length);
        for (int step = 0; step < steps; step++) {
            try (MemoryScope s = MemoryScope.open()) {
                Tensor h = F.conv3d(x, w1, b1, 1, 1).tanh();
                Tensor loss = F.conv3d(h, w2, b2, 1, 1).sub(target).square().mean();
                float l = loss.item();
                assertEquals(want[step], l, 2e-5 * Math.abs(want[step]), "loss at step " + step);
                loss.backward();
                try (Grad g = Grad.disabled()) {
                    for (Tensor p : params) {
                        p.addInPlace(p.grad(), -lr);
                        p.zeroGrad();
                    }
                }
            }
        }
        String[] names = {"final.conv1.weight", "final.conv1.bias", "final.conv2.weight", "final.conv2.bias"};
        for (int i = 0; i < names.length; i++)
            TorchFixtureTest.assertClose(names[i], c.get(names[i]).data(), params.get(i).toArray(), 1e-4);
        assertTrue(want[steps - 1] < want[0], "the fixture's loss must decrease");
    }
}
