package org.cryograd.tensor;

import java.util.Arrays;

/** Max/average pooling and nearest/(tri)linear resampling in 1-3 spatial dimensions. */
final class PoolOps {
    private PoolOps() {}

    private static int planes(Tensor x) {
        return x.dim(0) * x.dim(1);
    }

    private static int[] outDims(Tensor x, int dims, int[] out3) {
        int[] od = new int[dims + 2];
        od[0] = x.dim(0);
        od[1] = x.dim(1);
        for (int i = 0; i < dims; i++) od[2 + i] = out3[3 - dims + i];
        return od;
    }

    static Tensor pool(boolean max, int dims, Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        String op = (max ? "maxPool" : "avgPool") + dims + "d";
        ConvOps.checkRank(op, x, dims + 2, "input");
        int[] k = ConvOps.spatial3(op, "kernel", kernel, dims, 1);
        int[] s = ConvOps.spatial3(op, "stride", stride == null || stride.length == 0 ? kernel : stride, dims, 1);
        int[] p = ConvOps.spatial3(op, "padding", padding, dims, 0);
        int[] in = ConvOps.spatialOf(x, dims);
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            if (k[i] < 1 || s[i] < 1 || p[i] < 0 || 2 * p[i] > k[i])
                throw new IllegalArgumentException(op + ": need kernel >= 1, stride >= 1 and 0 <= padding <= kernel/2; got kernel "
                        + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride) + ", padding " + Arrays.toString(padding));
            out[i] = (in[i] + 2 * p[i] - k[i]) / s[i] + 1;
            if (in[i] + 2 * p[i] < k[i] || out[i] < 1)
                throw new IllegalArgumentException(op + ": kernel " + Arrays.toString(kernel) + " larger than padded input " + x.shape());
        }
        Tensor y = Tensor.empty(x.device(), Shape.of(outDims(x, dims, out)));
        int pl = planes(x);
        if (max) x.backend().maxPool(x.storage(op), y.storage(op), pl, in, out, k, s, p);
        else x.backend().avgPool(x.storage(op), y.storage(op), pl, in, out, k, s, p, countIncludePad);
        return Autograd.record(op, y, gy -> {
            Tensor gx = Tensor.empty(x.device(), x.shape());
            if (max) x.backend().maxPoolBackward(x.storage(op), gy.storage(op), gx.storage(op), pl, in, out, k, s, p);
            else x.backend().avgPoolBackward(gy.storage(op), gx.storage(op), pl, in, out, k, s, p, countIncludePad);
            return new Tensor[] {gx};
        }, x);
    }

    static Tensor upsample(Tensor x, int[] size, boolean linear, boolean alignCorners) {
        int dims = x.rank() - 2;
        String op = linear ? "upsampleLinear" : "upsampleNearest";
        if (dims < 1 || dims > 3)
            throw new IllegalArgumentException(op + ": input of shape " + x.shape() + " must be [N, C, spatial...] with 1-3 spatial dims");
        if (size.length != dims)
            throw new IllegalArgumentException(op + ": size " + Arrays.toString(size) + " needs " + dims + " values for input " + x.shape());
        for (int v : size) if (v < 1) throw new IllegalArgumentException(op + ": output size " + Arrays.toString(size) + " must be positive");
        int[] in = ConvOps.spatialOf(x, dims);
        int[] out = ConvOps.spatial3(op, "size", size, dims, 1);
        Tensor y = Tensor.empty(x.device(), Shape.of(outDims(x, dims, out)));
        int pl = planes(x);
        x.backend().upsample(linear, alignCorners, x.storage(op), y.storage(op), pl, in, out);
        return Autograd.record(op, y, gy -> {
            Tensor gx = Tensor.empty(x.device(), x.shape());
            x.backend().upsampleBackward(linear, alignCorners, gy.storage(op), gx.storage(op), pl, in, out);
            return new Tensor[] {gx};
        }, x);
    }
}
