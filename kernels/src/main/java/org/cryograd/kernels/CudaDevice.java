package org.cryograd.kernels;

import java.nio.charset.StandardCharsets;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;
import org.cryograd.tensor.DeviceUnavailableException;

/**
 * One GPU as cryograd uses it: the device's primary context, one non-blocking stream (every launch and copy of the
 * backend goes to it, so work stays ordered without host synchronisation), the loaded kernel modules, and the
 * device's properties.
 */
final class CudaDevice {
    private final int index;
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final String name;
    private final int computeCapability;
    private final int multiprocessors;
    private final long totalBytes;
    private final CudaModules modules;
    private final CudaAllocator allocator;
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);
    private static volatile String loadFailure;

    private CudaDevice(int index) {
        this.index = index;
        CUdevice dev = new CUdevice();
        CudaErrors.check(JCudaDriver.cuDeviceGet(dev, index), "cuDeviceGet(" + index + ")");
        byte[] nameBytes = new byte[256];
        CudaErrors.check(JCudaDriver.cuDeviceGetName(nameBytes, nameBytes.length, dev), "cuDeviceGetName");
        int len = 0;
        while (len < nameBytes.length && nameBytes[len] != 0) len++;
        this.name = new String(nameBytes, 0, len, StandardCharsets.US_ASCII);
        this.computeCapability = 10 * attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR)
                + attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        this.multiprocessors = attribute(dev, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        long[] total = new long[1];
        CudaErrors.check(JCudaDriver.cuDeviceTotalMem(total, dev), "cuDeviceTotalMem");
        this.totalBytes = total[0];
        if (computeCapability < 75)
            throw new DeviceUnavailableException("CUDA device " + index + " (" + name + ") has compute capability " + computeCapability / 10 + "." + computeCapability % 10
                    + "; cryograd's kernels need 7.5 or newer");
        CudaErrors.check(JCudaDriver.cuDevicePrimaryCtxRetain(context, dev), "cuDevicePrimaryCtxRetain(" + index + ")");
        makeCurrent();
        CudaErrors.check(JCudaDriver.cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
        this.modules = new CudaModules(this);
        this.allocator = new CudaAllocator(CudaAllocator.driver(this));
    }

    /**
     * Opens device {@code index}: loads the driver, initialises it and checks that the device exists.
     *
     * @throws DeviceUnavailableException naming what is missing: the JCuda native library, the driver (libcuda.so.1), a
     *                               device with that index
     */
    static CudaDevice open(int index) {
        try {
            CudaErrors.useReturnCodes();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            // the first failure says why (a later one only says the class failed to initialise): keep its reason
            if (loadFailure == null) loadFailure = loadReason(e);
            throw new DeviceUnavailableException("CUDA unavailable: the JCuda driver library could not be loaded (" + loadFailure
                    + "); is an NVIDIA driver installed (libcuda.so.1)?", e);
        }
        int r = JCudaDriver.cuInit(0);
        if (r != 0) throw new DeviceUnavailableException("CUDA unavailable: cuInit failed with " + CudaErrors.name(r) + " (no usable NVIDIA driver or GPU)");
        int[] count = new int[1];
        CudaErrors.check(JCudaDriver.cuDeviceGetCount(count), "cuDeviceGetCount");
        if (count[0] == 0) throw new DeviceUnavailableException("CUDA unavailable: the driver reports no GPU");
        if (index < 0 || index >= count[0])
            throw new DeviceUnavailableException("CUDA device " + index + " does not exist: the driver reports " + count[0] + " GPU(s), cuda:0"
                    + (count[0] > 1 ? " to cuda:" + (count[0] - 1) : ""));
        return new CudaDevice(index);
    }

    /**
     * Why loading failed, as short as it can be said: the library the loader could not open ("libcuda.so.1: cannot
     * open shared object file: No such file or directory", from JCuda's nested report), else the message's first line.
     */
    static String loadReason(Throwable e) {
        for (String line : String.valueOf(e.getMessage()).split("\n")) {
            int at = line.indexOf(": cannot open shared object file");
            if (at < 0) continue;
            int lib = line.lastIndexOf(": ", at - 1); // "...libJCudaDriver-...so: libcuda.so.1: cannot open ..."
            return line.substring(lib < 0 ? 0 : lib + 2).trim();
        }
        return firstLine(e);
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static int attribute(CUdevice dev, int attr) {
        int[] v = new int[1];
        CudaErrors.check(JCudaDriver.cuDeviceGetAttribute(v, attr, dev), "cuDeviceGetAttribute(" + attr + ")");
        return v[0];
    }

    /** Makes this device's context current on the calling thread (once per thread). */
    void makeCurrent() {
        if (!current.get()) {
            CudaErrors.check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent(cuda:" + index + ")");
            current.set(true);
        }
    }

    /** Waits for all work queued on the stream. */
    void synchronize() {
        makeCurrent();
        CudaErrors.check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize(cuda:" + index + ")");
    }

    /** Free and total device memory in bytes, as the driver reports them now. */
    long[] memoryInfo() {
        makeCurrent();
        long[] free = new long[1], total = new long[1];
        CudaErrors.check(JCudaDriver.cuMemGetInfo(free, total), "cuMemGetInfo");
        return new long[] {free[0], total[0]};
    }

    int index() { return index; }

    CUstream stream() { return stream; }

    String name() { return name; }

    /** Compute capability as major * 10 + minor (90 for Hopper). */
    int computeCapability() { return computeCapability; }

    int multiprocessors() { return multiprocessors; }

    long totalBytes() { return totalBytes; }

    CudaModules modules() { return modules; }

    /** The device's caching allocator (tensor storages and kernel workspaces). */
    CudaAllocator allocator() { return allocator; }
}
