package org.cryograd.kernels;

import java.util.List;
import org.cryograd.tensor.spi.Storage;

/**
 * Philox 4x32-10 streams on the device ({@code random.cu}), equal to the CPU backend's bit for bit: uniform by
 * construction (integer arithmetic and an exact scaling), normal through a port of fdlibm's log/sin/cos (the CPU uses
 * {@code StrictMath}) built without fused multiply-adds. One thread per counter block of four values.
 *
 * <p>CPU reference: {@code org.cryograd.tensor.Philox} (the CPU backend's {@code random}), validated by
 * {@code DeviceOpsKernelTest} and {@code DeviceMathOnHostTest}.
 */
final class CudaRandom {
    static final String MODULE = "random";

    private CudaRandom() {}

    static void random(CudaDevice dev, boolean normal, long seed, long counter, Storage y, long n) {
        DeviceOps.run(dev, c -> randomPlan(c, normal, seed, counter, CudaStorage.of(y), n));
    }

    static List<DeviceOps.Op> randomPlan(DeviceOps.Context c, boolean normal, long seed, long counter, CudaStorage y, long n) {
        if (n <= 0) return List.of();
        return List.of(DeviceOps.launch1d(c, MODULE, normal ? "philox_normal" : "philox_uniform", (n + 3) / 4, DeviceOps.Ptr.of(y), n, seed, counter));
    }
}
