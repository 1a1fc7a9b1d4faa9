package org.cryograd.tensor.spi;

import org.cryograd.tensor.PadMode;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.SparseCsr;

/**
 * The kernels every device implements. Autograd and all higher modules talk to {@link org.cryograd.tensor.Tensor}
 * only; this interface is the small, fixed set of primitives under it (tinygrad-style). All tensors are
 * contiguous row-major float32; offsets, strides and sizes are in elements. Every method may run
 * asynchronously except the ones that return data to the host ({@link #download}).
 */
public interface Backend {
    /** Waits until all queued work of this device has finished (for timing); a no-op where work runs synchronously. */
    default void synchronize() {}

    /** The device's name, for reports. */
    default String deviceName() {
        return getClass().getSimpleName();
    }

    /** The device allocator's counters, or null where there is no allocator to report (the CPU's plain arrays). */
    default MemoryStats memoryStats() {
        return null;
    }

    /** The device this backend runs on. */
    Device device();

    /** Allocates {@code n} floats, zero-filled. */
    Storage allocate(long n);

    /** Returns a storage to the backend (called once, when its last tensor closes). */
    void release(Storage s);

    /** Copies host data into a new storage. */
    Storage upload(float[] data, int offset, int length);

    /** Copies {@code length} floats starting at {@code srcOffset} to the host. */
    void download(Storage s, long srcOffset, float[] dst, int dstOffset, int length);

    /** Sets {@code n} floats from {@code offset} to {@code value}. */
    void fill(Storage s, long offset, long n, float value);

    /**
     * Copies a strided view into another strided view of the same logical {@code shape}:
     * {@code dst[dstOff + sum(i_k * dstStrides[k])] = src[srcOff + sum(i_k * srcStrides[k])]}. Source strides may be
     * negative (flip) or zero (broadcast); destination views never overlap themselves.
     */
    void copyStrided(Storage src, long srcOffset, long[] srcStrides, Storage dst, long dstOffset, long[] dstStrides, int[] shape);

    /** {@code y[i] = op(x[i])} for {@code n} elements; {@code x} and {@code y} may be the same storage. */
    void unary(UnaryOp op, float p0, float p1, Storage x, Storage y, long n);

    /**
     * {@code out = op(a, b)} elementwise over {@code outShape}; {@code aStrides}/{@code bStrides} give each input's
     * strides in the output's index space (0 on broadcast dimensions). {@code out} is contiguous and may alias an
     * input that has the output's shape.
     */
    void binary(BinaryOp op, float p0, float p1, Storage a, long[] aStrides, Storage b, long[] bStrides, Storage out, int[] outShape);

    /** Reduces {@code x} viewed as {@code [outer, n, inner]} along the middle axis into {@code y = [outer, inner]}. */
    void reduce(ReduceOp op, Storage x, int outer, int n, int inner, Storage y);

    /**
     * Standardises each of {@code rows} contiguous rows of {@code n} values: {@code y = (x - mean) * invStd} with
     * {@code invStd[r] = 1 / sqrt(var + eps)} and the biased variance: the core of instance, group and layer norm.
     * The default composes {@link #reduce}, {@link #unary} and {@link #binary} ({@link ComposedOps}); a backend
     * overrides it with one pass over the data.
     */
    default void standardizeRows(Storage x, int rows, int n, float eps, Storage y, Storage invStd) {
        ComposedOps.standardizeRows(this, x, rows, n, eps, y, invStd);
    }

    /**
     * The gradient of {@link #standardizeRows}: {@code gx = invStd * (gy - mean(gy) - y * mean(gy * y))} per row, from
     * its output {@code y} and {@code invStd}. Default: {@link ComposedOps}.
     */
    default void standardizeRowsBackward(Storage gy, Storage y, Storage invStd, int rows, int n, Storage gx) {
        ComposedOps.standardizeRowsBackward(this, gy, y, invStd, rows, n, gx);
    }

