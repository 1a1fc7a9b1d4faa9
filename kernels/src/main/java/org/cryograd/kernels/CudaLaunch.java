package org.cryograd.kernels;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.JCudaDriver;

/**
 * Packs kernel arguments and launches on a device's stream. Arguments are passed in the kernel's parameter order:
 * {@link CudaStorage} and {@link CUdeviceptr} as device pointers, {@link Integer}, {@link Long}, {@link Float} as
 * {@code int}, {@code long long}, {@code float} values (box them explicitly: {@code (long) n} for a 64-bit size), and
 * {@code byte[]} as a struct passed by value (its packed bytes, e.g. {@link StridedDims#pack()}).
 */
final class CudaLaunch {
    /** Threads per block for one-dimensional grid-stride kernels. */
    static final int BLOCK = 256;

    private CudaLaunch() {}

    /** Launches {@code f} with a 3-D grid and block. */
    static void launch(CudaDevice dev, CUfunction f, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes, Object... args) {
        Pointer[] packed = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) packed[i] = pack(args[i], i);
        dev.makeCurrent();
        CudaErrors.check(JCudaDriver.cuLaunchKernel(f, gx, gy, gz, bx, by, bz, sharedBytes, dev.stream(), Pointer.to(packed), null),
                "cuLaunchKernel(grid " + gx + "x" + gy + "x" + gz + ", block " + bx + "x" + by + "x" + bz + ", shared " + sharedBytes + " B)");
    }

    /**
     * Launches a one-dimensional grid-stride kernel over {@code n} items with {@link #BLOCK} threads per block and
     * at most {@code 32 x multiprocessors} blocks (the kernel loops over the rest). Does nothing when {@code n == 0}.
     */
    static void launch1d(CudaDevice dev, CUfunction f, long n, Object... args) {
        if (n <= 0) return;
        launch(dev, f, blocks1d(n, dev.multiprocessors()), 1, 1, BLOCK, 1, 1, 0, args);
    }

    /** Blocks of a grid-stride launch over {@code n} items: enough for one item per thread, at most 32 per SM. */
    static int blocks1d(long n, int multiprocessors) {
        return (int) Math.max(1, Math.min((n + BLOCK - 1) / BLOCK, 32L * Math.max(1, multiprocessors)));
    }

    private static Pointer pack(Object a, int index) {
        if (a instanceof CudaStorage s) return Pointer.to(s.pointer());
        if (a instanceof CUdeviceptr p) return Pointer.to(p);
        if (a instanceof Integer v) return Pointer.to(new int[] {v});
        if (a instanceof Long v) return Pointer.to(new long[] {v});
        if (a instanceof Float v) return Pointer.to(new float[] {v});
        if (a instanceof byte[] v) return Pointer.to(v);
        throw new IllegalArgumentException("kernel argument " + index + ": unsupported type " + (a == null ? "null" : a.getClass().getName()));
    }
}
