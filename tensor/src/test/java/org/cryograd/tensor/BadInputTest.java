package org.cryograd.tensor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.tensor.PadMode;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input throws, and the message names the op and the shapes involved, on every test device. Shape errors are found
 * on the host before anything runs; an out-of-range gather index is found by the device, which on a GPU reports it at
 * the next read of device data (hence the {@code toArray()} in that case).
 */
class BadInputTest {
    private static void fails(Class<? extends Throwable> type, Executable e, String... mustContain) {
        Throwable t = assertThrows(type, e);
        for (String s : mustContain)
            assertTrue(t.getMessage().contains(s), "message '" + t.getMessage() + "' lacks '" + s + "'");
    }

    @OnEachDevice
    void broadcastMismatchNamesOpAndShapes(Device d) {
        TestDevices.use(d);
        fails(IllegalArgumentException.class, () -> Tensor.zeros(d, 2, 3).add(Tensor.zeros(d, 4, 3)), "add", "[2, 3]", "[4, 3]");
        fails(IllegalArgumentException.class, () -> Tensor.zeros(d, 2, 3).mul(Tensor.zeros(d, 2)), "mul", "[2, 3]", "[2]");
    }

    @OnEachDevice
    void matmulInnerSizes(Device d) {
        TestDevices.use(d);
        fails(IllegalArgumentException.class, () -> Tensor.zeros(d, 2, 3).matmul(Tensor.zeros(d, 4, 5)), "matmul", "[2, 3]", "[4, 5]");
        fails(IllegalArgumentException.class, () -> Tensor.of(d, new float[] {1}).matmul(Tensor.zeros(d, 4, 5)), "matmul", "rank");
    }

    @OnEachDevice
    void wrongRanksForConvolutionAndPooling(Device d) {
        TestDevices.use(d);
        fails(IllegalArgumentException.class, () -> F.conv3d(Tensor.zeros(d, 1, 4, 4, 4), Tensor.zeros(d, 2, 1, 3, 3, 3), null, 1, 1),
                "conv3d", "[1, 4, 4, 4]", "rank 5");
        fails(IllegalArgumentException.class, () -> F.conv2d(Tensor.zeros(d, 1, 3, 5, 5), Tensor.zeros(d, 2, 2, 3, 3), null, 1, 1),
                "conv2d", "[1, 3, 5, 5]", "[2, 2, 3, 3]");
        fails(IllegalArgumentException.class, () -> F.maxPool3d(Tensor.zeros(d, 1, 4, 4), 2), "maxPool3d", "[1, 4, 4]");
        fails(IllegalArgumentException.class, () -> F.conv1d(Tensor.zeros(d, 1, 1, 2), Tensor.zeros(d, 1, 1, 5), null, 1, 0), "kernel");
    }

    @OnEachDevice
    void negativeAndInconsistentSizes(Device d) {
        TestDevices.use(d);
        fails(IllegalArgumentException.class, () -> Tensor.zeros(d, 2, -1), "negative", "[2, -1]");
        fails(IllegalArgumentException.class, () -> Tensor.of(d, new float[5], 2, 3), "5 values", "[2, 3]");
        fails(IllegalArgumentException.class, () -> Tensor.zeros(d, 2, 3).reshape(4, 2), "reshape", "[2, 3]", "[4, 2]");
        fails(IllegalArgumentException.class, () -> Tensor.zeros(d, 2, 3).reshape(-1, -1), "reshape", "-1");
        fails(IllegalArgumentException.class, () -> Tensor.zeros(d, 2, 3).sum(new int[] {2}, false), "sum", "axis 2", "[2, 3]");
        fails(IllegalArgumentException.class, () -> F.pad(Tensor.zeros(d, 1, 2, 3), PadMode.CIRCULAR, 4, 0), "circular", "size 3");
        fails(IllegalArgumentException.class, () -> Tensor.cat(0, Tensor.zeros(d, 2, 3), Tensor.zeros(d, 2, 4)), "cat", "[2, 3]", "[2, 4]");
        fails(IllegalArgumentException.class, () -> Tensor.zeros(d, 2, 3).permute(0, 0), "permute", "[2, 3]");
    }

    @OnEachDevice
    void backwardOnNonScalarNeedsAGradient(Device d) {
        TestDevices.use(d);
        Tensor x = Tensor.zeros(d, 2, 3).requiresGrad(true);
        Tensor y = x.mul(2f);
        fails(IllegalArgumentException.class, y::backward, "backward", "[2, 3]", "not a scalar");
        fails(IllegalArgumentException.class, () -> y.backward(Tensor.zeros(d, 3, 2)), "backward", "[3, 2]", "[2, 3]");
        fails(IllegalStateException.class, () -> Tensor.zeros(d, 1).sum().backward(), "backward", "does not require grad");
    }

    @OnEachDevice
    void closedTensorCannotBeUsed(Device d) {
        TestDevices.use(d);
        Tensor x = Tensor.zeros(d, 2, 3);
        x.close();
        fails(IllegalStateException.class, () -> x.add(Tensor.zeros(d, 2, 3)), "add", "[2, 3]", "closed");
        fails(IllegalStateException.class, x::toArray, "toArray", "closed");
    }

    @OnEachDevice
    void indexOutOfRangeNamesTheIndex(Device d) {
        TestDevices.use(d);
        fails(IllegalArgumentException.class, () -> F.gather(Tensor.zeros(d, 2, 3), 1, Tensor.of(d, new float[] {0, 3}, 2, 1)).toArray(), "gather", "3.0",
                "[0, 3)");
        fails(IllegalArgumentException.class, () -> F.gather(Tensor.zeros(d, 2, 3), 1, Tensor.zeros(d, 3)), "gather", "[3]", "[2, 3]");
    }

    @OnEachDevice
    void inPlaceUpdateOfAParameterNeedsGradDisabled(Device d) {
        TestDevices.use(d);
        Tensor w = Tensor.zeros(d, 2).requiresGrad(true);
        fails(IllegalStateException.class, () -> w.addInPlace(Tensor.full(d, 1f, 2), 1f), "addInPlace", "[2]", "Grad.disabled");
    }
}
