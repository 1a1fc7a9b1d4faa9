package org.cryograd.kernels;

import jcuda.Pointer;
import jcuda.driver.JCudaDriver;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.SparseCsr;
import org.cryograd.tensor.spi.Backend;
import org.cryograd.tensor.spi.MemoryStats;
import org.cryograd.tensor.spi.BinaryOp;
import org.cryograd.tensor.spi.ConvGeometry;
import org.cryograd.tensor.PadMode;
import org.cryograd.tensor.spi.ReduceOp;
import org.cryograd.tensor.spi.Storage;
import org.cryograd.tensor.spi.UnaryOp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CUDA backend: every {@link Backend} primitive as hand-written kernels launched through the JCuda driver API on
 * the device's one stream. Nothing synchronises the host except {@link #download} (and whatever reads data back:
 * {@code Tensor.toArray}, {@code item}). Memory comes from a caching allocator; {@link #memoryStats()} exposes its
 * counters for tests and benchmarks.
 *
 * <p>Obtained through {@link CudaBackendProvider} ({@code Device.cuda(i)}); each device has one instance.
 */
public final class CudaBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(CudaBackend.class);

    private final Device device;
    private final CudaDevice dev;
    private final CudaAllocator allocator;
    private final CudaIndex.ErrorWord indexErrors;

    private CudaBackend(Device device, CudaDevice dev) {
        this.device = device;
        this.dev = dev;
        this.allocator = dev.allocator();
        this.indexErrors = new CudaIndex.ErrorWord(allocator);
    }

    /**
     * Opens the backend of CUDA device {@code device.index()}.
     *
     * @throws IllegalStateException naming what is missing (JCuda natives, driver, device) or unsupported
     */
    static CudaBackend open(Device device) {
        CudaDevice d = CudaDevice.open(device.index());
        long[] mem = d.memoryInfo();
        LOG.info("CUDA backend on {}: {} (compute capability {}.{}, {} SMs, {} MiB free of {} MiB)", device, d.name(), d.computeCapability() / 10,
                d.computeCapability() % 10, d.multiprocessors(), mem[0] >> 20, mem[1] >> 20);
        return new CudaBackend(device, d);
    }

    /** The allocator's counters now. */
    @Override
    public MemoryStats memoryStats() {
        CudaAllocator.Stats s = allocator.stats();
        return new MemoryStats(s.inUseBytes(), s.cachedBytes(), s.peakInUseBytes(), s.driverAllocs(), s.cacheHits());
    }

    /** Returns the allocator's cached blocks to the driver (other processes then see the memory as free). */
    public void emptyCache() {
        allocator.emptyCache();
    }

    /** Waits until all queued work of this device finished (for timing; results need no explicit synchronisation). */
    @Override
    public void synchronize() {
        dev.synchronize();
    }

    /** The device, for the launchers' variant entry points (validators and benchmarks in this package). */
    CudaDevice cudaDevice() {
        return dev;
    }

    /** The device's name as the driver reports it. */
    @Override
    public String deviceName() {
        return dev.name();
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public Storage allocate(long n) {
        return allocator.allocate(n);
    }

    @Override
    public void release(Storage s) {
        allocator.release(CudaStorage.of(s));
    }

    @Override
    public Storage upload(float[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > data.length)
            throw new IllegalArgumentException("CUDA upload: range [" + offset + ", " + (offset + length) + ") of an array of " + data.length);
        CudaStorage s = allocator.allocateUninitialized(length);
        if (length > 0) {
            dev.makeCurrent();
            Pointer host = offset == 0 ? Pointer.to(data) : Pointer.to(data).withByteOffset((long) offset * Float.BYTES);
            // from pageable memory the driver stages the data before returning, so the array may change afterwards
            CudaErrors.check(JCudaDriver.cuMemcpyHtoDAsync(s.pointer(), host, (long) length * Float.BYTES, dev.stream()),
                    "cuMemcpyHtoDAsync(" + length + " floats) to " + device);
        }
        return s;
    }

    @Override
    public void download(Storage s, long srcOffset, float[] dst, int dstOffset, int length) {
        CudaStorage c = CudaStorage.of(s);
        if (srcOffset < 0 || length < 0 || srcOffset + length > c.size() || dstOffset < 0 || dstOffset + length > dst.length)
            throw new IllegalArgumentException("CUDA download: " + length + " floats from offset " + srcOffset + " of a storage of " + c.size()
                    + " into offset " + dstOffset + " of an array of " + dst.length);
        // wait first, so the JNI array is held only for the copy itself
        dev.synchronize();
        CudaIndex.check(dev, indexErrors);
        if (length == 0) return;
        Pointer host = dstOffset == 0 ? Pointer.to(dst) : Pointer.to(dst).withByteOffset((long) dstOffset * Float.BYTES);
        CudaErrors.check(JCudaDriver.cuMemcpyDtoHAsync(host, c.at(srcOffset), (long) length * Float.BYTES, dev.stream()),
                "cuMemcpyDtoHAsync(" + length + " floats) from " + device);
        dev.synchronize();
    }

    @Override
    public void fill(Storage s, long offset, long n, float value) {
        CudaCopy.fill(dev, s, offset, n, value);
    }

    @Override
    public void copyStrided(Storage src, long srcOffset, long[] srcStrides, Storage dst, long dstOffset, long[] dstStrides, int[] shape) {
        CudaCopy.copyStrided(dev, src, srcOffset, srcStrides, dst, dstOffset, dstStrides, shape);
    }

    @Override
    public void unary(UnaryOp op, float p0, float p1, Storage x, Storage y, long n) {
        CudaElementwise.unary(dev, op, p0, p1, x, y, n);
    }

    @Override
    public void binary(BinaryOp op, float p0, float p1, Storage a, long[] aStrides, Storage b, long[] bStrides, Storage out, int[] outShape) {
        CudaElementwise.binary(dev, op, p0, p1, a, aStrides, b, bStrides, out, outShape);
    }

    @Override
    public void reduce(ReduceOp op, Storage x, int outer, int n, int inner, Storage y) {
        CudaReduce.reduce(dev, op, x, outer, n, inner, y);
    }

    @Override
    public void gemm(int batch, boolean transA, boolean transB, int m, int n, int k, Storage a, long aOffset, long strideA,
                     Storage b, long bOffset, long strideB, Storage c, long cOffset, long strideC, boolean accumulate) {
        CudaGemm.gemm(dev, batch, transA, transB, m, n, k, a, aOffset, strideA, b, bOffset, strideB, c, cOffset, strideC, accumulate);
    }

    @Override
    public void convForward(ConvGeometry g, Storage x, Storage w, Storage bias, Storage y) {
        CudaConv.forward(dev, g, x, w, bias, y);
    }

    @Override
    public void convBackwardData(ConvGeometry g, Storage gy, Storage w, Storage gx) {
        CudaConv.backwardData(dev, g, gy, w, gx);
    }

    @Override
    public void convBackwardWeight(ConvGeometry g, Storage x, Storage gy, Storage gw) {
        CudaConv.backwardWeight(dev, g, x, gy, gw);
    }

    @Override
    public void maxPool(Storage x, Storage y, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding) {
        CudaPool.maxPool(dev, x, y, planes, in, out, kernel, stride, padding);
    }

    @Override
    public void maxPoolBackward(Storage x, Storage gy, Storage gx, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding) {
        CudaPool.maxPoolBackward(dev, x, gy, gx, planes, in, out, kernel, stride, padding);
    }

    @Override
    public void avgPool(Storage x, Storage y, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        CudaPool.avgPool(dev, x, y, planes, in, out, kernel, stride, padding, countIncludePad);
    }

    @Override
    public void avgPoolBackward(Storage gy, Storage gx, int planes, int[] in, int[] out, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        CudaPool.avgPoolBackward(dev, gy, gx, planes, in, out, kernel, stride, padding, countIncludePad);
    }

    @Override
    public void upsample(boolean linear, boolean alignCorners, Storage x, Storage y, int planes, int[] in, int[] out) {
        CudaUpsample.upsample(dev, linear, alignCorners, x, y, planes, in, out);
    }

    @Override
    public void upsampleBackward(boolean linear, boolean alignCorners, Storage gy, Storage gx, int planes, int[] in, int[] out) {
        CudaUpsample.upsampleBackward(dev, linear, alignCorners, gy, gx, planes, in, out);
    }

    @Override
    public void softmax(boolean log, Storage x, int outer, int n, int inner, Storage y) {
        CudaReduce.softmax(dev, log, x, outer, n, inner, y);
    }

    @Override
    public void padAxis(PadMode mode, Storage x, int outer, int n, int inner, int before, int after, Storage y) {
        CudaCopy.padAxis(dev, mode, x, outer, n, inner, before, after, y);
    }

    @Override
    public void padAxisBackward(PadMode mode, Storage gy, int outer, int n, int inner, int before, int after, Storage gx) {
        CudaCopy.padAxisBackward(dev, mode, gy, outer, n, inner, before, after, gx);
    }

    @Override
    public void gather(Storage x, int[] xShape, int axis, Storage index, int[] indexShape, Storage out) {
        CudaIndex.gather(dev, indexErrors, x, xShape, axis, index, indexShape, out);
    }

    @Override
    public void scatterAdd(Storage target, int[] targetShape, int axis, Storage index, int[] indexShape, Storage src) {
        CudaIndex.scatterAdd(dev, indexErrors, target, targetShape, axis, index, indexShape, src);
    }

    @Override
    public void spmm(SparseCsr a, boolean transpose, Storage x, int k, Storage y) {
        CudaSparse.spmm(dev, a, transpose, x, k, y);
    }

    @Override
    public void random(boolean normal, long seed, long counter, Storage y, long n) {
        CudaRandom.random(dev, normal, seed, counter, y, n);
    }

    @Override
    public String toString() {
        return "CudaBackend[" + device + ", " + dev.name() + "]";
    }
}
