package org.cryograd.tensor;

import org.cryograd.tensor.spi.BinaryOp;
import org.cryograd.tensor.spi.UnaryOp;

/** Elementwise operations and their gradients. */
final class Elementwise {
    private Elementwise() {}

    static void sameDevice(String op, Tensor a, Tensor b) {
        if (!a.device().equals(b.device()))
            throw new IllegalArgumentException(op + ": tensors of shapes " + a.shape() + " on " + a.device() + " and " + b.shape()
                    + " on " + b.device() + " are on different devices");
    }

    /** Runs a binary kernel into an existing output (shapes already checked by the caller). */
    static void binaryInto(BinaryOp op, float p0, float p1, Tensor a, Tensor b, Tensor out, String name) {
        sameDevice(name, a, b);
        Shape s = out.shape();
        if (!Shape.broadcast(name, a.shape(), b.shape()).equals(s) && !(name.equals("addInPlace") && Shape.broadcast(name, s, b.shape()).equals(s)))
            throw new IllegalArgumentException(name + ": shapes " + a.shape() + " and " + b.shape() + " do not broadcast to " + s);
        out.backend().binary(op, p0, p1, a.storage(name), a.shape().broadcastStrides(s), b.storage(name), b.shape().broadcastStrides(s),
                out.storage(name), s.dims());
    }

    /** A binary kernel without autograd (used inside backward functions). */
    static Tensor raw(BinaryOp op, float p0, float p1, Tensor a, Tensor b, String name) {
        sameDevice(name, a, b);
        Shape s = Shape.broadcast(name, a.shape(), b.shape());
        Tensor out = Tensor.empty(a.device(), s);
        binaryInto(op, p0, p1, a, b, out, name);
        return out;
    }

    static Tensor raw(UnaryOp op, float p0, float p1, Tensor x, String name) {
        Tensor out = Tensor.empty(x.device(), x.shape());
        x.backend().unary(op, p0, p1, x.storage(name), out.storage(name), x.numel());
        return out;
    }

    /** Sums a broadcast gradient back to {@code shape}; returns {@code g} itself when no reduction is needed. */
    static Tensor sumTo(Tensor g, Shape shape) {
        if (g.shape().equals(shape)) return g;
        int r = g.rank(), off = r - shape.rank();
        int[] axes = new int[r];
        int n = 0;
        for (int i = 0; i < r; i++) {
            int want = i < off ? 1 : shape.dim(i - off);
            if (i < off || (want == 1 && g.dim(i) != 1)) axes[n++] = i;
        }
        try (Tensor s = Reductions.sum(g, java.util.Arrays.copyOf(axes, n), true)) {
            return s.reshape(shape.dims()).copy();
        }
    }

    static Tensor binary(BinaryOp op, String name, Tensor a, Tensor b) {
        Tensor out = raw(op, 0, 0, a, b, name);
        return Autograd.record(name, out, g -> {
            Tensor ga = null, gb = null;
            boolean na = a.needsGrad(), nb = b.needsGrad();
            switch (op) {
                case ADD -> {
                    if (na) ga = sumTo(g, a.shape());
                    if (nb) gb = sumTo(g, b.shape());
                }
                case SUB -> {
                    if (na) ga = sumTo(g, a.shape());
                    if (nb) gb = reduceClose(raw(UnaryOp.NEG, 0, 0, g, name), b.shape());
                }
                case MUL -> {
                    if (na) ga = reduceClose(raw(BinaryOp.MUL, 0, 0, g, b, name), a.shape());
                    if (nb) gb = reduceClose(raw(BinaryOp.MUL, 0, 0, g, a, name), b.shape());
                }
                case DIV -> {
                    if (na) ga = reduceClose(raw(BinaryOp.DIV, 0, 0, g, b, name), a.shape());
                    if (nb) {
                        try (Tensor t = raw(BinaryOp.MUL, 0, 0, g, out, name); Tensor u = raw(BinaryOp.DIV, 0, 0, t, b, name)) {
                            gb = reduceClose(raw(UnaryOp.NEG, 0, 0, u, name), b.shape());
                        }
                    }
                }
                case POW -> {
                    if (na) {
                        try (Tensor bm1 = raw(UnaryOp.ADD_SCALAR, -1, 0, b, name); Tensor p = raw(BinaryOp.POW, 0, 0, a, bm1, name);
                             Tensor t = raw(BinaryOp.MUL, 0, 0, p, b, name)) {
                            ga = reduceClose(raw(BinaryOp.MUL, 0, 0, g, t, name), a.shape());
                        }
                    }
                    if (nb) {
                        try (Tensor la = raw(UnaryOp.LOG, 0, 0, a, name); Tensor t = raw(BinaryOp.MUL, 0, 0, out, la, name)) {
                            gb = reduceClose(raw(BinaryOp.MUL, 0, 0, g, t, name), b.shape());
                        }
                    }
                }
                case MAXIMUM, MINIMUM -> {
                    // the larger (smaller) input takes the gradient; ties split it evenly, as in PyTorch
                    Tensor hi = op == BinaryOp.MAXIMUM ? a : b, lo = op == BinaryOp.MAXIMUM ? b : a;
                    try (Tensor gt = raw(BinaryOp.GT, 0, 0, hi, lo, name); Tensor eq = raw(BinaryOp.EQ, 0, 0, a, b, name);
                         Tensor half = raw(UnaryOp.MUL_SCALAR, 0.5f, 0, eq, name); Tensor maskA = raw(BinaryOp.ADD, 0, 0, gt, half, name)) {
                        if (na) ga = reduceClose(raw(BinaryOp.MUL, 0, 0, g, maskA, name), a.shape());
                        if (nb) {
                            try (Tensor ga2 = raw(BinaryOp.MUL, 0, 0, g, maskA, name)) {
                                Tensor full = g.shape().equals(ga2.shape()) ? g : null;
                                Tensor gg = full != null ? raw(BinaryOp.SUB, 0, 0, g, ga2, name)
                                        : raw(BinaryOp.SUB, 0, 0, expandTo(g, ga2.shape()), ga2, name);
                                gb = reduceClose(gg, b.shape());
                            }
                        }
                    }
                }
                default -> throw new IllegalStateException("no gradient for " + op);
            }
            return new Tensor[] {ga, gb};
        }, a, b);
    }

