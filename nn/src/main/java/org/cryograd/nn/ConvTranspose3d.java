package org.cryograd.nn;

import org.cryograd.tensor.F;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * 3-D transposed convolution (PyTorch's {@code nn.ConvTranspose3d}): weight {@code [in, out/groups, k, k, k]},
 * bias {@code [out]}, output size {@code (in - 1) * stride - 2 * padding + kernel + outputPadding} per dimension.
 * Zero padding only (as in PyTorch). Default initialisation is PyTorch's: {@code U(-1/sqrt(f), 1/sqrt(f))} for
 * weight and bias with {@code f = Init.fanIn(weight) = out/groups * prod(k)}.
 */
public final class ConvTranspose3d extends Module {
    private final int in, out, groups;
    private final int[] kernel, stride, padding, outputPadding;

    /** Stride {@code stride}, no padding, with bias (e.g. {@code kernel = stride = 2} to double the size). */
    public ConvTranspose3d(Rng rng, int in, int out, int kernel, int stride) {
        this(rng, in, out, new int[] {kernel}, new int[] {stride}, new int[] {0}, new int[] {0}, 1, true);
    }

    /**
     * The general layer.
     *
     * @param kernel        1 or 3 values
     * @param stride        1 or 3 values
     * @param padding       1 or 3 values: removes {@code padding} cells from each side of the full output
     * @param outputPadding 1 or 3 values, each below its stride: extra cells on the high side
     * @param groups        channel groups
     * @param bias          whether to add a learned bias
     */
    public ConvTranspose3d(Rng rng, int in, int out, int[] kernel, int[] stride, int[] padding, int[] outputPadding, int groups, boolean bias) {
        String name = "ConvTranspose3d";
        this.kernel = ConvNd.expand(name, "kernel", kernel, 3, 1);
        this.stride = ConvNd.expand(name, "stride", stride, 3, 1);
        this.padding = ConvNd.expand(name, "padding", padding, 3, 0);
        this.outputPadding = ConvNd.expand(name, "outputPadding", outputPadding, 3, 0);
        for (int i = 0; i < 3; i++)
            if (this.outputPadding[i] >= this.stride[i])
                throw new IllegalArgumentException(name + ": outputPadding " + ints(this.outputPadding) + " must be smaller than stride " + ints(this.stride));
        if (in < 1 || out < 1 || groups < 1 || in % groups != 0 || out % groups != 0)
            throw new IllegalArgumentException(name + ": in=" + in + " and out=" + out + " channels must be positive multiples of groups=" + groups);
        this.in = in;
        this.out = out;
        this.groups = groups;
        Tensor w = param("weight", Tensor.zeros(in, out / groups, this.kernel[0], this.kernel[1], this.kernel[2]));
        Init.kaimingUniform(w, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, rng);
        if (bias) {
            double b = 1.0 / Math.sqrt(Init.fanIn(w.shape()));
            Init.uniform(param("bias", Tensor.zeros(out)), -b, b, rng);
        }
    }

    /** The weight {@code [in, out/groups, k, k, k]}. */
    public Tensor weight() {
        return param("weight");
    }

    /** The bias {@code [out]}, or null without one. */
    public Tensor bias() {
        return paramOrNull("bias");
    }

    /** Input channels. */
    public int inChannels() {
        return in;
    }

    /** Output channels. */
    public int outChannels() {
        return out;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 5 || x.dim(1) != in)
            throw new IllegalArgumentException("ConvTranspose3d(" + in + " -> " + out + "): input of shape " + x.shape() + " must be [N, " + in + ", D, H, W]");
        return F.convTranspose3d(x, weight(), bias(), stride, padding, outputPadding, groups);
    }

    @Override
    protected String extraRepr() {
        StringBuilder b = new StringBuilder().append(in).append(", ").append(out).append(", kernel_size=").append(ints(kernel))
                .append(", stride=").append(ints(stride));
        if (!ints(padding).equals("0")) b.append(", padding=").append(ints(padding));
        if (!ints(outputPadding).equals("0")) b.append(", output_padding=").append(ints(outputPadding));
        if (groups != 1) b.append(", groups=").append(groups);
        if (bias() == null) b.append(", bias=false");
        return b.toString();
    }
}
