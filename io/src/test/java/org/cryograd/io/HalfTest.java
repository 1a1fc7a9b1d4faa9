package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** float16 conversion against numpy's astype(np.float16) (table from make_io_fixtures.py) and exact widening. */
class HalfTest {
    @Test
    void narrowingMatchesNumpyBitForBit() throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(Fixtures.resource("mrc/half_in.u32"))).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.wrap(Files.readAllBytes(Fixtures.resource("mrc/half_out.u16"))).order(ByteOrder.LITTLE_ENDIAN);
        int n = in.remaining() / 4;
        assertEquals(n, out.remaining() / 2);
        assertTrue(n > 3000, "table has " + n + " entries");
        for (int i = 0; i < n; i++) {
            float f = Float.intBitsToFloat(in.getInt());
            int expected = out.getShort() & 0xffff;
            int actual = Half.fromFloat(f) & 0xffff;
            if (expected != actual)
                throw new AssertionError(String.format("float %s (0x%08x): numpy 0x%04x, Java 0x%04x", f, Float.floatToRawIntBits(f), expected, actual));
        }
    }

    /** Every finite or infinite half widens exactly: narrowing it again returns the same bits (value-preserving). */
    @Test
    void widenThenNarrowIsIdentityForAllHalves() {
        for (int h = 0; h < 65536; h++) {
            int exp = (h >>> 10) & 0x1f, mant = h & 0x3ff;
            float f = Half.toFloat(h);
            if (exp == 31 && mant != 0) {
                assertTrue(Float.isNaN(f), "NaN pattern " + h);
                assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(f))), "NaN stays NaN");
                continue;
            }
            assertEquals(h, Half.fromFloat(f) & 0xffff, "half 0x" + Integer.toHexString(h));
        }
    }

    /** Analytic values: 1 = 0x3c00, -2 = 0xc000, 65504 = 0x7bff, 2^-24 = 0x0001 (smallest subnormal). */
    @Test
    void knownPatterns() {
        assertEquals(1f, Half.toFloat(0x3c00));
        assertEquals(-2f, Half.toFloat(0xc000));
        assertEquals(65504f, Half.toFloat(0x7bff));
        assertEquals((float) Math.pow(2, -24), Half.toFloat(0x0001));
        assertEquals(Float.POSITIVE_INFINITY, Half.toFloat(0x7c00));
    }
}
