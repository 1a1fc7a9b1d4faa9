package org.cryograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link Tensor#copyRowsFrom}: a write into rows along axis 0 that leaves the other rows alone. */
class CopyRowsTest {
    @OnEachDevice
    void writesTheRowsAndNothingElse(Device d) {
        TestDevices.use(d);
        float[] base = new float[4 * 2 * 3];
        for (int i = 0; i < base.length; i++) base[i] = i;
        try (Tensor dst = Tensor.of(d, base, 4, 2, 3); Tensor src = Tensor.of(d, new float[] {-1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12}, 2, 2, 3)) {
            assertSame(dst, dst.copyRowsFrom(1, src));
            float[] want = base.clone();
            for (int i = 0; i < 12; i++) want[6 + i] = -(i + 1); // rows 1 and 2 are rows 0 and 1 of src
            assertArrayEquals(want, dst.toArray());
            try (Tensor last = src.slice(0, 1, 2)) { // the last row, from a CPU source whatever the destination
                dst.copyRowsFrom(3, last.to(Device.cpu()));
            }
            for (int i = 0; i < 6; i++) want[18 + i] = -(7 + i);
            assertArrayEquals(want, dst.toArray());
        }
    }

    @Test
    void refusesRowsOutsideOrAnotherRowShape() {
        Tensor dst = Tensor.zeros(3, 2);
        assertThrows(IllegalArgumentException.class, () -> dst.copyRowsFrom(2, Tensor.zeros(2, 2)), "rows past the end");
        assertThrows(IllegalArgumentException.class, () -> dst.copyRowsFrom(-1, Tensor.zeros(1, 2)), "negative row");
        assertThrows(IllegalArgumentException.class, () -> dst.copyRowsFrom(0, Tensor.zeros(1, 3)), "another row shape");
        assertThrows(IllegalArgumentException.class, () -> dst.copyRowsFrom(0, Tensor.zeros(2)), "another rank");
        Tensor leaf = Tensor.zeros(3, 2).requiresGrad(true);
        assertThrows(IllegalStateException.class, () -> leaf.copyRowsFrom(0, Tensor.zeros(1, 2)), "a tensor in autograd");
    }
}
