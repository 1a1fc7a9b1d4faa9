package org.cryograd.fft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cryograd.tensor.testing.Cgfx;
import org.junit.jupiter.api.Test;

/** Shell indices against the numpy definition on the full grid (half layout = numpy's [..., :n/2+1]). */
class ShellsTest {
    @Test
    void shellIndicesMatchNumpy() {
        for (Cgfx.Case c : Fixtures.of("shells")) {
            int[] dims = c.ints("dims");
            assertArrayEquals(c.get("full").data(), Fixtures.toFloat(Shells.index(FourierLayout.FULL, dims)), c.id() + " full");
            assertArrayEquals(c.get("half").data(), Fixtures.toFloat(Shells.index(FourierLayout.HALF, dims)), c.id() + " half");
            assertArrayEquals(c.get("half").shape(), Shells.indexTensor(FourierLayout.HALF, dims).dims(), c.id() + " half shape");
        }
    }

    @Test
    void cubicShellsAreRoundedVoxelRadii() {
        // analytic: for a cubic grid the radius is |k| in voxels; (1, 1, 1) -> sqrt(3) = 1.73 -> shell 2, (0, 0, 3) -> 3
        int[] idx = Shells.index(FourierLayout.FULL, 8, 8, 8);
        assertEquals(2, idx[1 * 64 + 1 * 8 + 1]);
        assertEquals(3, idx[3]);
        assertEquals(4, Shells.nyquist(8, 9, 12));
        assertEquals(2.0 / (8 * 1.5), Shells.frequency(2, 1.5, 8, 9, 12), 1e-15);
    }
}
