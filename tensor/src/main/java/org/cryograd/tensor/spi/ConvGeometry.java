package org.cryograd.tensor.spi;

import java.util.Arrays;

/**
 * The geometry of an N-d convolution (1, 2 or 3 spatial dimensions), always expressed in 3-D:
 * 1-D and 2-D convolutions use leading spatial sizes of 1 (kernel 1, stride 1, padding 0).
 *
 * <p>Input {@code [n, cin, in[0], in[1], in[2]]}, weight {@code [cout, cin/groups, kernel...]},
 * output {@code [n, cout, out...]} with {@code out[d] = (in[d] + 2*padding[d] - kernel[d]) / stride[d] + 1}
 * unless a larger input is given for transposed convolution (extra input rows are then simply not reached).
 * Padding is zero padding; circular padding is applied by the caller as an explicit pad.
 *
 * @param n       batch size
 * @param cin     input channels
 * @param cout    output channels
 * @param groups  channel groups (divides cin and cout)
 * @param in      input spatial size, 3 entries
 * @param kernel  kernel size, 3 entries
 * @param stride  stride, 3 entries
 * @param padding zero padding on both sides, 3 entries
 * @param out     output spatial size, 3 entries
 */
public record ConvGeometry(int n, int cin, int cout, int groups, int[] in, int[] kernel, int[] stride,
                           int[] padding, int[] out) {

    /** Validates the geometry. */
    public ConvGeometry {
        if (in.length != 3 || kernel.length != 3 || stride.length != 3 || padding.length != 3 || out.length != 3)
            throw new IllegalArgumentException("ConvGeometry: spatial arrays must have 3 entries");
        if (groups < 1 || cin % groups != 0 || cout % groups != 0)
            throw new IllegalArgumentException("ConvGeometry: groups=" + groups + " must divide cin=" + cin + " and cout=" + cout);
        for (int d = 0; d < 3; d++) {
            if (kernel[d] < 1 || stride[d] < 1 || padding[d] < 0 || in[d] < 1 || out[d] < 1)
                throw new IllegalArgumentException("ConvGeometry: invalid sizes " + this);
        }
    }

    /** Builds the geometry with the standard output size. */
    public static ConvGeometry of(int n, int cin, int cout, int groups, int[] in, int[] kernel, int[] stride, int[] padding) {
        int[] out = new int[3];
        for (int d = 0; d < 3; d++) {
            int span = in[d] + 2 * padding[d] - kernel[d];
            if (span < 0)
                throw new IllegalArgumentException("convolution: kernel " + Arrays.toString(kernel) + " larger than padded input "
                        + Arrays.toString(in) + " with padding " + Arrays.toString(padding));
            out[d] = span / stride[d] + 1;
        }
        return new ConvGeometry(n, cin, cout, groups, in, kernel, stride, padding, out);
    }

    /** Input voxels per channel. */
    public int inSize() { return in[0] * in[1] * in[2]; }

    /** Output voxels per channel. */
    public int outSize() { return out[0] * out[1] * out[2]; }

    /** Kernel taps per channel. */
    public int kernelSize() { return kernel[0] * kernel[1] * kernel[2]; }

    /** Input channels per group. */
    public int cinPerGroup() { return cin / groups; }

    /** Output channels per group. */
    public int coutPerGroup() { return cout / groups; }

    @Override
    public String toString() {
        return "ConvGeometry[n=" + n + ", cin=" + cin + ", cout=" + cout + ", groups=" + groups + ", in=" + Arrays.toString(in)
                + ", kernel=" + Arrays.toString(kernel) + ", stride=" + Arrays.toString(stride) + ", padding="
                + Arrays.toString(padding) + ", out=" + Arrays.toString(out) + "]";
    }
}
