package org.cryograd.tensor.cpu;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Philox;
import org.cryograd.tensor.SparseCsr;
import org.cryograd.tensor.spi.Backend;
import org.cryograd.tensor.spi.BinaryOp;
import org.cryograd.tensor.spi.ConvGeometry;
import org.cryograd.tensor.PadMode;
import org.cryograd.tensor.spi.ReduceOp;
import org.cryograd.tensor.spi.Storage;
import org.cryograd.tensor.spi.UnaryOp;

/**
 * The pure-Java CPU backend. Every kernel is parallel over fixed chunks ({@link Parallel}), so results are
 * bit-identical for any thread count. Elementwise and reduction loops live in {@link CpuElementwise} and
 * {@link CpuReduce}; GEMM, convolution, pooling and resampling in their own classes, each named at its dispatch
 * below. These are the reference semantics: the CUDA validators compare every device kernel with this class.
 *
 * <p>When the JVM runs with {@code --add-modules jdk.incubator.vector} (and {@code -Dcryograd.simd} is not
 * {@code false}), GEMM, convolution, the vectorisable elementwise ops and sums run on SIMD kernels, chosen once
 * by {@link CpuSimd}; otherwise on their scalar twins.
 */
public final class CpuBackend implements Backend {
    /** The single CPU backend. */
    public static final CpuBackend INSTANCE = new CpuBackend();

    /** Elements per parallel chunk for memory-bound loops. */
    static final int GRAIN = 1 << 15;

    private final Map<SparseCsr, SparseCsr> transposes = Collections.synchronizedMap(new WeakHashMap<>());

    private CpuBackend() {}

    static float[] arr(Storage s) {
        return ((CpuStorage) s).data;
    }

    static int toInt(long v, String what) {
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE)
            throw new IllegalArgumentException("CPU backend: " + what + " " + v + " exceeds the Java array limit");
        return (int) v;
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    @Override
    public Storage allocate(long n) {
        return new CpuStorage(new float[toInt(n, "tensor size")]);
    }

    @Override
    public void release(Storage s) {
        // Java arrays are reclaimed by the garbage collector once unreachable.
    }

    @Override
    public Storage upload(float[] data, int offset, int length) {
        float[] a = new float[length];
        System.arraycopy(data, offset, a, 0, length);
        return new CpuStorage(a);
    }

    @Override
    public void download(Storage s, long srcOffset, float[] dst, int dstOffset, int length) {
        System.arraycopy(arr(s), toInt(srcOffset, "offset"), dst, dstOffset, length);
    }

    @Override
    public void fill(Storage s, long offset, long n, float value) {
        float[] a = arr(s);
        int off = toInt(offset, "offset");
        Parallel.forRange(toInt(n, "size"), GRAIN, (lo, hi) -> java.util.Arrays.fill(a, off + lo, off + hi, value));
    }

    @Override
    public void copyStrided(Storage src, long srcOffset, long[] srcStrides, Storage dst, long dstOffset, long[] dstStrides, int[] shape) {
        CpuCopy.copyStrided(arr(src), srcOffset, srcStrides, arr(dst), dstOffset, dstStrides, shape);
    }

    @Override
    public void unary(UnaryOp op, float p0, float p1, Storage x, Storage y, long n) {
        float[] a = arr(x), b = arr(y);
        Parallel.forRange(toInt(n, "size"), GRAIN, (lo, hi) -> CpuElementwise.unary(op, p0, p1, a, b, lo, hi));
    }

    @Override
    public void binary(BinaryOp op, float p0, float p1, Storage a, long[] aStrides, Storage b, long[] bStrides, Storage out, int[] outShape) {
        CpuElementwise.binary(op, p0, p1, arr(a), aStrides, arr(b), bStrides, arr(out), outShape);
    }

    @Override
    public void reduce(ReduceOp op, Storage x, int outer, int n, int inner, Storage y) {
        CpuReduce.reduce(op, arr(x), outer, n, inner, arr(y));
    }

    @Override
    public void gemm(int batch, boolean transA, boolean transB, int m, int n, int k, Storage a, long aOffset, long strideA,
                     Storage b, long bOffset, long strideB, Storage c, long cOffset, long strideC, boolean accumulate) {
        // BLAS wants leading dimensions >= 1 even for empty matrices; k == 0 then gives C = 0 (or C unchanged)
        int lda = Math.max(1, transA ? m : k);
        int ldb = Math.max(1, transB ? k : n);
        CpuGemm.sgemmBatched(batch, transA, transB, m, n, k, 1f, arr(a), toInt(aOffset, "offset"), lda, strideA,
                arr(b), toInt(bOffset, "offset"), ldb, strideB, accumulate ? 1f : 0f, arr(c), toInt(cOffset, "offset"), Math.max(1, n), strideC);
    }

