package org.cryograd.kernels;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A caching device allocator. Requests are rounded up to a size class and a released block goes to its class's free
 * list, so the next request of that class reuses it without {@code cuMemAlloc} (which synchronises the device and
 * costs tens of microseconds). A training step that runs in a {@link org.cryograd.tensor.MemoryScope} allocates the
 * same sizes every step, so after the first step it allocates nothing from the driver and device memory stays flat.
 *
 * <p>Reuse needs no synchronisation: every kernel and copy of the device runs on its one stream, so work that used a
 * block before its release is ordered before work that uses it after. Size classes: up to 1 MiB, multiples of
 * 512 bytes; above, multiples of 2 MiB (bounded waste, few classes). On {@code CUDA_ERROR_OUT_OF_MEMORY} the cache
 * is returned to the driver and the allocation retried once; then an {@link IllegalStateException} names the
 * request, the driver's free and total bytes and what this allocator holds.
 *
 * <p>Thread-safe. The driver side is behind {@link DeviceMemory}, so this class is tested without a GPU.
 */
final class CudaAllocator {
    private static final Logger LOG = LoggerFactory.getLogger(CudaAllocator.class);

    /** Granularity of small classes. */
    static final long SMALL_GRANULE = 512;
    /** Largest small class. */
    static final long SMALL_LIMIT = 1L << 20;
    /** Granularity of large classes. */
    static final long LARGE_GRANULE = 2L << 20;

    /** What the allocator needs from the driver. */
    interface DeviceMemory {
        /** A new block of {@code bytes}, or null when the device is out of memory (other errors throw). */
        CUdeviceptr alloc(long bytes);

        /** Returns a block to the driver. */
        void free(CUdeviceptr p);

        /** Queues zeroing of {@code bytes} (a multiple of 4) at {@code p} on the device's stream. */
        void zero(CUdeviceptr p, long bytes);

        /** Waits for all queued work (before blocks go back to the driver). */
        void synchronize();

        /** The driver's free and total bytes. */
        long[] info();

        /** The device, for messages ("cuda:0 (NVIDIA H100 80GB HBM3)"). */
        String name();
    }

    /**
     * Allocator counters.
     *
     * @param inUseBytes   bytes of blocks held by live storages (class sizes)
     * @param cachedBytes  bytes of free blocks kept for reuse
     * @param peakInUseBytes the largest {@code inUseBytes} seen
     * @param driverAllocs {@code cuMemAlloc} calls so far
     * @param cacheHits    requests served from the cache
     */
    record Stats(long inUseBytes, long cachedBytes, long peakInUseBytes, long driverAllocs, long cacheHits) {}

    private final DeviceMemory memory;
    private final Map<Long, ArrayDeque<CUdeviceptr>> free = new HashMap<>();
    private long inUse, cached, peak, driverAllocs, hits;

    CudaAllocator(DeviceMemory memory) {
        this.memory = memory;
    }

    /**
     * The size class of a request: at least {@link #SMALL_GRANULE}; up to {@link #SMALL_LIMIT} rounded up to a
     * multiple of {@link #SMALL_GRANULE}, above rounded up to a multiple of {@link #LARGE_GRANULE}.
     */
    static long sizeClass(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("CUDA allocator: negative size " + bytes);
        if (bytes <= SMALL_LIMIT) return Math.max(SMALL_GRANULE, roundUp(bytes, SMALL_GRANULE));
        return roundUp(bytes, LARGE_GRANULE);
    }

    private static long roundUp(long v, long g) {
        return Math.addExact(v, g - 1) / g * g;
    }

    /** A zero-filled storage of {@code n} floats (the zeroing is queued on the stream). */
    CudaStorage allocate(long n) {
        CudaStorage s = allocateUninitialized(n);
        if (n > 0) memory.zero(s.pointer(), n * Float.BYTES);
        return s;
    }

