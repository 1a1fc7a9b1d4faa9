package org.cryograd.tensor.cpu;

/** Naive direct loops (correct, slow): the first landing; the tiled, parallel kernel replaces it in the next commit. */
public final class CpuGemm {
    private CpuGemm() {}

    public static void sgemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                    float[] a, int aOff, int lda, long strideA, float[] b, int bOff, int ldb, long strideB,
                                    float beta, float[] c, int cOff, int ldc, long strideC) {
        for (int t = 0; t < batch; t++) {
            int ao = (int) (aOff + t * strideA), bo = (int) (bOff + t * strideB), co = (int) (cOff + t * strideC);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++)
                        s += a[ao + (transA ? p * lda + i : i * lda + p)] * b[bo + (transB ? j * ldb + p : p * ldb + j)];
                    c[co + i * ldc + j] = (float) (alpha * s + (beta == 0 ? 0 : beta * c[co + i * ldc + j]));
                }
        }
    }
}