    @Override
    public void convForward(ConvGeometry g, Storage x, Storage w, Storage bias, Storage y) {
        CpuConv.forward(arr(x), arr(w), bias == null ? null : arr(bias), arr(y), g);
    }

    @Override
    public void convBackwardData(ConvGeometry g, Storage gy, Storage w, Storage gx) {
        CpuConv.backwardData(arr(gy), arr(w), arr(gx), g);
    }

    @Override
    public void convBackwardWeight(ConvGeometry g, Storage x, Storage gy, Storage gw) {
        CpuConv.backwardWeight(arr(x), arr(gy), arr(gw), g);
    }

    @Override
    public void maxPool(Storage x, Storage y, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding) {
        CpuPool.maxForward(arr(x), arr(y), planes, in, out, kernel, stride, padding);
    }

    @Override
    public void maxPoolBackward(Storage x, Storage gy, Storage gx, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding) {
        CpuPool.maxBackward(arr(x), arr(gy), arr(gx), planes, in, out, kernel, stride, padding);
    }

    @Override
    public void avgPool(Storage x, Storage y, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        CpuPool.avgForward(arr(x), arr(y), planes, in, out, kernel, stride, padding, countIncludePad);
    }

    @Override
    public void avgPoolBackward(Storage gy, Storage gx, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        CpuPool.avgBackward(arr(gy), arr(gx), planes, in, out, kernel, stride, padding, countIncludePad);
    }

    @Override
    public void upsample(boolean linear, boolean alignCorners, Storage x, Storage y, int planes, int[] in, int[] out) {
        if (linear) CpuUpsample.linearForward(arr(x), arr(y), planes, in, out, alignCorners);
        else CpuUpsample.nearestForward(arr(x), arr(y), planes, in, out);
    }

    @Override
    public void upsampleBackward(boolean linear, boolean alignCorners, Storage gy, Storage gx, int planes, int[] in, int[] out) {
        if (linear) CpuUpsample.linearBackward(arr(gy), arr(gx), planes, in, out, alignCorners);
        else CpuUpsample.nearestBackward(arr(gy), arr(gx), planes, in, out);
    }

    @Override
    public void standardizeRows(Storage x, int rows, int n, float eps, Storage y, Storage invStd) {
        CpuNorm.standardizeRows(arr(x), rows, n, eps, arr(y), arr(invStd));
    }

    @Override
    public void standardizeRowsBackward(Storage gy, Storage y, Storage invStd, int rows, int n, Storage gx) {
        CpuNorm.standardizeRowsBackward(arr(gy), arr(y), arr(invStd), rows, n, arr(gx));
    }

    @Override
    public void softmax(boolean log, Storage x, int outer, int n, int inner, Storage y) {
        CpuReduce.softmax(log, arr(x), outer, n, inner, arr(y));
    }

    @Override
    public void padAxis(PadMode mode, Storage x, int outer, int n, int inner, int before, int after, Storage y) {
        CpuCopy.padAxis(mode, arr(x), outer, n, inner, before, after, arr(y));
    }

    @Override
    public void padAxisBackward(PadMode mode, Storage gy, int outer, int n, int inner, int before, int after, Storage gx) {
        CpuCopy.padAxisBackward(mode, arr(gy), outer, n, inner, before, after, arr(gx));
    }

    @Override
    public void gather(Storage x, int[] xShape, int axis, Storage index, int[] indexShape, Storage out) {
        CpuIndex.gather(arr(x), xShape, axis, arr(index), indexShape, arr(out));
    }

    @Override
    public void scatterAdd(Storage target, int[] targetShape, int axis, Storage index, int[] indexShape, Storage src) {
        CpuIndex.scatterAdd(arr(target), targetShape, axis, arr(index), indexShape, arr(src));
    }

    @Override
    public void spmm(SparseCsr a, boolean transpose, Storage x, int k, Storage y) {
        SparseCsr m = transpose ? transposes.computeIfAbsent(a, SparseCsr::transpose) : a;
        CpuIndex.spmm(m, arr(x), k, arr(y));
    }

    @Override
    public void random(boolean normal, long seed, long counter, Storage y, long n) {
        float[] a = arr(y);
        // grain is a multiple of 4 so chunks start on block boundaries
        Parallel.forRange(toInt(n, "size"), 1 << 14, (lo, hi) -> Philox.fill(normal, seed, counter, a, lo, hi));
    }
}