    /** A storage of {@code n} floats with undefined contents (for results that every element is written to). */
    CudaStorage allocateUninitialized(long n) {
        if (n < 0) throw new IllegalArgumentException("CUDA allocate: negative size " + n + " on " + memory.name());
        long bytes = Math.multiplyExact(n, (long) Float.BYTES);
        long cls = sizeClass(bytes);
        return new CudaStorage(block(cls, bytes), n, cls);
    }

    /** A raw block of at least {@code bytes} (workspaces: doubles, ints); release it with {@link #release}. */
    CudaStorage allocateBytes(long bytes) {
        long cls = sizeClass(bytes);
        return new CudaStorage(block(cls, bytes), bytes / Float.BYTES, cls);
    }

    private synchronized CUdeviceptr block(long cls, long requested) {
        ArrayDeque<CUdeviceptr> list = free.get(cls);
        CUdeviceptr p = list == null ? null : list.pollFirst();
        if (p != null) {
            cached -= cls;
            hits++;
        } else {
            p = memory.alloc(cls);
            if (p == null) {
                LOG.warn("CUDA out of memory on {} allocating {} bytes: returning {} cached bytes to the driver and retrying",
                        memory.name(), cls, cached);
                emptyCacheLocked();
                p = memory.alloc(cls);
                if (p == null) throw outOfMemory(requested, cls);
            }
            driverAllocs++;
        }
        inUse += cls;
        peak = Math.max(peak, inUse);
        return p;
    }

    private IllegalStateException outOfMemory(long requested, long cls) {
        long[] info = memory.info();
        return new IllegalStateException("CUDA out of memory on " + memory.name() + ": cannot allocate " + requested + " bytes ("
                + mib(cls) + " MiB block); the driver reports " + info[0] + " bytes (" + mib(info[0]) + " MiB) free of " + info[1]
                + " bytes (" + mib(info[1]) + " MiB); cryograd holds " + inUse + " bytes in live tensors and nothing cached"
                + " (close tensors or run steps inside a MemoryScope)");
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    /** Returns a storage's block to its class's free list. */
    synchronized void release(CudaStorage s) {
        long cls = s.capacityBytes();
        free.computeIfAbsent(cls, k -> new ArrayDeque<>()).addFirst(s.pointer());
        inUse -= cls;
        cached += cls;
    }

    /** Returns every cached block to the driver (after waiting for queued work). */
    synchronized void emptyCache() {
        emptyCacheLocked();
    }

    private void emptyCacheLocked() {
        if (cached == 0) return;
        memory.synchronize();
        for (ArrayDeque<CUdeviceptr> list : free.values()) {
            for (CUdeviceptr p : list) memory.free(p);
        }
        free.clear();
        cached = 0;
    }

    /** The counters now. */
    synchronized Stats stats() {
        return new Stats(inUse, cached, peak, driverAllocs, hits);
    }

    /** The driver-backed memory of a device. */
    static DeviceMemory driver(CudaDevice dev) {
        return new DeviceMemory() {
            @Override
            public CUdeviceptr alloc(long bytes) {
                dev.makeCurrent();
                CUdeviceptr p = new CUdeviceptr();
                int r = JCudaDriver.cuMemAlloc(p, bytes);
                if (r == CUresult.CUDA_ERROR_OUT_OF_MEMORY) return null;
                CudaErrors.check(r, "cuMemAlloc(" + bytes + " bytes) on " + name());
                return p;
            }

            @Override
            public void free(CUdeviceptr p) {
                dev.makeCurrent();
                CudaErrors.check(JCudaDriver.cuMemFree(p), "cuMemFree on " + name());
            }

            @Override
            public void zero(CUdeviceptr p, long bytes) {
                dev.makeCurrent();
                CudaErrors.check(JCudaDriver.cuMemsetD32Async(p, 0, bytes / Float.BYTES, dev.stream()), "cuMemsetD32Async(" + bytes + " bytes) on " + name());
            }

            @Override
            public void synchronize() {
                dev.synchronize();
            }

            @Override
            public long[] info() {
                return dev.memoryInfo();
            }

            @Override
            public String name() {
                return "cuda:" + dev.index() + " (" + dev.name() + ")";
            }
        };
    }
}
