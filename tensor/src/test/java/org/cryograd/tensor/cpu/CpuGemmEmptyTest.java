package org.cryograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A product over an empty inner dimension is all zeros (as in PyTorch), not a leading-dimension error. */
class CpuGemmEmptyTest {
    @Test
    void emptyInnerDimensionGivesZeros() {
        try (Tensor a = Tensor.zeros(3, 0); Tensor b = Tensor.zeros(0, 4); Tensor c = a.matmul(b)) {
            assertArrayEquals(new int[] {3, 4}, c.dims());
            assertArrayEquals(new float[12], c.toArray());
        }
        try (Tensor a = Tensor.zeros(2, 3, 0); Tensor b = Tensor.zeros(2, 0, 5); Tensor c = a.matmul(b)) {
            assertArrayEquals(new float[30], c.toArray());
        }
    }
}
