package org.cryograd.tensor;

import java.util.Arrays;

/** Matrix products: {@code torch.matmul} semantics over one batched-GEMM primitive. */
final class Linalg {
    private Linalg() {}

    static Tensor matmul(Tensor a, Tensor b) {
        Elementwise.sameDevice("matmul", a, b);
        if (a.rank() == 0 || b.rank() == 0)
            throw new IllegalArgumentException("matmul: operands must have rank >= 1, got " + a.shape() + " and " + b.shape());
        if (a.rank() == 1 && b.rank() == 1) {
            Tensor r = matmul(a.unsqueeze(0), b.unsqueeze(1));
            return r.reshape();
        }
        if (a.rank() == 1) return matmul(a.unsqueeze(0), b).squeeze(-2);
        if (b.rank() == 1) return matmul(a, b.unsqueeze(1)).squeeze(-1);
        int m = a.dim(-2), k = a.dim(-1), k2 = b.dim(-2), n = b.dim(-1);
        if (k != k2)
            throw new IllegalArgumentException("matmul: inner sizes differ: " + a.shape() + " @ " + b.shape());
        Shape ab = Shape.of(Arrays.copyOf(a.dims(), a.rank() - 2)), bb = Shape.of(Arrays.copyOf(b.dims(), b.rank() - 2));
        Shape batch = Shape.broadcast("matmul", ab, bb);
        int bn = batch.numelInt();
        // each operand is either full batch or a single shared matrix; anything else is materialised by expand
        Tensor a3 = ab.numel() == bn || ab.numel() == 1 ? a : Shapes.expand(a, withMatrix(batch, m, k));
        Tensor b3 = bb.numel() == bn || bb.numel() == 1 ? b : Shapes.expand(b, withMatrix(batch, k, n));
        Tensor out = bmm(a3, b3, bn, m, n, k);
        int[] od = Arrays.copyOf(batch.dims(), batch.rank() + 2);
        od[batch.rank()] = m;
        od[batch.rank() + 1] = n;
        return out.reshape(od);
    }

    private static Shape withMatrix(Shape batch, int r, int c) {
        int[] d = Arrays.copyOf(batch.dims(), batch.rank() + 2);
        d[batch.rank()] = r;
        d[batch.rank() + 1] = c;
        return Shape.of(d);
    }

    /** {@code [B or 1, m, k] @ [B or 1, k, n] -> [B, m, n]} (leading dims flattened). */
    private static Tensor bmm(Tensor a, Tensor b, int batch, int m, int n, int k) {
        boolean aShared = a.numel() == (long) m * k && batch > 1, bShared = b.numel() == (long) k * n && batch > 1;
        Tensor out = Tensor.empty(a.device(), Shape.of(batch, m, n));
        long sa = aShared ? 0 : (long) m * k, sb = bShared ? 0 : (long) k * n;
        if (bShared && !aShared) {
            // [B*m, k] @ [k, n]: one large GEMM
            a.backend().gemm(1, false, false, batch * m, n, k, a.storage("matmul"), 0, 0, b.storage("matmul"), 0, 0,
                    out.storage("matmul"), 0, 0, false);
        } else {
            a.backend().gemm(batch, false, false, m, n, k, a.storage("matmul"), 0, sa, b.storage("matmul"), 0, sb,
                    out.storage("matmul"), 0, (long) m * n, false);
        }
        return Autograd.record("matmul", out, g -> {
            Tensor ga = null, gb = null;
            if (a.needsGrad()) {
                ga = Tensor.empty(a.device(), a.shape());
                if (!aShared) {
                    if (bShared) a.backend().gemm(1, false, true, batch * m, k, n, g.storage("matmul"), 0, 0, b.storage("matmul"), 0, 0,
                            ga.storage("matmul"), 0, 0, false);
                    else a.backend().gemm(batch, false, true, m, k, n, g.storage("matmul"), 0, (long) m * n, b.storage("matmul"), 0, sb,
                            ga.storage("matmul"), 0, sa, false);
                } else {
                    for (int i = 0; i < batch; i++)
                        a.backend().gemm(1, false, true, m, k, n, g.storage("matmul"), (long) i * m * n, 0, b.storage("matmul"), i * sb, 0,
                                ga.storage("matmul"), 0, 0, i > 0);
                }
            }
            if (b.needsGrad()) {
                gb = Tensor.empty(b.device(), b.shape());
                if (!bShared) {
                    a.backend().gemm(batch, true, false, k, n, m, a.storage("matmul"), 0, sa, g.storage("matmul"), 0, (long) m * n,
                            gb.storage("matmul"), 0, sb, false);
                } else if (!aShared) {
                    a.backend().gemm(1, true, false, k, n, batch * m, a.storage("matmul"), 0, 0, g.storage("matmul"), 0, 0,
                            gb.storage("matmul"), 0, 0, false);
                } else {
                    for (int i = 0; i < batch; i++)
                        a.backend().gemm(1, true, false, k, n, m, a.storage("matmul"), 0, 0, g.storage("matmul"), (long) i * m * n, 0,
                                gb.storage("matmul"), 0, 0, i > 0);
                }
            }
            return new Tensor[] {ga, gb};
        }, a, b);
    }
}
