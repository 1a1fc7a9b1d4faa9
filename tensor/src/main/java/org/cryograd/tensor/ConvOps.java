package org.cryograd.tensor;

import java.util.Arrays;
import org.cryograd.tensor.spi.ConvGeometry;
import org.cryograd.tensor.PadMode;

/** Convolution and transposed convolution in 1, 2 and 3 spatial dimensions, with gradients. */
final class ConvOps {
    private ConvOps() {}

    /** Right-aligns {@code v} (one value per spatial dim, or a single value for all) into 3 entries. */
    static int[] spatial3(String op, String what, int[] v, int dims, int fill) {
        if (v.length != 1 && v.length != dims)
            throw new IllegalArgumentException(op + ": " + what + " " + Arrays.toString(v) + " needs 1 or " + dims + " values");
        int[] r = new int[3];
        Arrays.fill(r, fill);
        for (int i = 0; i < dims; i++) r[3 - dims + i] = v.length == 1 ? v[0] : v[i];
        return r;
    }

    static int[] spatialOf(Tensor t, int dims) {
        int[] r = {1, 1, 1};
        for (int i = 0; i < dims; i++) r[3 - dims + i] = t.dim(2 + i);
        return r;
    }

    static void checkRank(String op, Tensor t, int want, String name) {
        if (t.rank() != want)
            throw new IllegalArgumentException(op + ": " + name + " of shape " + t.shape() + " must have rank " + want);
    }

