package org.cryograd.io;

/**
 * IEEE 754 binary16 ("half", MRC mode 12) conversion. Java 17 has no {@code Float.float16ToFloat}, so the bit
 * manipulation lives here. Narrowing rounds to nearest, ties to even, overflows to infinity and keeps NaN payload
 * bits, exactly as numpy's {@code astype(np.float16)} (checked bit for bit against numpy in the tests).
 */
final class Half {
    private Half() {}

    /** The float value of the binary16 bit pattern in the low 16 bits of {@code h}. Exact. */
    static float toFloat(int h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0) {
            // Zero or subnormal: mant * 2^-24, exact in float.
            float v = Math.scalb((float) mant, -24);
            return sign != 0 ? -v : v;
        }
        if (exp == 31) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** The binary16 bit pattern (in the low 16 bits) nearest to {@code f}, ties to even. */
    static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int e = (bits >>> 23) & 0xff;
        int m = bits & 0x7fffff;
        if (e == 0xff) {
            if (m == 0) return (short) (sign | 0x7c00);
            int payload = m >>> 13;
            return (short) (sign | 0x7c00 | (payload == 0 ? 1 : payload)); // keep it a NaN
        }
        if (e >= 143) return (short) (sign | 0x7c00);                // |f| >= 65536: infinity
        if (e <= 112) {                                               // half subnormal or zero
            if (e < 102) return (short) sign;                         // |f| < 2^-25 rounds to zero
            int sig = 0x800000 | m;
            int shift = 126 - e;                                      // 14..24
            return (short) (sign | roundShift(sig, shift));           // may carry into the smallest normal
        }
        int combined = ((e - 112) << 10) | (m >>> 13);
        int rest = m & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (combined & 1) == 1)) combined++; // carry may reach infinity
        return (short) (sign | combined);
    }

    private static int roundShift(int value, int shift) {
        int q = value >>> shift;
        int r = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (r > half || (r == half && (q & 1) == 1)) q++;
        return q;
    }
}
