package org.cryograd.tensor.cpu;

import org.cryograd.tensor.PadMode;

/** Data movement kernels: strided copies (permute, slice, flip, expand, cat) and padding along one axis. */
final class CpuCopy {
    private CpuCopy() {}

    static void copyStrided(float[] src, long srcOffset, long[] ss, float[] dst, long dstOffset, long[] ds, int[] shape) {
        int r = shape.length;
        if (r == 0) {
            dst[(int) dstOffset] = src[(int) srcOffset];
            return;
        }
        long total = 1;
        for (int d : shape) total *= d;
        if (total == 0) return;
        int inner = shape[r - 1];
        long sIn = ss[r - 1], dIn = ds[r - 1];
        int rows = CpuBackend.toInt(total / inner, "row count");
        int grain = Math.max(1, CpuBackend.GRAIN / Math.max(1, inner));
        Parallel.forRange(rows, grain, (lo, hi) -> {
            int[] idx = new int[r];
            // decompose the first row of the range into coordinates of dims 0..r-2
            long rem = lo;
            for (int d = r - 2; d >= 0; d--) {
                idx[d] = (int) (rem % shape[d]);
                rem /= shape[d];
            }
            for (int row = lo; row < hi; row++) {
                long so = srcOffset, dOff = dstOffset;
                for (int d = 0; d < r - 1; d++) {
                    so += idx[d] * ss[d];
                    dOff += idx[d] * ds[d];
                }
                int s0 = (int) so, d0 = (int) dOff;
                if (sIn == 1 && dIn == 1) {
                    System.arraycopy(src, s0, dst, d0, inner);
                } else if (sIn == 0) {
                    float v = src[s0];
                    for (int i = 0, dp = d0; i < inner; i++, dp += (int) dIn) dst[dp] = v;
                } else {
                    int si = (int) sIn, di = (int) dIn;
                    for (int i = 0, sp = s0, dp = d0; i < inner; i++, sp += si, dp += di) dst[dp] = src[sp];
                }
                for (int d = r - 2; d >= 0; d--) {
                    if (++idx[d] < shape[d]) break;
                    idx[d] = 0;
                }
            }
        });
    }

    static void padAxis(PadMode mode, float[] x, int outer, int n, int inner, int before, int after, float[] y) {
        int m = before + n + after;
        int rows = outer * m;
        Parallel.forRange(rows, Math.max(1, CpuBackend.GRAIN / Math.max(1, inner)), (lo, hi) -> {
            for (int row = lo; row < hi; row++) {
                int o = row / m, j = row % m;
                int s = j - before;
                int dst = row * inner;
                if (mode == PadMode.CIRCULAR) s = Math.floorMod(s, n);
                if (s < 0 || s >= n) java.util.Arrays.fill(y, dst, dst + inner, 0f);
                else System.arraycopy(x, (o * n + s) * inner, y, dst, inner);
            }
        });
    }

    static void padAxisBackward(PadMode mode, float[] gy, int outer, int n, int inner, int before, int after, float[] gx) {
        int m = before + n + after;
        int rows = outer * n;
        Parallel.forRange(rows, Math.max(1, CpuBackend.GRAIN / Math.max(1, inner)), (lo, hi) -> {
            for (int row = lo; row < hi; row++) {
                int o = row / n, s = row % n;
                int dst = row * inner;
                if (mode == PadMode.ZERO) {
                    System.arraycopy(gy, (o * m + s + before) * inner, gx, dst, inner);
                    continue;
                }
                java.util.Arrays.fill(gx, dst, dst + inner, 0f);
                // every padded row j with (j - before) mod n == s, in increasing j
                int j0 = Math.floorMod(s + before, n);
                for (int j = j0; j < m; j += n) {
                    int src = (o * m + j) * inner;
                    for (int i = 0; i < inner; i++) gx[dst + i] += gy[src + i];
                }
            }
        });
    }
}
