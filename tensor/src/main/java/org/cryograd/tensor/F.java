package org.cryograd.tensor;

import org.cryograd.tensor.PadMode;

/**
 * Neural-network functions on tensors, all differentiable: convolution and transposed convolution (1-3 D),
 * pooling, resampling, softmax, padding, gather/scatter-add and sparse products. Tensor layouts follow PyTorch:
 * {@code [N, C, (D,) (H,) W]}, weights {@code [Cout, Cin/groups, k...]} (transposed: {@code [Cin, Cout/groups, k...]}).
 * Array arguments such as {@code stride} take one value per spatial dimension, or one value for all.
 */
public final class F {
    private F() {}

    /** 3-D convolution with zero padding and no groups. */
    public static Tensor conv3d(Tensor x, Tensor w, Tensor bias, int stride, int padding) {
        return conv3d(x, w, bias, new int[] {stride}, new int[] {padding}, 1, PadMode.ZERO);
    }

    /** 3-D convolution. */
    public static Tensor conv3d(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int groups, PadMode mode) {
        return ConvOps.conv(3, x, w, bias, stride, padding, groups, mode);
    }

    /** 2-D convolution with zero padding and no groups. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, int padding) {
        return conv2d(x, w, bias, new int[] {stride}, new int[] {padding}, 1, PadMode.ZERO);
    }

    /** 2-D convolution. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int groups, PadMode mode) {
        return ConvOps.conv(2, x, w, bias, stride, padding, groups, mode);
    }

    /** 1-D convolution with zero padding and no groups. */
    public static Tensor conv1d(Tensor x, Tensor w, Tensor bias, int stride, int padding) {
        return conv1d(x, w, bias, new int[] {stride}, new int[] {padding}, 1, PadMode.ZERO);
    }

    /** 1-D convolution. */
    public static Tensor conv1d(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int groups, PadMode mode) {
        return ConvOps.conv(1, x, w, bias, stride, padding, groups, mode);
    }

    /** 3-D transposed convolution; output size {@code (in - 1) * stride - 2 * padding + kernel + outputPadding}. */
    public static Tensor convTranspose3d(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] outputPadding, int groups) {
        return ConvOps.convTranspose(3, x, w, bias, stride, padding, outputPadding, groups);
    }

    /** 3-D transposed convolution without output padding or groups. */
    public static Tensor convTranspose3d(Tensor x, Tensor w, Tensor bias, int stride, int padding) {
        return convTranspose3d(x, w, bias, new int[] {stride}, new int[] {padding}, new int[] {0}, 1);
    }

    /** 2-D transposed convolution. */
    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] outputPadding, int groups) {
        return ConvOps.convTranspose(2, x, w, bias, stride, padding, outputPadding, groups);
    }

    /** 1-D transposed convolution. */
    public static Tensor convTranspose1d(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] outputPadding, int groups) {
        return ConvOps.convTranspose(1, x, w, bias, stride, padding, outputPadding, groups);
    }

    /** Max pooling over 1-3 spatial dims ({@code dims}); stride null means stride = kernel. Padded cells are -infinity. */
    public static Tensor maxPool(int dims, Tensor x, int[] kernel, int[] stride, int[] padding) {
        return PoolOps.pool(true, dims, x, kernel, stride, padding, true);
    }

    /** 3-D max pooling with a cubic window, stride = kernel, no padding. */
    public static Tensor maxPool3d(Tensor x, int kernel) {
        return maxPool(3, x, new int[] {kernel}, null, new int[] {0});
    }

    /** Average pooling; {@code countIncludePad} as PyTorch's {@code count_include_pad}. */
    public static Tensor avgPool(int dims, Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        return PoolOps.pool(false, dims, x, kernel, stride, padding, countIncludePad);
    }

    /** 3-D average pooling with a cubic window, stride = kernel, no padding. */
    public static Tensor avgPool3d(Tensor x, int kernel) {
        return avgPool(3, x, new int[] {kernel}, null, new int[] {0}, true);
    }

    /** Nearest-neighbour resampling of {@code [N, C, spatial...]} to {@code size} (PyTorch's {@code mode='nearest'}). */
    public static Tensor upsampleNearest(Tensor x, int... size) {
        return PoolOps.upsample(x, size, false, false);
    }

    /** Linear, bilinear or trilinear resampling (by the number of spatial dims) to {@code size}. */
    public static Tensor upsampleLinear(Tensor x, boolean alignCorners, int... size) {
        return PoolOps.upsample(x, size, true, alignCorners);
    }

    /**
     * {@code (x - mean) / sqrt(var + eps)} with the mean and biased variance of each slice over the axes
     * {@code fromAxis .. rank - 1}: instance norm of {@code [N, C, ...]} is {@code standardize(x, 2, eps)}, layer norm
     * over the last axis {@code standardize(x, rank - 1, eps)}. One fused pass each way (PyTorch's
     * {@code F.instance_norm} without affine or running statistics).
     */
    public static Tensor standardize(Tensor x, int fromAxis, float eps) {
        return Standardize.apply(x, fromAxis, eps);
    }

    /** Softmax along {@code axis}. */
    public static Tensor softmax(Tensor x, int axis) {
        return IndexOps.softmax(x, axis, false);
    }

    /** Log-softmax along {@code axis} (numerically stable). */
    public static Tensor logSoftmax(Tensor x, int axis) {
        return IndexOps.softmax(x, axis, true);
    }

    /**
     * Pads with PyTorch's {@code F.pad} ordering: pairs {@code (before, after)} starting from the last dimension.
     * Circular padding may not exceed the padded dimension's size.
     */
    public static Tensor pad(Tensor x, PadMode mode, int... pads) {
        return Shapes.pad(x, mode, pads);
    }

    /** {@code out[i][j][k] = x[index[i][j][k]][j][k]} for axis 0 (PyTorch {@code gather}); indices are integer floats. */
    public static Tensor gather(Tensor x, int axis, Tensor index) {
        return IndexOps.gather(x, axis, index);
    }

    /** A copy of {@code x} with {@code src} added at {@code index} along {@code axis} (PyTorch {@code scatter_add}). */
    public static Tensor scatterAdd(Tensor x, int axis, Tensor index, Tensor src) {
        return IndexOps.scatterAdd(x, axis, index, src);
    }

    /** {@code A x} for a constant sparse {@code A} and dense {@code x} of shape {@code [cols]} or {@code [cols, k]}. */
    public static Tensor spmm(SparseCsr a, Tensor x) {
        return IndexOps.spmm(a, x, false);
    }

    /** {@code A^T x} for dense {@code x} of shape {@code [rows]} or {@code [rows, k]}. */
    public static Tensor spmmT(SparseCsr a, Tensor x) {
        return IndexOps.spmm(a, x, true);
    }
}
