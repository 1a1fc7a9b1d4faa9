package org.cryograd.kernels;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.Stream;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;
import org.cryograd.tensor.spi.Storage;

/**
 * Where a kernel validator runs: {@code "emu"} (the kernel emulator, here and on any machine with g++) or
 * {@code "gpu"} (CUDA device 0). {@link #open} skips the test, with the reason, when the kind is unavailable.
 */
abstract class Harness {
    /** The kinds every validator is parameterised over. */
    static Stream<String> kinds() {
        return Stream.of("emu", "gpu");
    }

    /** Opens a harness of {@code kind} or skips the calling test. */
    static Harness open(String kind) {
        if (kind.equals("emu")) {
            Emulator.binary();
            return new Emu();
        }
        return new Gpu(GpuSupport.device());
    }

    /** The runner the launchers are given. */
    abstract KernelRunner runner();

    /** The device identity for per-device caches. */
    abstract Object deviceKey();

    /** Device memory holding {@code data}. */
    abstract Storage upload(float[] data);

    /** The contents of {@code s} once all queued work is done. */
    abstract float[] download(Storage s);

    /** Whether the TF32 variants can run here. */
    abstract boolean tf32();

    /** Emulator harness: 4 reported multiprocessors keep grids small while still looping in grid-stride kernels. */
    static final class Emu extends Harness {
        private final EmuRunner r = new EmuRunner(4);

        @Override
        KernelRunner runner() {
            return r;
        }

        @Override
        Object deviceKey() {
            return r;
        }

        @Override
        Storage upload(float[] data) {
            return r.floats(data);
        }

        @Override
        float[] download(Storage s) {
            return r.read(s);
        }

        @Override
        boolean tf32() {
            return true; // modelled by the emulator's simplified wmma
        }

        @Override
        public String toString() {
            return "emu";
        }
    }

    /** GPU harness: plain cuMemAlloc buffers (freed when the JVM exits), launches on the device's stream. */
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
        Object deviceKey() {
            return dev;
        }

        @Override
        Storage upload(float[] data) {
            dev.makeCurrent();
            CUdeviceptr p = new CUdeviceptr();
            long bytes = Math.max(4, data.length * 4L);
            CudaErrors.check(JCudaDriver.cuMemAlloc(p, bytes), "cuMemAlloc(" + bytes + ")");
            if (data.length > 0) CudaErrors.check(JCudaDriver.cuMemcpyHtoD(p, Pointer.to(data), data.length * 4L), "cuMemcpyHtoD");
            return new CudaStorage(p, data.length, bytes);
        }

        @Override
        float[] download(Storage s) {
            dev.synchronize();
            float[] out = new float[(int) s.size()];
            if (out.length > 0)
                CudaErrors.check(JCudaDriver.cuMemcpyDtoH(Pointer.to(out), CudaStorage.of(s).pointer(), out.length * 4L), "cuMemcpyDtoH");
            return out;
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
