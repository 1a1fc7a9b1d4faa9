package org.cryograd.kernels;

import java.util.ArrayList;
import java.util.List;
import jcuda.driver.JCudaDriver;

/**
 * Device work as data. The launchers of the data-movement, elementwise, reduction, index and random kernels first
 * plan their work as a list of {@link Op}s (pure: no driver call), then {@link #run} queues it on the device's stream.
 * Tests replay the same plans in a CPU emulation of the kernels ({@code src/test/cuda/emu_core.cpp}), so launch
 * geometry, argument order and the kernels' own code are exercised without a GPU.
 */
final class DeviceOps {
    private DeviceOps() {}

    /** A device pointer argument: element (float) {@code offset} of a storage. */
    record Ptr(CudaStorage base, long offset) {
        static Ptr of(CudaStorage s) {
            return new Ptr(s, 0);
        }
    }

    /** One queued operation. */
    sealed interface Op permits Launch, Memset, Copy {}

    /**
     * A one-dimensional launch of {@code threads}-thread blocks.
     *
     * @param args in the kernel's parameter order: {@link Ptr}, Integer, Long, Float, or byte[] (a struct by value)
     */
    record Launch(String module, String kernel, int blocks, int threads, Object[] args) implements Op {}

    /** {@code count} 32-bit words set to {@code value}. */
    record Memset(Ptr dst, int value, long count) implements Op {}

    /** {@code count} floats copied device to device. */
    record Copy(Ptr dst, Ptr src, long count) implements Op {}

    /** What planning needs from a device. */
    interface Context {
        int multiprocessors();

        /** A workspace of at least {@code bytes}, released once the plan's work is queued. */
        CudaStorage scratch(long bytes);
    }

    /** A grid-stride launch over {@code items} with the standard block size and grid cap. */
    static Launch launch1d(Context c, String module, String kernel, long items, Object... args) {
        return new Launch(module, kernel, CudaLaunch.blocks1d(items, c.multiprocessors()), CudaLaunch.BLOCK, args);
    }

    /** The planning context of a device: workspaces come from its allocator. */
    static final class DeviceContext implements Context {
        private final CudaDevice dev;
        private final List<CudaStorage> scratch = new ArrayList<>();

        DeviceContext(CudaDevice dev) {
            this.dev = dev;
        }

        @Override
        public int multiprocessors() {
            return dev.multiprocessors();
        }

        @Override
        public CudaStorage scratch(long bytes) {
            CudaStorage s = dev.allocator().allocateBytes(bytes);
            scratch.add(s);
            return s;
        }
    }

    /** Plans with a device's context and queues the result; workspaces go back to the cache afterwards. */
    static void run(CudaDevice dev, java.util.function.Function<Context, List<Op>> plan) {
        DeviceContext c = new DeviceContext(dev);
        try {
            run(dev, plan.apply(c));
        } finally {
            // stream order makes the blocks safe to reuse by later work
            for (CudaStorage s : c.scratch) dev.allocator().release(s);
        }
    }

    /** Queues operations on the device's stream, in order. */
    static void run(CudaDevice dev, List<Op> ops) {
        for (Op op : ops) {
            if (op instanceof Launch l) {
                Object[] args = new Object[l.args().length];
                for (int i = 0; i < args.length; i++) args[i] = l.args()[i] instanceof Ptr p ? p.base().at(p.offset()) : l.args()[i];
                CudaLaunch.launch(dev, dev.modules().function(l.module(), l.kernel()), l.blocks(), 1, 1, l.threads(), 1, 1, 0, args);
            } else if (op instanceof Memset m) {
                dev.makeCurrent();
                CudaErrors.check(JCudaDriver.cuMemsetD32Async(m.dst().base().at(m.dst().offset()), m.value(), m.count(), dev.stream()),
                        "cuMemsetD32Async(" + m.count() + " words) on cuda:" + dev.index());
            } else if (op instanceof Copy c) {
                dev.makeCurrent();
                CudaErrors.check(JCudaDriver.cuMemcpyDtoDAsync(c.dst().base().at(c.dst().offset()), c.src().base().at(c.src().offset()),
                        c.count() * Float.BYTES, dev.stream()), "cuMemcpyDtoDAsync(" + c.count() + " floats) on cuda:" + dev.index());
            }
        }
    }
}
