package org.cryograd.kernels;

import org.cryograd.kernels.CsrCache.DeviceCsr;
import org.cryograd.kernels.KernelRunner.Grid;
import org.cryograd.kernels.KernelRunner.Ptr;
import org.cryograd.tensor.SparseCsr;
import org.cryograd.tensor.spi.Storage;

/**
 * CSR sparse x dense on the GPU ({@code Backend.spmm}), kernels in {@code src/main/cuda/spmm.cu}. The CSR arrays are
 * uploaded once per matrix and device ({@link CsrCache}); {@code A^T x} runs on the cached transpose, so every output
 * row belongs to one thread or warp and no atomics are needed.
 *
 * <p>Variants: {@link #THREAD} (one thread per output element, the CPU's exact arithmetic; promoted unless rows are
 * long and k small) and {@link #WARP} (one warp per row, for long rows with few columns).
 *
 * <p>CPU reference: {@code CpuIndex.spmm}, validated by {@code SpmmKernelTest}.
 */
final class CudaSparse {
    /** One thread per output element. */
    static final int THREAD = 1;
    /** One warp per row. */
    static final int WARP = 2;
    /** Mean entries per row from which {@link #WARP} is used for small k. */
    static final int WARP_MIN_ROW_LENGTH = 32;
    /** Columns from which {@link #THREAD} is always used (its threads then read x rows coalesced). */
    static final int THREAD_MIN_K = 16;

    static final String MODULE = "spmm";

    private CudaSparse() {}

    /** {@code Backend.spmm} on {@code dev}. */
    static void spmm(CudaDevice dev, SparseCsr a, boolean transpose, Storage x, int k, Storage y) {
        KernelRunner r = new DeviceRunner(dev);
        spmm(r, dev, -1, a, transpose, x, k, y);
    }

    /**
     * {@code y = A x} or {@code A^T x} with an explicit variant ({@code -1}: {@link #variantFor}).
     *
     * @param deviceKey identifies the device for the CSR cache
     */
    static void spmm(KernelRunner r, Object deviceKey, int variant, SparseCsr a, boolean transpose, Storage x, int k, Storage y) {
        int rows = transpose ? a.cols() : a.rows(), cols = transpose ? a.rows() : a.cols();
        String shape = "spmm(" + a + (transpose ? "^T" : "") + ", k=" + k + ")";
        if (k < 0) throw new IllegalArgumentException("CUDA " + shape + ": negative k");
        if (x.size() < (long) cols * k) throw new IllegalArgumentException("CUDA " + shape + ": x has " + x.size() + " floats, needs " + (long) cols * k);
        if (y.size() < (long) rows * k) throw new IllegalArgumentException("CUDA " + shape + ": y has " + y.size() + " floats, needs " + (long) rows * k);
        if ((long) rows * k == 0) return;
        DeviceCsr m = CsrCache.of(deviceKey).get(a, transpose, r);
        int v = variant < 0 ? variantFor(m.rows(), m.nnz(), k) : variant;
        Object[] args = {new Ptr(m.rowPtr(), 0), new Ptr(m.colIdx(), 0), new Ptr(m.values(), 0), Ptr.of(x), Ptr.of(y), m.rows(), k};
        switch (v) {
            case THREAD -> r.launch(MODULE, "spmm_1_thread", Grid.stride((long) m.rows() * k, r.multiprocessors()), args);
            case WARP -> r.launch(MODULE, "spmm_2_warp", Grid.stride(32L * m.rows(), r.multiprocessors()), args);
            default -> throw new IllegalArgumentException("CUDA " + shape + ": unknown variant " + v);
        }
    }

    /** {@link #WARP} for rows of at least {@link #WARP_MIN_ROW_LENGTH} entries on average and k below {@link #THREAD_MIN_K}. */
    static int variantFor(int rows, int nnz, int k) {
        return k < THREAD_MIN_K && rows > 0 && nnz / rows >= WARP_MIN_ROW_LENGTH ? WARP : THREAD;
    }
}
