package org.cryograd.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Counting non-finite values over chunks: kinds, first flat index, summary. */
class NonFiniteTest {
    @Test
    void countsKindsAndTheFirstIndexAcrossChunks() {
        float[] a = {1, 2, 3, 4}, b = {5, Float.NEGATIVE_INFINITY, Float.NaN, 0}, c = {Float.POSITIVE_INFINITY, Float.NaN};
        NonFinite n = new NonFinite().add(a, 0, 4).add(b, 0, 4).add(c, 1, 2); // c from index 1: only the NaN
        assertTrue(n.any());
        assertEquals(3, n.count());
        assertEquals(2, n.nan());
        assertEquals(1, n.negInf());
        assertEquals(0, n.posInf());
        assertEquals(5, n.firstIndex());
        assertEquals(Float.NEGATIVE_INFINITY, n.firstValue());
        assertEquals(9, n.seen());
        assertEquals("3 non-finite values (2 NaN, 1 -Inf) of 9", n.summary());
    }

    @Test
    void finiteData() {
        NonFinite n = NonFinite.of(Tensor.of(new float[] {Float.MAX_VALUE, -Float.MAX_VALUE, 0}, 3));
        assertFalse(n.any());
        assertEquals(-1, n.firstIndex());
        assertEquals("no non-finite values of 3", n.summary());
        assertEquals("1 non-finite value (1 +Inf) of 1", NonFinite.of(new float[] {Float.POSITIVE_INFINITY}).summary());
    }

    @Test
    void aTensorLargerThanOneReadChunk() {
        float[] a = new float[(1 << 20) + 5];
        a[(1 << 20) + 2] = Float.NaN;
        NonFinite n = NonFinite.of(Tensor.of(a, a.length));
        assertEquals(1, n.count());
        assertEquals((1 << 20) + 2, n.firstIndex());
        assertEquals(a.length, n.seen());
    }
}
