package org.cryograd.tensor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.tensor.spi.PadMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input throws, and the message names the op and the shapes involved. */
class BadInputTest {
    private static void fails(Class<? extends Throwable> type, Executable e, String... mustContain) {
        Throwable t = assertThrows(type, e);
        for (String s : mustContain)
            assertTrue(t.getMessage().contains(s), "message '" + t.getMessage() + "' lacks '" + s + "'");
    }

    @Test
    void broadcastMismatchNamesOpAndShapes() {
        fails(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(4, 3)), "add", "[2, 3]", "[4, 3]");
        fails(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).mul(Tensor.zeros(2)), "mul", "[2, 3]", "[2]");
    }

    @Test
    void matmulInnerSizes() {
        fails(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)), "matmul", "[2, 3]", "[4, 5]");
        fails(IllegalArgumentException.class, () -> Tensor.scalar(1).matmul(Tensor.zeros(4, 5)), "matmul", "rank");
    }

    @Test
    void wrongRanksForConvolutionAndPooling() {
        fails(IllegalArgumentException.class, () -> F.conv3d(Tensor.zeros(1, 4, 4, 4), Tensor.zeros(2, 1, 3, 3, 3), null, 1, 1),
                "conv3d", "[1, 4, 4, 4]", "rank 5");
        fails(IllegalArgumentException.class, () -> F.conv2d(Tensor.zeros(1, 3, 5, 5), Tensor.zeros(2, 2, 3, 3), null, 1, 1),
                "conv2d", "[1, 3, 5, 5]", "[2, 2, 3, 3]");
        fails(IllegalArgumentException.class, () -> F.maxPool3d(Tensor.zeros(1, 4, 4), 2), "maxPool3d", "[1, 4, 4]");
        fails(IllegalArgumentException.class, () -> F.conv1d(Tensor.zeros(1, 1, 2), Tensor.zeros(1, 1, 5), null, 1, 0), "kernel");
    }

    @Test
    void negativeAndInconsistentSizes() {
        fails(IllegalArgumentException.class, () -> Tensor.zeros(2, -1), "negative", "[2, -1]");
        fails(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3), "5 values", "[2, 3]");
        fails(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, 2), "reshape", "[2, 3]", "[4, 2]");
        fails(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(-1, -1), "reshape", "-1");
        fails(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).sum(new int[] {2}, false), "sum", "axis 2", "[2, 3]");
        fails(IllegalArgumentException.class, () -> F.pad(Tensor.zeros(1, 2, 3), PadMode.CIRCULAR, 4, 0), "circular", "size 3");
        fails(IllegalArgumentException.class, () -> Tensor.cat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4)), "cat", "[2, 3]", "[2, 4]");
        fails(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).permute(0, 0), "permute", "[2, 3]");
    }

    @Test
    void backwardOnNonScalarNeedsAGradient() {
        Tensor x = Tensor.zeros(2, 3).requiresGrad(true);
        Tensor y = x.mul(2f);
        fails(IllegalArgumentException.class, y::backward, "backward", "[2, 3]", "not a scalar");
        fails(IllegalArgumentException.class, () -> y.backward(Tensor.zeros(3, 2)), "backward", "[3, 2]", "[2, 3]");
        fails(IllegalStateException.class, () -> Tensor.zeros(1).sum().backward(), "backward", "does not require grad");
    }

    @Test
    void closedTensorCannotBeUsed() {
        Tensor x = Tensor.zeros(2, 3);
        x.close();
        fails(IllegalStateException.class, () -> x.add(Tensor.zeros(2, 3)), "add", "[2, 3]", "closed");
        fails(IllegalStateException.class, x::toArray, "toArray", "closed");
    }

    @Test
    void indexOutOfRangeNamesTheIndex() {
        fails(IllegalArgumentException.class, () -> F.gather(Tensor.zeros(2, 3), 1, Tensor.of(new float[] {0, 3}, 2, 1)), "gather", "3.0", "[0, 3)");
        fails(IllegalArgumentException.class, () -> F.gather(Tensor.zeros(2, 3), 1, Tensor.zeros(3)), "gather", "[3]", "[2, 3]");
    }

    @Test
    void inPlaceUpdateOfAParameterNeedsGradDisabled() {
        Tensor w = Tensor.zeros(2).requiresGrad(true);
        fails(IllegalStateException.class, () -> w.addInPlace(Tensor.ones(2), 1f), "addInPlace", "[2]", "Grad.disabled");
    }
}
