package org.cryograd.tensor;

import java.util.Arrays;
import org.cryograd.tensor.spi.BinaryOp;
import org.cryograd.tensor.spi.ReduceOp;

/** Sum, mean, max and variance along axes, with gradients. */
final class Reductions {
    private Reductions() {}

    /** Sorted, de-duplicated, non-negative axes; null or empty means all axes. */
    static int[] normAxes(String op, Tensor x, int[] axes) {
        int r = x.rank();
        if (axes == null || axes.length == 0) {
            int[] all = new int[r];
            for (int i = 0; i < r; i++) all[i] = i;
            return all;
        }
        int[] a = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int v = axes[i] < 0 ? axes[i] + r : axes[i];
            if (v < 0 || v >= r) throw new IllegalArgumentException(op + ": axis " + axes[i] + " out of range for shape " + x.shape());
            a[i] = v;
        }
        return Arrays.stream(a).sorted().distinct().toArray();
    }

    static int[] keptDims(Shape s, int[] axes) {
        int[] d = s.dims();
        for (int a : axes) d[a] = 1;
        return d;
    }

    static int[] droppedDims(Shape s, int[] axes) {
        int[] d = new int[s.rank() - axes.length];
        int k = 0;
        for (int i = 0, j = 0; i < s.rank(); i++) {
            if (j < axes.length && axes[j] == i) j++;
            else d[k++] = s.dim(i);
        }
        return d;
    }

    /** Reduction with kept dimensions, no autograd; consecutive axes are merged into one kernel call. */
    static Tensor reduceRaw(ReduceOp op, Tensor x, int[] axes) {
        Tensor cur = x;
        int[] dims = x.dims();
        int i = axes.length - 1;
        while (i >= 0) {
            int hi = axes[i], lo = hi;
            while (i > 0 && axes[i - 1] == lo - 1) lo = axes[--i];
            i--;
            int outer = 1, n = 1, inner = 1;
            for (int d = 0; d < lo; d++) outer *= dims[d];
            for (int d = lo; d <= hi; d++) n *= dims[d];
            for (int d = hi + 1; d < dims.length; d++) inner *= dims[d];
            for (int d = lo; d <= hi; d++) dims[d] = 1;
            Tensor next = Tensor.empty(x.device(), Shape.of(dims));
            if (n == 0 && op != ReduceOp.SUM)
                throw new IllegalArgumentException("max: cannot reduce an empty axis of shape " + x.shape());
            x.backend().reduce(op, cur.storage("reduce"), outer, n, inner, next.storage("reduce"));
            if (cur != x) cur.close();
            cur = next;
        }
        return cur == x ? x.copy() : cur;
    }

    static Tensor sum(Tensor x, int[] axes, boolean keepDim) {
        int[] ax = normAxes("sum", x, axes);
        Tensor kept = ax.length == 0 ? rawCopy(x) : reduceRaw(ReduceOp.SUM, x, ax);
        Tensor out = keepDim ? kept : reshapeRaw(kept, droppedDims(x.shape(), ax));
        Shape keptShape = Shape.of(keptDims(x.shape(), ax));
        return Autograd.record("sum", out, g -> {
            try (Tensor gk = reshapeRaw(g.detach(), keptShape.dims())) {
                return new Tensor[] {Shapes.expandRaw(gk, x.shape())};
            }
        }, x);
    }

    private static Tensor rawCopy(Tensor x) {
        try (Grad g = Grad.disabled()) {
            return x.copy();
        }
    }

    private static Tensor reshapeRaw(Tensor t, int[] dims) {
        Tensor r = t.detach().reshapeShared(dims);
        t.close();
        return r;
    }

    static int count(Tensor x, int[] ax) {
        long c = 1;
        for (int a : ax) c *= x.dim(a);
        return (int) c;
    }

    static Tensor mean(Tensor x, int[] axes, boolean keepDim) {
        int[] ax = normAxes("mean", x, axes);
        Tensor s = sum(x, ax, keepDim);
        Tensor m = s.div((float) count(x, ax));
        Autograd.dispose(m, s);
        return m;
    }

    static Tensor max(Tensor x, int[] axes, boolean keepDim) {
        int[] ax = normAxes("max", x, axes);
        if (x.numel() == 0) throw new IllegalArgumentException("max: tensor of shape " + x.shape() + " is empty");
        Tensor kept = reduceRaw(ReduceOp.MAX, x, ax);
        Shape keptShape = kept.shape();
        Tensor out = keepDim ? kept.detach() : kept.detach().reshapeShared(droppedDims(x.shape(), ax));
        Tensor res = Autograd.record("max", out, g -> {
            // gradient shared evenly among the maxima of each reduced group (torch.amax)
            try (Tensor mk = Shapes.expandRaw(kept, x.shape()); Tensor mask = Elementwise.raw(BinaryOp.EQ, 0, 0, x, mk, "max");
                 Tensor cnt = reduceRaw(ReduceOp.SUM, mask, ax); Tensor gk = g.detach().reshapeShared(keptShape.dims());
                 Tensor share = Elementwise.raw(BinaryOp.DIV, 0, 0, gk, cnt, "max")) {
                return new Tensor[] {Elementwise.raw(BinaryOp.MUL, 0, 0, mask, share, "max")};
            }
        }, x);
        return res;
    }

    static Tensor var(Tensor x, int[] axes, int correction, boolean keepDim) {
        int[] ax = normAxes("var", x, axes);
        int n = count(x, ax);
        if (correction < 0) throw new IllegalArgumentException("var: negative correction " + correction);
        Tensor mu = mean(x, ax, true), d = x.sub(mu), d2 = d.square(), s = sum(d2, ax, keepDim);
        Tensor v = s.div((float) Math.max(0, n - correction));
        Autograd.dispose(v, mu, d, d2, s);
        return v;
    }

    static Tensor std(Tensor x, int[] axes, int correction, boolean keepDim) {
        Tensor v = var(x, axes, correction, keepDim), s = v.sqrt();
        Autograd.dispose(s, v);
        return s;
    }
}
