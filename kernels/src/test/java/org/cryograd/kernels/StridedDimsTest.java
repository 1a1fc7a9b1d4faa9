package org.cryograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Host-side view arithmetic of the strided kernels: collapsing, packing into Dims8, splitting ranks above 8. */
class StridedDimsTest {
    private static long[] offsets(int[] shape, long[] s, long i) {
        long o = 0;
        for (int d = shape.length - 1; d >= 0; d--) {
            o += (i % shape[d]) * s[d];
            i /= shape[d];
        }
        return new long[] {o};
    }

    /** Every linear index gives the same two offsets before and after collapsing. */
    private static void assertSameOffsets(int[] shape, long[] s0, long[] s1, StridedDims c) {
        long n = 1;
        for (int v : shape) n *= v;
        assertEquals(n, c.numel(), "element count of " + c);
        for (long i = 0; i < n; i++) {
            assertEquals(offsets(shape, s0, i)[0], offsets(c.shape, c.s0, i)[0], "operand 0, index " + i + ", " + c);
            assertEquals(offsets(shape, s1, i)[0], offsets(c.shape, c.s1, i)[0], "operand 1, index " + i + ", " + c);
        }
    }

    @Test
    void contiguousAndBroadcastLayoutsCollapseToOneDim() {
        StridedDims c = StridedDims.collapse(new int[] {2, 3, 4}, new long[] {12, 4, 1}, new long[] {12, 4, 1});
        assertArrayEquals(new int[] {24}, c.shape);
        assertTrue(c.flat());
        StridedDims scalar = StridedDims.collapse(new int[] {2, 3, 4}, new long[] {12, 4, 1}, new long[] {0, 0, 0});
        assertArrayEquals(new int[] {24}, scalar.shape);
        assertArrayEquals(new long[] {0}, scalar.s1);
        assertTrue(scalar.flat());
        StridedDims rank0 = StridedDims.collapse(new int[0], new long[0], new long[0]);
        assertArrayEquals(new int[] {1}, rank0.shape);
        assertEquals(1, rank0.numel());
    }

    @Test
    void rowBroadcastKeepsTwoDimsAndSizeOneDimsDisappear() {
        int[] shape = {5, 1, 7};
        long[] a = {7, 7, 1}, b = {0, 0, 1};
        StridedDims c = StridedDims.collapse(shape, a, b);
        assertArrayEquals(new int[] {5, 7}, c.shape);
        assertFalse(c.flat());
        assertSameOffsets(shape, a, b, c);
    }

    @Test
    void permutationsFlipsAndZeroSizes() {
        int[] shape = {3, 4, 5};
        long[] permuted = {1, 15, 3}, flipped = {20, 5, -1}, contiguous = {20, 5, 1};
        assertSameOffsets(shape, permuted, contiguous, StridedDims.collapse(shape, permuted, contiguous));
        StridedDims f = StridedDims.collapse(shape, flipped, contiguous);
        assertArrayEquals(new int[] {12, 5}, f.shape, "the two leading dims still merge");
        assertSameOffsets(shape, flipped, contiguous, f);
        assertEquals(0, StridedDims.collapse(new int[] {3, 0, 2}, new long[] {0, 2, 1}, new long[] {0, 2, 1}).numel());
    }

    @Test
    void randomLayoutsKeepTheirOffsets() {
        Random rnd = new Random(9);
        for (int t = 0; t < 300; t++) {
            int r = rnd.nextInt(6);
            int[] shape = new int[r];
            long[] s0 = new long[r], s1 = new long[r];
            for (int d = 0; d < r; d++) {
                shape[d] = 1 + rnd.nextInt(4);
                s0[d] = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(25) - 12;
                s1[d] = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(25) - 12;
            }
            assertSameOffsets(shape, s0, s1, StridedDims.collapse(shape, s0, s1));
        }
    }

    @Test
    void packMatchesTheDims8Layout() {
        StridedDims d = new StridedDims(new int[] {3, 5}, new long[] {-5, 1}, new long[] {0, 7});
        byte[] p = d.pack();
        assertEquals(168, p.length);
        assertEquals(StridedDims.BYTES, p.length);
        ByteBuffer bb = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(-5, bb.getLong(0));
        assertEquals(1, bb.getLong(8));
        assertEquals(0, bb.getLong(16), "unused strides are zero");
        assertEquals(0, bb.getLong(64));
        assertEquals(7, bb.getLong(72));
        assertEquals(3, bb.getInt(128));
        assertEquals(5, bb.getInt(132));
        assertEquals(1, bb.getInt(136), "unused sizes are one");
        assertEquals(2, bb.getInt(160), "rank");
    }

    @Test
    void ranksAboveEightSplitIntoLeadingLaunches() {
        int r = 10;
        int[] shape = new int[r];
        long[] s0 = new long[r], s1 = new long[r];
        for (int d = 0; d < r; d++) {
            shape[d] = 2;
            s0[d] = (d % 2 == 0 ? 1 : -1) * (1L << (2 * (r - 1 - d))); // never mergeable
            s1[d] = 1L << (r - 1 - d);
        }
        StridedDims c = StridedDims.collapse(shape, s0, s1);
        assertEquals(10, c.rank());
        assertThrows(IllegalStateException.class, c::pack);
        StridedDims t = c.trailing();
        assertEquals(8, t.rank());
        long[][] lead = c.leading();
        assertEquals(4, lead.length);
        long inner = t.numel();
        for (int k = 0; k < lead.length; k++) {
            for (long j = 0; j < inner; j++) {
                long i = k * inner + j;
                assertEquals(offsets(shape, s0, i)[0], lead[k][0] + offsets(t.shape, t.s0, j)[0]);
                assertEquals(offsets(shape, s1, i)[0], lead[k][1] + offsets(t.shape, t.s1, j)[0]);
            }
        }
        assertArrayEquals(new long[] {0, 0}, StridedDims.collapse(new int[] {4}, new long[] {1}, new long[] {1}).leading()[0]);
    }

    @Test
    void hugeCountsUseSixtyFourBitIndices() {
        StridedDims big = StridedDims.collapse(new int[] {1 << 16, 1 << 16}, new long[] {1 << 16, 1}, new long[] {0, 1});
        assertFalse(big.fitsInt());
        assertEquals("binary_1_strided64", CudaElementwise.binaryKernel(0, big));
        assertEquals("copy_strided_1_i64", CudaCopy.copyKernel(0, big));
        assertThrows(IllegalArgumentException.class, () -> CudaCopy.copyKernel(2, big));
    }
}
