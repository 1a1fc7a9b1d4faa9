package org.cryograd.tensor;

import org.cryograd.tensor.spi.BinaryOp;
import org.cryograd.tensor.spi.ReduceOp;

/** Softmax, gather/scatter-add and sparse products, with gradients. */
final class IndexOps {
    private IndexOps() {}

    static Tensor softmax(Tensor x, int axis, boolean log) {
        String op = log ? "logSoftmax" : "softmax";
        int a = x.shape().axis(axis);
        int outer = x.shape().prod(0, a), n = x.dim(a), inner = x.shape().prod(a + 1, x.rank());
        Tensor y = Tensor.empty(x.device(), x.shape());
        x.backend().softmax(log, x.storage(op), outer, n, inner, y.storage(op));
        int[] ax = {a};
        return Autograd.record(op, y, g -> {
            if (log) {
                // g - exp(y) * sum(g)
                try (Tensor s = Reductions.reduceRaw(ReduceOp.SUM, g, ax); Tensor e = Elementwise.raw(org.cryograd.tensor.spi.UnaryOp.EXP, 0, 0, y, op);
                     Tensor t = Elementwise.raw(BinaryOp.MUL, 0, 0, e, s, op)) {
                    return new Tensor[] {Elementwise.raw(BinaryOp.SUB, 0, 0, g, t, op)};
                }
            }
            // y * (g - sum(g * y))
            try (Tensor gy = Elementwise.raw(BinaryOp.MUL, 0, 0, g, y, op); Tensor s = Reductions.reduceRaw(ReduceOp.SUM, gy, ax);
                 Tensor d = Elementwise.raw(BinaryOp.SUB, 0, 0, g, s, op)) {
                return new Tensor[] {Elementwise.raw(BinaryOp.MUL, 0, 0, y, d, op)};
            }
        }, x);
    }

    private static int checkIndexShape(String op, Tensor x, int axis, Tensor index) {
        Elementwise.sameDevice(op, x, index);
        int a = x.shape().axis(axis);
        if (index.rank() != x.rank())
            throw new IllegalArgumentException(op + ": index of shape " + index.shape() + " must have the rank of " + x.shape());
        for (int d = 0; d < x.rank(); d++)
            if (d != a && index.dim(d) > x.dim(d))
                throw new IllegalArgumentException(op + ": index of shape " + index.shape() + " is larger than " + x.shape() + " at dim " + d);
        if (index.needsGrad()) throw new IllegalArgumentException(op + ": index tensors take no gradient");
        return a;
    }

    static Tensor gather(Tensor x, int axis, Tensor index) {
        int a = checkIndexShape("gather", x, axis, index);
        Tensor out = Tensor.empty(x.device(), index.shape());
        x.backend().gather(x.storage("gather"), x.dims(), a, index.storage("gather"), index.dims(), out.storage("gather"));
        return Autograd.record("gather", out, g -> {
            Tensor gx = Tensor.empty(x.device(), x.shape());
            gx.backend().scatterAdd(gx.storage("gather"), x.dims(), a, index.storage("gather"), index.dims(), g.storage("gather"));
            return new Tensor[] {gx, null};
        }, x, index);
    }

    static Tensor scatterAdd(Tensor x, int axis, Tensor index, Tensor src) {
        int a = checkIndexShape("scatterAdd", x, axis, index);
        Elementwise.sameDevice("scatterAdd", x, src);
        if (src.rank() != index.rank())
            throw new IllegalArgumentException("scatterAdd: src of shape " + src.shape() + " must have the rank of index " + index.shape());
        for (int d = 0; d < src.rank(); d++)
            if (src.dim(d) < index.dim(d))
                throw new IllegalArgumentException("scatterAdd: src of shape " + src.shape() + " is smaller than index " + index.shape());
        // only the part of src covered by index takes part (PyTorch semantics)
        Tensor s = src;
        for (int d = 0; d < src.rank(); d++) if (s.dim(d) != index.dim(d)) s = Shapes.slice(s, d, 0, index.dim(d), 1);
        Tensor srcUsed = s;
        Tensor out;
        try (Grad g0 = Grad.disabled()) {
            out = x.copy();
        }
        x.backend().scatterAdd(out.storage("scatterAdd"), x.dims(), a, index.storage("scatterAdd"), index.dims(), srcUsed.storage("scatterAdd"));
        return Autograd.record("scatterAdd", out, g -> {
            Tensor gs = null;
            if (srcUsed.needsGrad()) {
                gs = Tensor.empty(g.device(), index.shape());
                g.backend().gather(g.storage("scatterAdd"), g.dims(), a, index.storage("scatterAdd"), index.dims(), gs.storage("scatterAdd"));
            }
            return new Tensor[] {g, null, gs};
        }, x, index, srcUsed);
    }

    static Tensor spmm(SparseCsr m, Tensor x, boolean transpose) {
        String op = transpose ? "spmmT" : "spmm";
        int rowsIn = transpose ? m.rows() : m.cols(), rowsOut = transpose ? m.cols() : m.rows();
        if (x.rank() < 1 || x.rank() > 2 || x.dim(0) != rowsIn)
            throw new IllegalArgumentException(op + ": dense operand of shape " + x.shape() + " must be [" + rowsIn + "] or [" + rowsIn
                    + ", k] for " + m);
        int k = x.rank() == 2 ? x.dim(1) : 1;
        Tensor y = Tensor.empty(x.device(), x.rank() == 2 ? Shape.of(rowsOut, k) : Shape.of(rowsOut));
        x.backend().spmm(m, transpose, x.storage(op), k, y.storage(op));
        return Autograd.record(op, y, g -> {
            Tensor gx = Tensor.empty(x.device(), x.shape());
            x.backend().spmm(m, !transpose, g.storage(op), k, gx.storage(op));
            return new Tensor[] {gx};
        }, x);
    }
}
