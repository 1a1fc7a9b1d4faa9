package org.cryograd.kernels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import org.cryograd.tensor.spi.Storage;

/**
 * The production {@link KernelRunner}: launches on a {@link CudaDevice}'s stream. Uploads are stream-ordered copies
 * from direct buffers (staged by the driver, so the host buffer can go at once); frees are deferred behind an event
 * recorded on the stream, so no call here ever waits for the GPU.
 */
final class DeviceRunner implements KernelRunner {
    private final CudaDevice dev;

    DeviceRunner(CudaDevice dev) {
        this.dev = dev;
    }

    @Override
    public int computeCapability() {
        return dev.computeCapability();
    }

    @Override
    public int multiprocessors() {
        return dev.multiprocessors();
    }

    @Override
    public void launch(String module, String kernel, Grid g, Object... args) {
        Object[] converted = new Object[args.length];
        for (int i = 0; i < args.length; i++) converted[i] = args[i] instanceof Ptr p ? pointer(p) : args[i];
        CudaLaunch.launch(dev, dev.modules().function(module, kernel), g.gx(), g.gy(), g.gz(), g.bx(), g.by(), g.bz(), 0, converted);
    }

    @Override
    public void zero(Storage s, long offset, long n) {
        if (n <= 0) return;
        dev.makeCurrent();
        CudaErrors.check(JCudaDriver.cuMemsetD32Async(CudaStorage.of(s).at(offset), 0, n, dev.stream()),
                "cuMemsetD32Async(" + n + " floats) on cuda:" + dev.index());
    }

    @Override
    public Object upload(int[] data) {
        ByteBuffer b = ByteBuffer.allocateDirect(Math.max(4, data.length * 4)).order(ByteOrder.nativeOrder());
        b.asIntBuffer().put(data);
        return copy(b, data.length * 4L);
    }

    @Override
    public Object upload(float[] data) {
        ByteBuffer b = ByteBuffer.allocateDirect(Math.max(4, data.length * 4)).order(ByteOrder.nativeOrder());
        b.asFloatBuffer().put(data);
        return copy(b, data.length * 4L);
    }

    private CUdeviceptr copy(ByteBuffer b, long bytes) {
        dev.makeCurrent();
        CUdeviceptr p = new CUdeviceptr();
        CudaErrors.check(JCudaDriver.cuMemAlloc(p, Math.max(4, bytes)), "cuMemAlloc(" + bytes + " bytes) on cuda:" + dev.index());
        if (bytes > 0)
            CudaErrors.check(JCudaDriver.cuMemcpyHtoDAsync(p, Pointer.to(b), bytes, dev.stream()), "cuMemcpyHtoDAsync(" + bytes + " bytes)");
        return p;
    }

    @Override
    public void free(Object handle) {
        dev.makeCurrent();
        CUevent done = new CUevent();
        CudaErrors.check(JCudaDriver.cuEventCreate(done, CUevent_flags.CU_EVENT_DISABLE_TIMING), "cuEventCreate");
        CudaErrors.check(JCudaDriver.cuEventRecord(done, dev.stream()), "cuEventRecord");
        DeferredFrees.of(dev).add(done, (CUdeviceptr) handle);
    }

    private static CUdeviceptr pointer(Ptr p) {
        if (p.base() == null) return new CUdeviceptr();
        if (p.base() instanceof Storage s) return CudaStorage.of(s).at(p.offset());
        CUdeviceptr d = (CUdeviceptr) p.base();
        return p.offset() == 0 ? d : d.withByteOffset(p.offset() * 4);
    }

    /** Device frees waiting for their event; polled (never waited on) at each free. */
    private static final class DeferredFrees {
        private static final java.util.Map<CudaDevice, DeferredFrees> ALL = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.ArrayDeque<Object[]> pending = new java.util.ArrayDeque<>();

        static DeferredFrees of(CudaDevice dev) {
            return ALL.computeIfAbsent(dev, d -> new DeferredFrees());
        }

        synchronized void add(CUevent done, CUdeviceptr p) {
            pending.add(new Object[] {done, p});
            poll();
        }

        synchronized void poll() {
            while (!pending.isEmpty()) {
                Object[] head = pending.peek();
                int r = JCudaDriver.cuEventQuery((CUevent) head[0]);
                if (r == CUresult.CUDA_ERROR_NOT_READY) return;
                CudaErrors.check(r, "cuEventQuery");
                pending.poll();
                CudaErrors.check(JCudaDriver.cuMemFree((CUdeviceptr) head[1]), "cuMemFree");
                CudaErrors.check(JCudaDriver.cuEventDestroy((CUevent) head[0]), "cuEventDestroy");
            }
        }
    }
}
