package org.cryograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.cryograd.tensor.cpu.CpuBackend;
import org.cryograd.tensor.spi.Storage;

/** Comparison helpers of the kernel validators. */
final class Checks {
    /** One float ulp at 1. */
    static final float EPS = 0x1p-23f;
    static final CpuBackend CPU = CpuBackend.INSTANCE;

    private Checks() {}

    static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextFloat() * 2 - 1;
        return a;
    }

    static Storage cpu(float[] data) {
        return CPU.upload(data, 0, data.length);
    }

    static float[] cpuRead(Storage s) {
        float[] out = new float[(int) s.size()];
        CPU.download(s, 0, out, 0, out.length);
        return out;
    }

    /** Bit-for-bit equality (NaNs compare by their bits). */
    static void assertExact(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++)
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i]))
                fail(what + ": element " + i + " is " + actual[i] + ", expected exactly " + expected[i]);
    }

    /** |expected - actual| <= bound[i] for every element (NaN never passes). */
    static void assertWithin(String what, float[] expected, float[] actual, float[] bound) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            float d = Math.abs(expected[i] - actual[i]);
            if (!(d <= bound[i]))
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i] + " within " + bound[i]);
        }
    }

    /** |expected - actual| <= rel * (1 + |expected|) for every element. */
    static void assertClose(String what, float[] expected, float[] actual, float rel) {
        float[] bound = new float[expected.length];
        for (int i = 0; i < bound.length; i++) bound[i] = rel * (1 + Math.abs(expected[i]));
        assertWithin(what, expected, actual, bound);
    }

    static float[] abs(float[] a) {
        float[] r = new float[a.length];
        for (int i = 0; i < a.length; i++) r[i] = Math.abs(a[i]);
        return r;
    }
}
