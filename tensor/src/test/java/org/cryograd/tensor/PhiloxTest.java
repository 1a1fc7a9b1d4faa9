package org.cryograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Philox 4x32-10 against the Random123 known-answer vectors, the properties of the derived streams, and on every test
 * device the same streams as the CPU's bit for bit.
 */
class PhiloxTest {
    private static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
        int[] out = new int[4];
        Philox.block(c0, c1, c2, c3, k0, k1, out);
        return out;
    }

    @Test
    void knownAnswerVectors() {
        // Random123 kat_vectors, philox4x32 with 10 rounds
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, block(0, 0, 0, 0, 0, 0));
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, block(-1, -1, -1, -1, -1, -1));
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    @Test
    void streamIsIndependentOfHowItIsCut() {
        float[] whole = new float[1001];
        Philox.fill(true, 42, 5, whole, 0, whole.length);
        float[] parts = new float[1001];
        Philox.fill(true, 42, 5, parts, 0, 333);
        Philox.fill(true, 42, 5, parts, 333, 1001);
        assertArrayEquals(whole, parts);
    }

    @OnEachDevice
    void deviceStreamsEqualTheCpuBitForBit(Device d) {
        TestDevices.use(d);
        long[][] cases = {{0, 0, 1}, {42, 5, 1001}, {-1L, 0xFFFF_FFFEL, 37}, {0x0123_4567_89AB_CDEFL, Long.MAX_VALUE - 2, 19}, {7, 1L << 40, 100_003}};
        for (long[] c : cases) {
            int n = (int) c[2];
            float[] uniform = new float[n], normal = new float[n];
            Philox.fill(false, c[0], c[1], uniform, 0, n);
            Philox.fill(true, c[0], c[1], normal, 0, n);
            String what = " stream seed " + c[0] + " counter " + c[1] + " n " + n + " on " + d;
            assertTrue(Arrays.equals(uniform, Tensor.rand(d, new Rng(c[0], c[1]), n).toArray()), "uniform" + what);
            assertTrue(Arrays.equals(normal, Tensor.randn(d, new Rng(c[0], c[1]), n).toArray()), "normal" + what);
        }
    }

    @OnEachDevice
    void rngDrawsAdvanceTheCounterAndReplay(Device d) {
        TestDevices.use(d);
        Rng a = new Rng(9);
        float[] first = Tensor.randn(d, a, 7).toArray();
        float[] second = Tensor.randn(d, a, 7).toArray();
        assertEquals(4, a.counter(), "two draws of 7 use 2 blocks each");
        assertNotEquals(Arrays.toString(first), Arrays.toString(second));
        Rng b = new Rng(9, 2);
        assertArrayEquals(second, Tensor.randn(d, b, 7).toArray(), "resuming at the saved counter replays the stream");
    }

    @OnEachDevice
    void distributionsHaveTheRightMoments(Device d) {
        TestDevices.use(d);
        float[] n = Tensor.randn(d, new Rng(1), 200_000).toArray();
        float[] u = Tensor.rand(d, new Rng(2), 200_000).toArray();
        double mn = 0, vn = 0, mu = 0, minU = 1, maxU = 0;
        for (float v : n) mn += v;
        mn /= n.length;
        for (float v : n) vn += (v - mn) * (v - mn);
        vn /= n.length;
        for (float v : u) {
            mu += v;
            minU = Math.min(minU, v);
            maxU = Math.max(maxU, v);
        }
        mu /= u.length;
        assertEquals(0, mn, 0.01);
        assertEquals(1, vn, 0.01);
        assertEquals(0.5, mu, 0.005);
        assertTrue(minU >= 0 && maxU < 1);
    }

    @OnEachDevice
    void randintAndPermutation(Device d) {
        TestDevices.use(d);
        float[] r = Tensor.randint(d, new Rng(4), -3, 5, 10_000).toArray();
        int[] hist = new int[8];
        for (float v : r) {
            assertEquals(Math.rint(v), v, 0.0);
            hist[(int) v + 3]++;
        }
        for (int h : hist) assertTrue(h > 1000 && h < 1500, "randint histogram " + Arrays.toString(hist));
        float[] p = Tensor.permutation(d, new Rng(5), 1000).toArray();
        float[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) assertEquals(i, sorted[i]);
        assertNotEquals(0f, p[0] + p[1] * 1000 - 1000, "a permutation of 1000 should not start 0, 1");
        assertArrayEquals(p, Tensor.permutation(d, new Rng(5), 1000).toArray(), "seeded permutations repeat");
    }
}