    static Tensor conv(int dims, Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int groups, PadMode mode) {
        String op = "conv" + dims + "d";
        checkRank(op, x, dims + 2, "input");
        checkRank(op, w, dims + 2, "weight");
        Elementwise.sameDevice(op, x, w);
        int cin = x.dim(1), cout = w.dim(0);
        if (groups < 1 || cin % groups != 0 || cout % groups != 0 || w.dim(1) * groups != cin)
            throw new IllegalArgumentException(op + ": input " + x.shape() + " and weight " + w.shape() + " do not match for groups=" + groups
                    + " (weight must be [cout, cin/groups, kernel...])");
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != cout))
            throw new IllegalArgumentException(op + ": bias of shape " + bias.shape() + " must be [" + cout + "]");
        int[] s3 = spatial3(op, "stride", stride, dims, 1), p3 = spatial3(op, "padding", padding, dims, 0);
        for (int i = 0; i < 3; i++)
            if (s3[i] < 1 || p3[i] < 0) throw new IllegalArgumentException(op + ": invalid stride " + Arrays.toString(stride) + " or padding " + Arrays.toString(padding));
        Tensor in = x;
        if (mode == PadMode.CIRCULAR) {
            int[] pads = new int[2 * dims];
            for (int i = 0; i < dims; i++) {
                pads[2 * i] = p3[2 - i];
                pads[2 * i + 1] = p3[2 - i];
            }
            in = Shapes.pad(x, PadMode.CIRCULAR, pads);
            p3 = new int[] {0, 0, 0};
        }
        ConvGeometry g = ConvGeometry.of(x.dim(0), cin, cout, groups, spatialOf(in, dims), spatialOf(w, dims), s3, p3);
        int[] od = new int[dims + 2];
        od[0] = x.dim(0);
        od[1] = cout;
        for (int i = 0; i < dims; i++) od[2 + i] = g.out()[3 - dims + i];
        Tensor y = Tensor.empty(x.device(), Shape.of(od));
        Tensor xin = in;
        x.backend().convForward(g, xin.storage(op), w.storage(op), bias == null ? null : bias.storage(op), y.storage(op));
        Tensor out = Autograd.record(op, y, gy -> {
            Tensor gx = null, gw = null, gb = null;
            if (xin.needsGrad()) {
                gx = Tensor.empty(xin.device(), xin.shape());
                xin.backend().convBackwardData(g, gy.storage(op), w.storage(op), gx.storage(op));
            }
            if (w.needsGrad()) {
                gw = Tensor.empty(w.device(), w.shape());
                w.backend().convBackwardWeight(g, xin.storage(op), gy.storage(op), gw.storage(op));
            }
            if (bias != null && bias.needsGrad()) gb = biasGrad(gy, dims);
            return new Tensor[] {gx, gw, gb};
        }, xin, w, bias);
        if (in != x) Autograd.dispose(out, in);
        return out;
    }

    static Tensor biasGrad(Tensor gy, int dims) {
        int[] axes = new int[dims + 1];
        axes[0] = 0;
        for (int i = 0; i < dims; i++) axes[i + 1] = i + 2;
        try (Tensor s = Reductions.reduceRaw(org.cryograd.tensor.spi.ReduceOp.SUM, gy, axes)) {
            Tensor r = s.detach().reshapeShared(new int[] {gy.dim(1)});
            return r;
        }
    }

    static Tensor convTranspose(int dims, Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] outputPadding, int groups) {
        String op = "convTranspose" + dims + "d";
        checkRank(op, x, dims + 2, "input");
        checkRank(op, w, dims + 2, "weight");
        Elementwise.sameDevice(op, x, w);
        int cin = x.dim(1);
        if (groups < 1 || cin % groups != 0 || w.dim(0) != cin)
            throw new IllegalArgumentException(op + ": input " + x.shape() + " and weight " + w.shape() + " do not match for groups=" + groups
                    + " (weight must be [cin, cout/groups, kernel...])");
        int cout = w.dim(1) * groups;
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != cout))
            throw new IllegalArgumentException(op + ": bias of shape " + bias.shape() + " must be [" + cout + "]");
        int[] s3 = spatial3(op, "stride", stride, dims, 1), p3 = spatial3(op, "padding", padding, dims, 0);
        int[] op3 = spatial3(op, "outputPadding", outputPadding, dims, 0);
        int[] k3 = spatialOf(w, dims), xin = spatialOf(x, dims);
        int[] outSp = new int[3];
        for (int i = 0; i < 3; i++) {
            if (s3[i] < 1 || p3[i] < 0 || op3[i] < 0 || op3[i] >= s3[i])
                throw new IllegalArgumentException(op + ": need stride >= 1, padding >= 0 and 0 <= outputPadding < stride; got stride "
                        + Arrays.toString(stride) + ", padding " + Arrays.toString(padding) + ", outputPadding " + Arrays.toString(outputPadding));
            outSp[i] = (xin[i] - 1) * s3[i] - 2 * p3[i] + k3[i] + op3[i];
            if (outSp[i] < 1) throw new IllegalArgumentException(op + ": output size " + outSp[i] + " < 1 for input " + x.shape());
        }
        // the transposed convolution is the data gradient of the convolution from output (cout) to input (cin)
        ConvGeometry g = new ConvGeometry(x.dim(0), cout, cin, groups, outSp, k3, s3, p3, xin);
        int[] od = new int[dims + 2];
        od[0] = x.dim(0);
        od[1] = cout;
        for (int i = 0; i < dims; i++) od[2 + i] = outSp[3 - dims + i];
        Tensor y = Tensor.empty(x.device(), Shape.of(od));
        x.backend().convBackwardData(g, x.storage(op), w.storage(op), y.storage(op));
        if (bias != null) {
            try (Tensor bv = bias.detach().reshapeShared(biasView(cout, dims))) {
                Elementwise.binaryInto(org.cryograd.tensor.spi.BinaryOp.ADD, 0, 0, y, bv, y, op);
            }
        }
        return Autograd.record(op, y, gy -> {
            Tensor gx = null, gw = null, gb = null;
            if (x.needsGrad()) {
                gx = Tensor.empty(x.device(), x.shape());
                x.backend().convForward(g, gy.storage(op), w.storage(op), null, gx.storage(op));
            }
            if (w.needsGrad()) {
                gw = Tensor.empty(w.device(), w.shape());
                w.backend().convBackwardWeight(g, gy.storage(op), x.storage(op), gw.storage(op));
            }
            if (bias != null && bias.needsGrad()) gb = biasGrad(gy, dims);
            return new Tensor[] {gx, gw, gb};
        }, x, w, bias);
    }

    private static int[] biasView(int c, int dims) {
        int[] d = new int[dims + 1];
        Arrays.fill(d, 1);
        d[0] = c;
        return d;
    }
}
