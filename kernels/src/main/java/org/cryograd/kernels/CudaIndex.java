package org.cryograd.kernels;

import java.util.Arrays;
import java.util.List;
import jcuda.Pointer;
import jcuda.driver.JCudaDriver;
import org.cryograd.tensor.spi.Storage;

/**
 * gather and scatter-add along one axis ({@code index.cu}). Index validation happens on the device: checking on the
 * host would need the indices there, i.e. a synchronising read per call. A kernel that meets an invalid index skips it
 * and records the first one in the device's error word; {@link #check} (called by every host read, after the stream
 * synchronised) then throws the CPU backend's {@link IllegalArgumentException} ("gather: index 3.0 out of range
 * [0, 3)"), noting that the GPU reports it at the next read. scatter-add uses float atomics: colliding indices are
 * summed in an unspecified order, so results may differ from the CPU's sequential sums by rounding.
 *
 * <p>CPU reference: {@code CpuIndex} (gather, scatter-add), validated by {@code DeviceOpsKernelTest}.
 */
final class CudaIndex {
    static final String MODULE = "index";

    /** The error word of one device: 4 ints on the device and whether a kernel that may set it ran since the last check. */
    static final class ErrorWord {
        private final CudaStorage word;
        private volatile boolean armed;

        ErrorWord(CudaAllocator allocator) {
            this.word = allocator.allocate(4);
        }
    }

    private CudaIndex() {}

    /** The axis strides (row-major) of {@code shape} with the axis's own stride zeroed, and that stride. */
    static long[] stridesWithoutAxis(int[] shape, int axis) {
        long[] s = StridedDims.contiguous(shape);
        s[axis] = 0;
        return s;
    }

    /** The message of a recorded error ({@code op} 0 gather, 1 scatterAdd), as the CPU backend words it. */
    static String message(int op, int valueBits, int size, String device) {
        return (op == 0 ? "gather" : "scatterAdd") + ": index " + Float.intBitsToFloat(valueBits) + " out of range [0, " + size + ")"
                + " (found on " + device + " by an earlier kernel, reported at this read)";
    }

    static void gather(CudaDevice dev, ErrorWord err, Storage x, int[] xShape, int axis, Storage index, int[] indexShape, Storage out) {
        err.armed = true;
        DeviceOps.run(dev, c -> plan(c, false, CudaStorage.of(x), xShape, axis, CudaStorage.of(index), indexShape, CudaStorage.of(out), err.word));
    }

    static void scatterAdd(CudaDevice dev, ErrorWord err, Storage target, int[] targetShape, int axis, Storage index, int[] indexShape, Storage src) {
        err.armed = true;
        DeviceOps.run(dev, c -> plan(c, true, CudaStorage.of(target), targetShape, axis, CudaStorage.of(index), indexShape, CudaStorage.of(src), err.word));
    }

    /**
     * The launch of gather ({@code third} = out) or scatter-add ({@code third} = src); both kernels take
     * {@code (data, index, third, dims, n, axisStride, axisSize, errorWord)}.
     */
    static List<DeviceOps.Op> plan(DeviceOps.Context c, boolean scatter, CudaStorage data, int[] dataShape, int axis, CudaStorage index,
                                   int[] indexShape, CudaStorage third, CudaStorage errorWord) {
        String kernel = scatter ? "scatter_add_1" : "gather_1";
        if (indexShape.length != dataShape.length || axis < 0 || axis >= dataShape.length)
            throw new IllegalArgumentException("CUDA " + kernel + ": index shape " + Arrays.toString(indexShape) + " and data shape "
                    + Arrays.toString(dataShape) + " with axis " + axis);
        if (indexShape.length > StridedDims.MAX_RANK)
            throw new IllegalArgumentException("CUDA " + kernel + ": rank " + indexShape.length + " exceeds " + StridedDims.MAX_RANK);
        long n = 1;
        for (int v : indexShape) n *= v;
        if (n == 0) return List.of();
        long axisStride = StridedDims.contiguous(dataShape)[axis];
        StridedDims d = new StridedDims(indexShape.clone(), stridesWithoutAxis(dataShape, axis), new long[indexShape.length]);
        return List.of(DeviceOps.launch1d(c, MODULE, kernel, n, DeviceOps.Ptr.of(data), DeviceOps.Ptr.of(index), DeviceOps.Ptr.of(third), d.pack(), n,
                axisStride, dataShape[axis], DeviceOps.Ptr.of(errorWord)));
    }

    /**
     * Throws the first index error recorded since the last check, and clears it. Call only after the stream
     * synchronised (a host read).
     */
    static void check(CudaDevice dev, ErrorWord err) {
        if (!err.armed) return;
        err.armed = false;
        int[] w = new int[4];
        dev.makeCurrent();
        CudaErrors.check(JCudaDriver.cuMemcpyDtoHAsync(Pointer.to(w), err.word.pointer(), 16, dev.stream()), "cuMemcpyDtoHAsync(error word)");
        dev.synchronize();
        if (w[0] == 0) return;
        CudaErrors.check(JCudaDriver.cuMemsetD32Async(err.word.pointer(), 0, 4, dev.stream()), "cuMemsetD32Async(error word)");
        throw new IllegalArgumentException(message(w[1], w[2], w[3], "cuda:" + dev.index()));
    }
}
