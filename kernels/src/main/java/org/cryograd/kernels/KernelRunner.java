package org.cryograd.kernels;

import org.cryograd.tensor.spi.Storage;

/**
 * Where the launchers of the compute-heavy kernels ({@link CudaGemm}, {@link CudaConv}, {@link CudaPool},
 * {@link CudaUpsample}, {@link CudaSparse}) send their work: a device's stream ({@link DeviceRunner}), or in tests a
 * recorder that replays the same launches elsewhere. Keeping launch planning apart from the driver lets the tile,
 * grid and argument logic be exercised without a GPU.
 */
interface KernelRunner {
    /** Compute capability as major * 10 + minor. */
    int computeCapability();

    /** Number of streaming multiprocessors (sizes grids and split-K). */
    int multiprocessors();

    /**
     * Launches {@code kernel} of module {@code module} (the .cu file's base name) with static shared memory only.
     *
     * @param args in the kernel's parameter order: {@link Ptr}, {@link Integer} (int), {@link Long} (long long),
     *             {@link Float} (float)
     */
    void launch(String module, String kernel, Grid grid, Object... args);

    /** Sets {@code n} floats of {@code s} from {@code offset} to zero, in stream order. */
    void zero(Storage s, long offset, long n);

    /** A device copy of {@code data} (freed with {@link #free}); the handle is usable as a {@link Ptr} base. */
    Object upload(int[] data);

    /** A device copy of {@code data} (freed with {@link #free}); the handle is usable as a {@link Ptr} base. */
    Object upload(float[] data);

    /** Frees a handle from {@link #upload} once the work queued so far no longer needs it. */
    void free(Object handle);

    /**
     * A device pointer argument: element {@code offset} (4-byte elements) of a {@link Storage}, of an uploaded handle,
     * or the null pointer when {@code base} is null.
     */
    record Ptr(Object base, long offset) {
        static Ptr of(Storage s, long offset) {
            return new Ptr(s, offset);
        }

        static Ptr of(Storage s) {
            return new Ptr(s, 0);
        }

        static final Ptr NULL = new Ptr(null, 0);
    }

    /** Launch geometry: grid and block dimensions. */
    record Grid(int gx, int gy, int gz, int bx, int by, int bz) {
        /** Validates against the CUDA limits. */
        public Grid {
            if (gx < 1 || gy < 1 || gy > 65535 || gz < 1 || gz > 65535 || bx < 1 || by < 1 || bz < 1 || (long) bx * by * bz > 1024)
                throw new IllegalArgumentException("invalid launch geometry: grid " + gx + "x" + gy + "x" + gz + ", block " + bx + "x" + by + "x" + bz);
        }

        /** A one-dimensional grid of {@code blocks} blocks of {@code threads} threads, {@code gz} deep. */
        static Grid of(long blocks, int threads, int gz) {
            if (blocks > Integer.MAX_VALUE) throw new IllegalArgumentException("problem too large: " + blocks + " blocks");
            return new Grid((int) blocks, 1, gz, threads, 1, 1);
        }

        /**
         * Grid for a grid-stride kernel over {@code n} items: {@value #STRIDE_THREADS} threads per block, at most
         * 32 blocks per multiprocessor (the kernel loops over the rest).
         */
        static Grid stride(long n, int multiprocessors) {
            long blocks = Math.max(1, Math.min((n + STRIDE_THREADS - 1) / STRIDE_THREADS, 32L * Math.max(1, multiprocessors)));
            return of(blocks, STRIDE_THREADS, 1);
        }

        /** The same grid {@code gz} deep. */
        Grid withZ(int gz) {
            return new Grid(gx, gy, gz, bx, by, bz);
        }

        /** Threads per block of grid-stride kernels. */
        static final int STRIDE_THREADS = 256;
    }
}
