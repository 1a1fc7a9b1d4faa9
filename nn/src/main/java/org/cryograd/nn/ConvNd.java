package org.cryograd.nn;

import java.util.Arrays;
import org.cryograd.tensor.F;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.PadMode;

/**
 * Shared code of {@link Conv1d}, {@link Conv2d} and {@link Conv3d}: weight {@code [out, in/groups, k...]}, optional
 * bias {@code [out]}, stride, symmetric padding with zeros or circular wrap-around, groups. Dilation is not
 * supported (the tensor engine has none). Default initialisation is PyTorch's: weight and bias
 * {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} with {@code fanIn = in/groups * prod(k)}.
 */
public abstract sealed class ConvNd extends Module permits Conv1d, Conv2d, Conv3d {
    private final int dims, in, out, groups;
    private final int[] kernel, stride, padding;
    private final PadMode mode;

    ConvNd(int dims, Rng rng, int in, int out, int[] kernel, int[] stride, int[] padding, int groups, boolean bias, PadMode mode) {
        String name = "Conv" + dims + "d";
        this.dims = dims;
        this.kernel = expand(name, "kernel", kernel, dims, 1);
        this.stride = expand(name, "stride", stride, dims, 1);
        this.padding = expand(name, "padding", padding, dims, 0);
        if (in < 1 || out < 1 || groups < 1 || in % groups != 0 || out % groups != 0)
            throw new IllegalArgumentException(name + ": in=" + in + " and out=" + out + " channels must be positive multiples of groups=" + groups);
        if (mode == null) throw new IllegalArgumentException(name + ": padding mode is null");
        this.in = in;
        this.out = out;
        this.groups = groups;
        this.mode = mode;
        int[] wd = new int[dims + 2];
        wd[0] = out;
        wd[1] = in / groups;
        System.arraycopy(this.kernel, 0, wd, 2, dims);
        Tensor w = param("weight", Tensor.zeros(wd));
        Init.kaimingUniform(w, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, rng);
        if (bias) {
            double b = 1.0 / Math.sqrt(Init.fanIn(w.shape()));
            Init.uniform(param("bias", Tensor.zeros(out)), -b, b, rng);
        }
    }

    /** Checks and expands a per-dimension option given as one value for all dimensions or one per dimension. */
    static int[] expand(String layer, String what, int[] v, int dims, int min) {
        if (v == null || (v.length != 1 && v.length != dims))
            throw new IllegalArgumentException(layer + ": " + what + " " + Arrays.toString(v) + " needs 1 or " + dims + " values");
        int[] r = new int[dims];
        for (int i = 0; i < dims; i++) {
            r[i] = v.length == 1 ? v[0] : v[i];
            if (r[i] < min) throw new IllegalArgumentException(layer + ": " + what + " " + Arrays.toString(v) + " must be >= " + min);
        }
        return r;
    }

    /** The weight {@code [out, in/groups, k...]}. */
    public final Tensor weight() {
        return param("weight");
    }

    /** The bias {@code [out]}, or null without one. */
    public final Tensor bias() {
        return paramOrNull("bias");
    }

    /** Input channels. */
    public final int inChannels() {
        return in;
    }

    /** Output channels. */
    public final int outChannels() {
        return out;
    }

    /** Kernel size per spatial dimension (a copy). */
    public final int[] kernel() {
        return kernel.clone();
    }

    /** Stride per spatial dimension (a copy). */
    public final int[] stride() {
        return stride.clone();
    }

    /** Padding per spatial dimension, applied on both sides (a copy). */
    public final int[] padding() {
        return padding.clone();
    }

    /** Number of groups. */
    public final int groups() {
        return groups;
    }

    /** Zero or circular padding. */
    public final PadMode padMode() {
        return mode;
    }

    @Override
    public final Tensor forward(Tensor x) {
        if (x.rank() != dims + 2 || x.dim(1) != in)
            throw new IllegalArgumentException("Conv" + dims + "d(" + in + " -> " + out + "): input of shape " + x.shape() + " must be [N, " + in
                    + ", " + dims + " spatial dims]");
        return switch (dims) {
            case 1 -> F.conv1d(x, weight(), bias(), stride, padding, groups, mode);
            case 2 -> F.conv2d(x, weight(), bias(), stride, padding, groups, mode);
            default -> F.conv3d(x, weight(), bias(), stride, padding, groups, mode);
        };
    }

    @Override
    protected final String extraRepr() {
        StringBuilder b = new StringBuilder().append(in).append(", ").append(out).append(", kernel_size=").append(ints(kernel));
        if (!ints(stride).equals("1")) b.append(", stride=").append(ints(stride));
        if (!ints(padding).equals("0")) b.append(", padding=").append(ints(padding));
        if (groups != 1) b.append(", groups=").append(groups);
        if (bias() == null) b.append(", bias=false");
        if (mode != PadMode.ZERO) b.append(", padding_mode=circular");
        return b.toString();
    }
}