    /**
     * Batched row-major GEMM: {@code C_i = op(A_i) op(B_i)} for {@code i < batch}, {@code op(A)} is {@code m x k},
     * {@code op(B)} is {@code k x n}; a batch stride of 0 shares one matrix across the batch. {@code C} is overwritten
     * when {@code accumulate} is false, else added to.
     */
    void gemm(int batch, boolean transA, boolean transB, int m, int n, int k,
              Storage a, long aOffset, long strideA, Storage b, long bOffset, long strideB,
              Storage c, long cOffset, long strideC, boolean accumulate);

    /** Convolution forward with zero padding; {@code bias} may be null. See {@link ConvGeometry}. */
    void convForward(ConvGeometry g, Storage x, Storage w, Storage bias, Storage y);

    /** Gradient of the convolution with respect to its input (also transposed convolution's forward). */
    void convBackwardData(ConvGeometry g, Storage gy, Storage w, Storage gx);

    /** Gradient of the convolution with respect to its weight. */
    void convBackwardWeight(ConvGeometry g, Storage x, Storage gy, Storage gw);

    /** Max pooling over {@code [planes, in...]} (3-D sizes); padded cells count as -infinity. */
    void maxPool(Storage x, Storage y, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding);

    /** Max-pooling gradient: each window's first maximum receives the window's upstream gradient. */
    void maxPoolBackward(Storage x, Storage gy, Storage gx, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding);

    /** Average pooling; {@code countIncludePad} as in PyTorch. */
    void avgPool(Storage x, Storage y, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding, boolean countIncludePad);

    /** Average-pooling gradient. */
    void avgPoolBackward(Storage gy, Storage gx, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding, boolean countIncludePad);

    /** Resampling of {@code [planes, in...]} to {@code [planes, out...]}: nearest, or (tri)linear when {@code linear}. */
    void upsample(boolean linear, boolean alignCorners, Storage x, Storage y, int planes, int[] in, int[] out);

    /** Adjoint of {@link #upsample}. */
    void upsampleBackward(boolean linear, boolean alignCorners, Storage gy, Storage gx, int planes, int[] in, int[] out);

    /** Softmax (or log-softmax when {@code log}) of {@code x} viewed as {@code [outer, n, inner]} along the middle axis. */
    void softmax(boolean log, Storage x, int outer, int n, int inner, Storage y);

    /** Pads {@code x = [outer, n, inner]} along the middle axis to {@code [outer, before + n + after, inner]}. */
    void padAxis(PadMode mode, Storage x, int outer, int n, int inner, int before, int after, Storage y);

    /** Adjoint of {@link #padAxis}: {@code gy = [outer, before + n + after, inner]} folded back to {@code [outer, n, inner]}. */
    void padAxisBackward(PadMode mode, Storage gy, int outer, int n, int inner, int before, int after, Storage gx);

    /**
     * {@code out[.., i, ..] = x[.., index[.., i, ..], ..]} along {@code axis} (PyTorch {@code gather}); {@code out} has
     * {@code indexShape}; indices are integer-valued floats.
     */
    void gather(Storage x, int[] xShape, int axis, Storage index, int[] indexShape, Storage out);

    /** {@code target[.., index[.., i, ..], ..] += src[.., i, ..]} along {@code axis} (PyTorch {@code scatter_add_}), in place. */
    void scatterAdd(Storage target, int[] targetShape, int axis, Storage index, int[] indexShape, Storage src);

    /** {@code y = A x} (or {@code A^T x} when {@code transpose}) with {@code x} dense of {@code k} columns. */
    void spmm(SparseCsr a, boolean transpose, Storage x, int k, Storage y);

    /**
     * Philox 4x32-10 random numbers: element {@code i} comes from counter block {@code counter + i / 4} under key
     * {@code seed}; uniform in [0, 1) or standard normal (Box-Muller on word pairs). Identical on every device.
     */
    void random(boolean normal, long seed, long counter, Storage y, long n);
}
