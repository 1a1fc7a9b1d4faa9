package org.cryograd.tensor.cpu;

import org.cryograd.tensor.F;
import org.cryograd.tensor.Tensor;

/**
 * Run in a child JVM by {@link CpuSimdTest}: a small matmul and convolution through the public API, checked
 * against hand-computed values; prints the kernel choice and exits 0 when everything is right.
 * Usage: {@code KernelChoiceMain expectSimd(true|false)}.
 */
public final class KernelChoiceMain {
    private KernelChoiceMain() {}

    public static void main(String[] args) {
        boolean expectSimd = Boolean.parseBoolean(args[0]);
        // 70 x 40 times 40 x 50: large enough for the packed GEMM paths
        int m = 70, k = 40, n = 50;
        float[] a = new float[m * k], b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = (i % 7) - 3;
        for (int i = 0; i < b.length; i++) b[i] = (i % 5) - 2;
        float[] c = Tensor.of(a, m, k).matmul(Tensor.of(b, k, n)).toArray();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j]; // small integers: exact
                if (c[i * n + j] != s) fail("matmul at " + i + "," + j + ": " + c[i * n + j] + " != " + s);
            }
        }
        // 1-channel 3x3 box filter on a 6x6 ramp, padding 1
        float[] x = new float[36];
        for (int i = 0; i < 36; i++) x[i] = i;
        float[] w = new float[9];
        java.util.Arrays.fill(w, 1f);
        float[] y = F.conv2d(Tensor.of(x, 1, 1, 6, 6), Tensor.of(w, 1, 1, 3, 3), null, 1, 1).toArray();
        if (y[0] != 0 + 1 + 6 + 7) fail("conv corner " + y[0]);
        if (y[7] != 9 * 7) fail("conv interior " + y[7]);
        float[] u = Tensor.of(new float[] {1, -2, 3, -4}, 4).relu().mul(2f).toArray();
        if (u[0] != 2f || u[1] != 0f || u[2] != 6f || u[3] != 0f) fail("elementwise " + java.util.Arrays.toString(u));
        if (CpuSimd.ENABLED != expectSimd) fail("SIMD enabled = " + CpuSimd.ENABLED + ", expected " + expectSimd);
        System.out.println("OK " + CpuSimd.DESCRIPTION);
        System.exit(0);
    }

    private static void fail(String msg) {
        System.out.println("FAIL " + msg);
        System.exit(1);
    }
}
