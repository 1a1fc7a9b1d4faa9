package org.cryograd.tensor.cpu;

/**
 * Row standardisation on the CPU, the fused form of {@link org.cryograd.tensor.spi.ComposedOps}: three passes over a
 * row forward (mean, biased variance about it, scale) and two backward, sums in double, one thread per row, so the
 * result does not depend on the thread count.
 */
final class CpuNorm {
    private CpuNorm() {}

    static void standardizeRows(float[] x, int rows, int n, float eps, float[] y, float[] invStd) {
        Parallel.forRange(rows, Math.max(1, CpuBackend.GRAIN / Math.max(1, n)), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int o = r * n;
                double s = 0;
                for (int i = 0; i < n; i++) s += x[o + i];
                float mean = (float) (s / n);
                double v = 0;
                for (int i = 0; i < n; i++) {
                    float d = x[o + i] - mean;
                    v += d * d;
                }
                float inv = (float) (1 / Math.sqrt((float) (v / n) + eps));
                invStd[r] = inv;
                for (int i = 0; i < n; i++) y[o + i] = (x[o + i] - mean) * inv;
            }
        });
    }

    static void standardizeRowsBackward(float[] gy, float[] y, float[] invStd, int rows, int n, float[] gx) {
        Parallel.forRange(rows, Math.max(1, CpuBackend.GRAIN / Math.max(1, n)), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int o = r * n;
                double sg = 0, sgy = 0;
                for (int i = 0; i < n; i++) {
                    sg += gy[o + i];
                    sgy += gy[o + i] * y[o + i];
                }
                float a = (float) (sg / n), b = (float) (sgy / n), inv = invStd[r];
                for (int i = 0; i < n; i++) gx[o + i] = (gy[o + i] - a - y[o + i] * b) * inv;
            }
        });
    }
}
