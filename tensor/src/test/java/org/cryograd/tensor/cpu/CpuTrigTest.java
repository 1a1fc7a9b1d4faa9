package org.cryograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The polynomial sine/cosine against {@link Math#sin}/{@link Math#cos} (double precision) as the reference. */
class CpuTrigTest {
    /** Error in units of the float ulp of the correctly rounded result (at least the ulp of 2^-24 near zero). */
    private static double ulps(float got, double want) {
        double ulp = Math.max(Math.ulp((float) want), Math.ulp(0x1p-24f));
        return Math.abs(got - want) / ulp;
    }

    /**
     * Within 2 ulp for |x| <= 40 (SIREN's arguments); over the whole polynomial range the absolute error stays under
     * 1e-7 (near the zeros of large arguments the ulp count grows, as for any float-reduced sine).
     */
    @Test
    void accurateOverTheReducedRange() {
        Random r = new Random(5);
        double worstUlp = 0, worstAbs = 0;
        for (int i = 0; i < 2_000_000; i++) {
            boolean wide = i % 2 == 0;
            float x = (r.nextFloat() * 2 - 1) * (wide ? 8192f : 40f);
            float s = CpuTrig.sin(x), c = CpuTrig.cos(x);
            worstAbs = Math.max(worstAbs, Math.max(Math.abs(s - Math.sin(x)), Math.abs(c - Math.cos(x))));
            if (!wide) worstUlp = Math.max(worstUlp, Math.max(ulps(s, Math.sin(x)), ulps(c, Math.cos(x))));
        }
        assertTrue(worstUlp <= 2, "worst error for |x| <= 40: " + worstUlp + " ulp");
        assertTrue(worstAbs <= 1e-7, "worst absolute error for |x| <= 8192: " + worstAbs);
    }

    @Test
    void specialValuesAndSymmetry() {
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(CpuTrig.sin(-0f)), "sin(-0) = -0");
        assertEquals(1f, CpuTrig.cos(0f));
        assertTrue(Float.isNaN(CpuTrig.sin(Float.NaN)) && Float.isNaN(CpuTrig.cos(Float.POSITIVE_INFINITY)));
        // beyond the polynomial range: the Math fallback
        assertEquals((float) Math.sin(1e6f), CpuTrig.sin(1e6f));
        assertEquals((float) Math.cos(-3e20f), CpuTrig.cos(-3e20f));
        Random r = new Random(6);
        for (int i = 0; i < 10_000; i++) {
            float x = r.nextFloat() * 100f;
            assertEquals(-CpuTrig.sin(x), CpuTrig.sin(-x));
            assertEquals(CpuTrig.cos(x), CpuTrig.cos(-x));
        }
    }
}
