package org.cryograd.kernels;

import jcuda.driver.CUdeviceptr;
import org.cryograd.tensor.spi.Storage;

/**
 * A block of device memory holding {@code size} floats. The block may be larger ({@code capacityBytes}) when it came
 * from the caching allocator's size classes.
 */
final class CudaStorage implements Storage {
    private final CUdeviceptr ptr;
    private final long size;
    private final long capacityBytes;

    CudaStorage(CUdeviceptr ptr, long size, long capacityBytes) {
        this.ptr = ptr;
        this.size = size;
        this.capacityBytes = capacityBytes;
    }

    @Override
    public long size() {
        return size;
    }

    /** The device address of element 0. */
    CUdeviceptr pointer() {
        return ptr;
    }

    /** The device address of element {@code offset} (in floats). */
    CUdeviceptr at(long offset) {
        return offset == 0 ? ptr : ptr.withByteOffset(offset * Float.BYTES);
    }

    /** Bytes actually reserved for this block. */
    long capacityBytes() {
        return capacityBytes;
    }

    /** Casts a storage handed to the CUDA backend, naming the foreign type otherwise. */
    static CudaStorage of(Storage s) {
        if (s instanceof CudaStorage c) return c;
        throw new IllegalArgumentException("CUDA backend got a storage of another device: " + (s == null ? "null" : s.getClass().getName()));
    }
}
