package org.cryograd.tensor;

import java.util.Arrays;
import org.cryograd.tensor.PadMode;

/** Shape manipulation: reshape (shared), and copying permute, slice, flip, roll, expand, cat, stack, pad. */
final class Shapes {
    private Shapes() {}

    static Tensor reshape(Tensor x, int[] newShape) {
        int[] d = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: more than one -1 in " + Arrays.toString(newShape));
                infer = i;
            } else if (d[i] < 0) {
                throw new IllegalArgumentException("reshape: negative size in " + Arrays.toString(newShape));
            } else {
                known *= d[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.numel() % known != 0)
                throw new IllegalArgumentException("reshape: cannot infer -1 in " + Arrays.toString(newShape) + " for shape " + x.shape());
            d[infer] = (int) (x.numel() / known);
        }
        if (Shape.of(d).numel() != x.numel())
            throw new IllegalArgumentException("reshape: shape " + x.shape() + " (" + x.numel() + " elements) cannot become "
                    + Arrays.toString(newShape));
        Tensor out = x.reshapeShared(d);
        int[] orig = x.dims();
        return Autograd.record("reshape", out, g -> new Tensor[] {g.detach().reshapeShared(orig)}, x);
    }

    static Tensor unsqueeze(Tensor x, int axis) {
        int r = x.rank();
        int a = axis < 0 ? axis + r + 1 : axis;
        if (a < 0 || a > r) throw new IllegalArgumentException("unsqueeze: axis " + axis + " out of range for shape " + x.shape());
        int[] d = new int[r + 1];
        for (int i = 0, j = 0; i <= r; i++) d[i] = i == a ? 1 : x.dim(j++);
        return reshape(x, d);
    }

    static Tensor squeeze(Tensor x, int axis) {
        int a = x.shape().axis(axis);
        if (x.dim(a) != 1) throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + x.shape() + " has size " + x.dim(a));
        int[] d = new int[x.rank() - 1];
        for (int i = 0, j = 0; i < x.rank(); i++) if (i != a) d[j++] = x.dim(i);
        return reshape(x, d);
    }

    static Tensor permute(Tensor x, int[] order) {
        int r = x.rank();
        if (order.length != r) throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " for shape " + x.shape());
        int[] ord = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            int a = order[i] < 0 ? order[i] + r : order[i];
            if (a < 0 || a >= r || seen[a])
                throw new IllegalArgumentException("permute: " + Arrays.toString(order) + " is not a permutation of the axes of " + x.shape());
            seen[a] = true;
            ord[i] = a;
        }
        long[] xs = x.shape().strides();
        int[] d = new int[r];
        long[] ss = new long[r];
        for (int i = 0; i < r; i++) {
            d[i] = x.dim(ord[i]);
            ss[i] = xs[ord[i]];
        }
        Tensor out = Tensor.empty(x.device(), Shape.of(d));
        x.backend().copyStrided(x.storage("permute"), 0, ss, out.storage("permute"), 0, out.shape().strides(), d);
        int[] inv = new int[r];
        for (int i = 0; i < r; i++) inv[ord[i]] = i;
        return Autograd.record("permute", out, g -> new Tensor[] {permute(g, inv)}, x);
    }

    static Tensor transpose(Tensor x, int a, int b) {
        int[] ord = new int[x.rank()];
        for (int i = 0; i < ord.length; i++) ord[i] = i;
        int aa = x.shape().axis(a), bb = x.shape().axis(b);
        ord[aa] = bb;
        ord[bb] = aa;
        return permute(x, ord);
    }

    static Tensor slice(Tensor x, int axis, int start, int end, int step) {
        int a = x.shape().axis(axis);
        int n = x.dim(a);
        if (step < 1) throw new IllegalArgumentException("slice: step " + step + " must be >= 1 (use flip to reverse)");
        int s = Math.max(0, Math.min(n, start < 0 ? start + n : start));
        int e = Math.max(0, Math.min(n, end < 0 ? end + n : end));
        int len = e > s ? (e - s + step - 1) / step : 0;
        int[] d = x.dims();
        d[a] = len;
        long[] xs = x.shape().strides();
        long off = s * xs[a];
        long[] ss = xs.clone();
        ss[a] = xs[a] * step;
        Tensor out = Tensor.empty(x.device(), Shape.of(d));
        x.backend().copyStrided(x.storage("slice"), off, ss, out.storage("slice"), 0, out.shape().strides(), d);
        return Autograd.record("slice", out, g -> {
            Tensor gx = Tensor.empty(x.device(), x.shape());
            gx.backend().copyStrided(g.storage("slice"), 0, g.shape().strides(), gx.storage("slice"), off, ss, d);
            return new Tensor[] {gx};
        }, x);
    }

    static Tensor flip(Tensor x, int[] axes) {
        long[] xs = x.shape().strides();
        long[] ss = xs.clone();
        long off = 0;
        boolean[] f = new boolean[x.rank()];
        for (int ax : axes) {
            int a = x.shape().axis(ax);
            if (f[a]) throw new IllegalArgumentException("flip: axis " + ax + " repeated in " + Arrays.toString(axes));
            f[a] = true;
            off += (long) (x.dim(a) - 1) * xs[a];
            ss[a] = -xs[a];
        }
        Tensor out = Tensor.empty(x.device(), x.shape());
        if (x.numel() > 0) x.backend().copyStrided(x.storage("flip"), off, ss, out.storage("flip"), 0, xs, x.dims());
        int[] ax = axes.clone();
        return Autograd.record("flip", out, g -> new Tensor[] {flip(g, ax)}, x);
    }

    static Tensor roll(Tensor x, int[] shifts, int[] axes) {
        if (shifts.length != axes.length)
            throw new IllegalArgumentException("roll: " + shifts.length + " shifts for " + axes.length + " axes");
        Tensor cur = x;
        for (int i = 0; i < axes.length; i++) {
            int a = x.shape().axis(axes[i]);
            int n = x.dim(a);
            int s = n == 0 ? 0 : Math.floorMod(shifts[i], n);
            if (s == 0) continue;
            Tensor tail = slice(cur, a, n - s, n, 1), head = slice(cur, a, 0, n - s, 1);
            Tensor next = cat(a, tail, head);
            if (cur != x) Autograd.dispose(next, cur);
            Autograd.dispose(next, tail, head);
            cur = next;
        }
        return cur == x ? x.copy() : cur;
    }

    /** Broadcast copy without autograd. */
    static Tensor expandRaw(Tensor x, Shape s) {
        if (!Shape.broadcast("expand", x.shape(), s).equals(s))
            throw new IllegalArgumentException("expand: shape " + x.shape() + " cannot be expanded to " + s);
        Tensor out = Tensor.empty(x.device(), s);
        if (s.numel() > 0)
            x.backend().copyStrided(x.storage("expand"), 0, x.shape().broadcastStrides(s), out.storage("expand"), 0, s.strides(), s.dims());
        return out;
    }

    static Tensor expand(Tensor x, Shape s) {
        Tensor out = expandRaw(x, s);
        return Autograd.record("expand", out, g -> new Tensor[] {Elementwise.sumTo(g, x.shape())}, x);
    }

    static Tensor cat(int axis, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("cat: no tensors");
        Tensor p0 = parts[0];
        int a = p0.shape().axis(axis);
        int[] d = p0.dims();
        int total = 0;
        for (Tensor p : parts) {
            Elementwise.sameDevice("cat", p0, p);
            boolean ok = p.rank() == p0.rank();
            for (int i = 0; ok && i < d.length; i++) ok = i == a || p.dim(i) == d[i];
            if (!ok) throw new IllegalArgumentException("cat: shapes " + p0.shape() + " and " + p.shape() + " differ outside axis " + axis);
            total += p.dim(a);
        }
        d[a] = total;
        Tensor out = Tensor.empty(p0.device(), Shape.of(d));
        long[] os = out.shape().strides();
        int[] starts = new int[parts.length];
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            starts[i] = at;
            Tensor p = parts[i];
            if (p.numel() > 0)
                out.backend().copyStrided(p.storage("cat"), 0, p.shape().strides(), out.storage("cat"), at * os[a], os, p.dims());
            at += p.dim(a);
        }
        Tensor[] ins = parts.clone();
        return Autograd.record("cat", out, g -> {
            Tensor[] gs = new Tensor[ins.length];
            for (int i = 0; i < ins.length; i++)
                if (ins[i].needsGrad()) gs[i] = slice(g, a, starts[i], starts[i] + ins[i].dim(a), 1);
            return gs;
        }, ins);
    }

    static Tensor stack(int axis, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("stack: no tensors");
        int r = parts[0].rank();
        int a = axis < 0 ? axis + r + 1 : axis;
        if (a < 0 || a > r) throw new IllegalArgumentException("stack: axis " + axis + " out of range for rank " + r);
        Tensor[] u = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].shape().equals(parts[0].shape()))
                throw new IllegalArgumentException("stack: shapes " + parts[0].shape() + " and " + parts[i].shape() + " differ");
            u[i] = unsqueeze(parts[i], a);
        }
        Tensor out = cat(a, u);
        Autograd.dispose(out, u);
        return out;
    }

    static Tensor padAxis(Tensor x, int axis, int before, int after, PadMode mode) {
        int a = x.shape().axis(axis);
        int n = x.dim(a);
        if (before < 0 || after < 0) throw new IllegalArgumentException("pad: negative padding " + before + "," + after + " (cropping is slice)");
        if (mode == PadMode.CIRCULAR && (before > n || after > n))
            throw new IllegalArgumentException("pad: circular padding " + before + "," + after + " larger than axis " + axis + " of size " + n
                    + " in shape " + x.shape());
        if (mode == PadMode.CIRCULAR && n == 0) throw new IllegalArgumentException("pad: circular padding of an empty axis");
        int outer = x.shape().prod(0, a), inner = x.shape().prod(a + 1, x.rank());
        int[] d = x.dims();
        d[a] = n + before + after;
        Tensor out = Tensor.empty(x.device(), Shape.of(d));
        x.backend().padAxis(mode, x.storage("pad"), outer, n, inner, before, after, out.storage("pad"));
        return Autograd.record("pad", out, g -> {
            Tensor gx = Tensor.empty(x.device(), x.shape());
            gx.backend().padAxisBackward(mode, g.storage("pad"), outer, n, inner, before, after, gx.storage("pad"));
            return new Tensor[] {gx};
        }, x);
    }

    /** Pads with pairs in PyTorch's order: {@code (lastBefore, lastAfter, secondLastBefore, ...)}. */
    static Tensor pad(Tensor x, PadMode mode, int... pads) {
        if (pads.length % 2 != 0 || pads.length / 2 > x.rank())
            throw new IllegalArgumentException("pad: " + Arrays.toString(pads) + " must hold before/after pairs for at most the "
                    + x.rank() + " dimensions of shape " + x.shape());
        Tensor cur = x;
        for (int i = 0; i < pads.length / 2; i++) {
            int before = pads[2 * i], after = pads[2 * i + 1];
            if (before == 0 && after == 0) continue;
            Tensor next = padAxis(cur, x.rank() - 1 - i, before, after, mode);
            if (cur != x) Autograd.dispose(next, cur);
            cur = next;
        }
        return cur == x ? x.copy() : cur;
    }
}
