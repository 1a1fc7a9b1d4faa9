package org.cryograd.kernels;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;
import org.cryograd.tensor.spi.Storage;

/**
 * Where a kernel validator runs: {@code "emu"} ({@link KernelEmulator}, here and on any machine with g++) or
 * {@code "gpu"} (CUDA device 0). Either way the launchers' production paths run: {@link #runner} for the
 * {@link KernelRunner} launchers, {@link #run} for the {@link DeviceOps} plans. {@link #open} skips the test, with the
 * reason, when the kind is unavailable.
 */
abstract class Harness {
    /**
     * The kinds every validator is parameterised over: {@code emu} and {@code gpu}, or those listed in the system
     * property {@code cryograd.test.kinds} (GpuTestMain sets {@code gpu}: the GPU machine runs no emulator).
     */
    static Stream<String> kinds() {
        return kinds(System.getProperty("cryograd.test.kinds"));
    }

    static Stream<String> kinds(String only) {
        if (only == null || only.isBlank()) return Stream.of("emu", "gpu");
        List<String> k = List.of(only.split(","));
        for (String s : k)
            if (!s.equals("emu") && !s.equals("gpu")) throw new IllegalArgumentException("cryograd.test.kinds: unknown kind '" + s + "' (emu, gpu)");
        return k.stream();
    }

    /** Opens a harness of {@code kind} or skips the calling test; the emulator reports 4 multiprocessors. */
    static Harness open(String kind) {
        return open(kind, 4);
    }

    /**
     * Opens a harness of {@code kind} or skips the calling test; the emulator reports {@code emulatedSms}
     * multiprocessors (few keep grids small while grid-stride kernels still loop).
     */
    static Harness open(String kind, int emulatedSms) {
        if (kind.equals("emu")) {
            KernelEmulator.binary();
            return new Emu(new KernelEmulator(emulatedSms));
        }
        return new Gpu(GpuSupport.device());
    }

    /** The runner the {@link KernelRunner} launchers are given. */
    abstract KernelRunner runner();

    /** Plans {@link DeviceOps} work on this device's context and queues it, as the production entry points do. */
    abstract void run(Function<DeviceOps.Context, List<DeviceOps.Op>> plan);

    /** The device identity for per-device caches. */
    abstract Object deviceKey();

    /** Device memory holding {@code data}. */
    abstract CudaStorage upload(float[] data);

    /** {@code n} zeroed 4-byte words that kernels may read as floats or ints (the index error word). */
    abstract CudaStorage words(int n);

    /** The contents of {@code s} once all queued work is done. */
    abstract float[] download(Storage s);

    /** The contents of {@code s} as ints once all queued work is done. */
    abstract int[] downloadInts(Storage s);

    /** Whether the TF32 variants can run here. */
    abstract boolean tf32();

    /** Whether this is the emulator, where every CUDA thread is an OS thread (validators keep sizes small there). */
    abstract boolean emulated();

    /** Emulator harness. */
    static final class Emu extends Harness {
        private final KernelEmulator e;

        Emu(KernelEmulator e) {
            this.e = e;
        }

        @Override
        KernelRunner runner() {
            return e;
        }

        @Override
        void run(Function<DeviceOps.Context, List<DeviceOps.Op>> plan) {
            e.enqueue(plan.apply(e));
        }

        @Override
        Object deviceKey() {
            return e;
        }

        @Override
        CudaStorage upload(float[] data) {
            return e.floats(data);
        }

        @Override
        CudaStorage words(int n) {
            return e.words(n);
        }

        @Override
        float[] download(Storage s) {
            return e.read(s);
        }

        @Override
        int[] downloadInts(Storage s) {
            return e.readInts(s);
        }

        @Override
        boolean tf32() {
            return true; // modelled by the emulator's simplified wmma
        }

        @Override
        boolean emulated() {
            return true;
        }

        @Override
        public String toString() {
            return "emu";
        }
    }

    /** GPU harness: plain cuMemAlloc buffers (freed when the JVM exits); copies and launches on the device's stream. */
    static final class Gpu extends Harness {
        private final CudaDevice dev;
        private final DeviceRunner r;

        Gpu(CudaDevice dev) {
            this.dev = dev;
            this.r = new DeviceRunner(dev);
        }

        @Override
        KernelRunner runner() {
            return r;
        }

        @Override
        void run(Function<DeviceOps.Context, List<DeviceOps.Op>> plan) {
            DeviceOps.run(dev, plan);
        }

        @Override
        Object deviceKey() {
            return dev;
        }

        @Override
        CudaStorage words(int n) {
            return upload(new float[n]);
        }

        @Override
        CudaStorage upload(float[] data) {
            dev.makeCurrent();
            CUdeviceptr p = new CUdeviceptr();
            long bytes = Math.max(4, data.length * 4L);
            CudaErrors.check(JCudaDriver.cuMemAlloc(p, bytes), "cuMemAlloc(" + bytes + ")");
            // on the device's stream, like CudaBackend.upload: a legacy-stream copy does not order against the
            // non-blocking stream the kernels run on, so a launch could read the buffer before the copy lands
            if (data.length > 0)
                CudaErrors.check(JCudaDriver.cuMemcpyHtoDAsync(p, Pointer.to(data), data.length * 4L, dev.stream()), "cuMemcpyHtoDAsync");
            return new CudaStorage(p, data.length, bytes);
        }

        @Override
        float[] download(Storage s) {
            float[] out = new float[(int) s.size()];
            copyToHost(s, Pointer.to(out), out.length);
            return out;
        }

        @Override
        int[] downloadInts(Storage s) {
            int[] out = new int[(int) s.size()];
            copyToHost(s, Pointer.to(out), out.length);
            return out;
        }

        private void copyToHost(Storage s, Pointer host, int words) {
            dev.synchronize();
            if (words > 0)
                CudaErrors.check(JCudaDriver.cuMemcpyDtoHAsync(host, CudaStorage.of(s).pointer(), words * 4L, dev.stream()), "cuMemcpyDtoHAsync");
            dev.synchronize();
        }

        @Override
        boolean emulated() {
            return false;
        }

        @Override
        boolean tf32() {
            return CudaGemm.tf32Image(dev.computeCapability());
        }

        @Override
        public String toString() {
            return "gpu " + dev.name();
        }
    }

    /** Opens CUDA device 0 once per JVM. */
    static final class GpuSupport {
        private static CudaDevice device;
        private static String problem;

        private GpuSupport() {}

        /** Device 0, or skips the calling test with the reason it cannot be opened. */
        static synchronized CudaDevice device() {
            if (device == null && problem == null) {
                try {
                    device = CudaDevice.open(0);
                } catch (IllegalStateException | UnsatisfiedLinkError e) {
                    problem = e.getMessage();
                }
            }
            assumeTrue(device != null, () -> "no usable CUDA device: " + problem);
            return device;
        }
    }
}
