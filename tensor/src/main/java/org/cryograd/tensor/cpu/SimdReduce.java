package org.cryograd.tensor.cpu;

/**
 * The SIMD-order sums, loaded only through {@link CpuSimd} (the twin of the sequential loops in {@link CpuReduce}).
 * Floats are accumulated in double, as there.
 * <ul>
 *   <li>{@link #sum}: {@value #LANES} double partial sums, element {@code i} going to partial {@code i mod LANES}
 *       (whole groups of {@value #LANES} only), then the partials added in order, then the tail elements in order.
 *       The loop over a group is a plain array loop that C2 vectorises (float-to-double conversion and adds, 4 to 8
 *       lanes per instruction); it runs about 3x faster than the sequential twin. The order depends only on
 *       {@code n} (not on threads, not on the machine's vector width); the error bound is that of double
 *       accumulation with {@value #LANES} partial sums (better than sequential double summation, far better than
 *       float pairwise summation).</li>
 *   <li>{@link #addRow} (column sums): {@code acc[i] += x[i]} in double, which C2 vectorises; bit-identical to the
 *       twin.</li>
 * </ul>
 * Not written with {@code jdk.incubator.vector}: widening floats to doubles there needs either a second float
 * species next to {@link SimdGemm#SP} (which pollutes the Vector API's shared type profiles and slows the GEMM
 * micro-kernels badly) or {@code convertShape} with a part number (not intrinsified in JDK 17; measured at
 * 0.8 GB/s). The auto-vectorised loop is both correct and fast.
 */
final class SimdReduce implements CpuReduce.Kernel {
    /** Partial sums in {@link #sum}. */
    static final int LANES = 32;

    /** Public for reflective construction by {@link CpuSimd}. */
    public SimdReduce() {}

    @Override
    public double sum(float[] x, int off, int n) {
        double[] acc = new double[LANES];
        int i = 0;
        for (; i + LANES <= n; i += LANES) {
            for (int j = 0; j < LANES; j++) acc[j] += x[off + i + j];
        }
        double s = 0;
        for (int j = 0; j < LANES; j++) s += acc[j];
        for (; i < n; i++) s += x[off + i];
        return s;
    }

    @Override
    public void addRow(float[] x, int base, double[] acc, int len) {
        for (int i = 0; i < len; i++) acc[i] += x[base + i];
    }
}
