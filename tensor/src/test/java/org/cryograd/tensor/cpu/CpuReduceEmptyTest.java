package org.cryograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.cryograd.tensor.spi.ReduceOp;
import org.junit.jupiter.api.Test;

/** Reducing an empty axis gives each op's identity without reading the (empty) input, for any inner size. */
class CpuReduceEmptyTest {
    @Test
    void emptyAxisGivesTheIdentity() {
        for (int inner : new int[] {1, 3}) {
            float[] y = new float[2 * inner];
            CpuReduce.reduce(ReduceOp.MAX, new float[0], 2, 0, inner, y);
            assertArrayEquals(filled(2 * inner, Float.NEGATIVE_INFINITY), y, "max, inner " + inner);
            CpuReduce.reduce(ReduceOp.MIN, new float[0], 2, 0, inner, y);
            assertArrayEquals(filled(2 * inner, Float.POSITIVE_INFINITY), y, "min, inner " + inner);
            CpuReduce.reduce(ReduceOp.SUM, new float[0], 2, 0, inner, y);
            assertArrayEquals(filled(2 * inner, 0f), y, "sum, inner " + inner);
        }
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