    private static Tensor expandTo(Tensor g, Shape s) {
        return Shapes.expandRaw(g, s);
    }

    /** sumTo that closes its argument when it made a new tensor. */
    static Tensor reduceClose(Tensor t, Shape shape) {
        Tensor r = sumTo(t, shape);
        if (r != t) t.close();
        return r;
    }

    static Tensor unary(UnaryOp op, float p0, float p1, String name, Tensor x) {
        Tensor out = raw(op, p0, p1, x, name);
        return Autograd.record(name, out, g -> new Tensor[] {unaryGrad(op, p0, p1, x, out, g, name)}, x);
    }

    private static Tensor unaryGrad(UnaryOp op, float p0, float p1, Tensor x, Tensor y, Tensor g, String name) {
        return switch (op) {
            case NEG -> raw(UnaryOp.NEG, 0, 0, g, name);
            case EXP -> raw(BinaryOp.MUL, 0, 0, g, y, name);
            case LOG -> raw(BinaryOp.DIV, 0, 0, g, x, name);
            case SQRT -> {
                try (Tensor twoY = raw(UnaryOp.MUL_SCALAR, 2, 0, y, name)) {
                    yield raw(BinaryOp.DIV, 0, 0, g, twoY, name);
                }
            }
            case ABS -> {
                try (Tensor s = raw(UnaryOp.SIGN, 0, 0, x, name)) {
                    yield raw(BinaryOp.MUL, 0, 0, g, s, name);
                }
            }
            case SIN -> {
                try (Tensor c = raw(UnaryOp.COS, 0, 0, x, name)) {
                    yield raw(BinaryOp.MUL, 0, 0, g, c, name);
                }
            }
            case SINE -> raw(BinaryOp.SINE_BACKWARD, p0, 0, g, x, name);
            case COS -> {
                try (Tensor s = raw(UnaryOp.SIN, 0, 0, x, name); Tensor t = raw(BinaryOp.MUL, 0, 0, g, s, name)) {
                    yield raw(UnaryOp.NEG, 0, 0, t, name);
                }
            }
            case TANH -> raw(BinaryOp.TANH_BACKWARD, 0, 0, g, y, name);
            case SIGMOID -> raw(BinaryOp.SIGMOID_BACKWARD, 0, 0, g, y, name);
            case RELU -> raw(BinaryOp.RELU_BACKWARD, 0, 0, g, x, name);
            case LEAKY_RELU -> raw(BinaryOp.LEAKY_RELU_BACKWARD, p0, 0, g, x, name);
            case CLAMP -> raw(BinaryOp.CLAMP_BACKWARD, p0, p1, g, x, name);
            case SQUARE -> {
                try (Tensor t = raw(UnaryOp.MUL_SCALAR, 2, 0, x, name)) {
                    yield raw(BinaryOp.MUL, 0, 0, g, t, name);
                }
            }
            case POW_SCALAR -> {
                try (Tensor t = raw(UnaryOp.POW_SCALAR, p0 - 1, 0, x, name); Tensor u = raw(UnaryOp.MUL_SCALAR, p0, 0, t, name)) {
                    yield raw(BinaryOp.MUL, 0, 0, g, u, name);
                }
            }
            case ADD_SCALAR -> g;
            case MUL_SCALAR -> raw(UnaryOp.MUL_SCALAR, p0, 0, g, name);
            case RECIPROCAL -> {
                try (Tensor y2 = raw(UnaryOp.SQUARE, 0, 0, y, name); Tensor t = raw(BinaryOp.MUL, 0, 0, g, y2, name)) {
                    yield raw(UnaryOp.NEG, 0, 0, t, name);
                }
            }
            case SIGN -> raw(UnaryOp.MUL_SCALAR, 0, 0, g, name);
        };
    }

    static Tensor divScalar(Tensor x, float s) {
        Tensor sc = Tensor.full(x.device(), s);
        return binary(BinaryOp.DIV, "div", x, sc);
    }
}
