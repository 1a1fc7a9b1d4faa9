package org.cryograd.bench;

import java.util.List;
import java.util.Locale;
import org.cryograd.dual.net.UNet3d;
import org.cryograd.nn.optim.AdamOptions;
import org.cryograd.nn.optim.AdamW;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.spi.Backend;
import org.cryograd.tensor.spi.MemoryStats;

/**
 * The CUDA issue's memory target: device memory must not grow over 1,000 training steps of a small U-Net. Trains
 * DUAL's 3-D U-Net (depth 3, base 8) with AdamW on random 32^3 batches of 2, one {@link MemoryScope} per step, and
 * prints the CUDA allocator's bytes in use and cached after step 10 and after the last step, plus the driver
 * allocation count (flat once the cache is warm). Exit status 1 when bytes in use grew.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.cryograd.bench.GpuMemoryGrowth [cuda[:N]] [steps]}
 */
public final class GpuMemoryGrowth {
    private GpuMemoryGrowth() {}

    /** Runs the check; see the class comment. */
    public static void main(String[] args) {
        Device device = Device.parse(args.length > 0 ? args[0] : "cuda");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Backend cuda = device.backend(); // found through the service loader: no compile-time tie to the CUDA module
        if (cuda.memoryStats() == null) {
            System.err.println("GpuMemoryGrowth: " + device + " has no device allocator to watch (not a GPU)");
            System.exit(2);
            return;
        }
        Rng rng = new Rng(1);
        UNet3d net = new UNet3d(rng, 1, 1, 3, 8, 0.2f);
        net.to(device);
        List<Tensor> params = net.parameters();
        AdamW opt = new AdamW(params, AdamOptions.adamW(1e-4));
        MemoryStats early = null;
        for (int s = 1; s <= steps; s++) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor x = Tensor.randn(device, rng, 2, 1, 32, 32, 32);
                Tensor target = Tensor.randn(device, rng, 2, 1, 32, 32, 32);
                opt.zeroGrad();
                Tensor loss = net.forward(x).sub(target).square().mean();
                loss.backward();
                opt.step();
                if (s % 100 == 0) System.err.printf(Locale.ROOT, "step %d loss %.4f%n", s, loss.item());
            }
            if (s == 10) {
                cuda.synchronize();
                early = cuda.memoryStats();
            }
        }
        cuda.synchronize();
        MemoryStats end = cuda.memoryStats();
        System.out.printf(Locale.ROOT, "device %s (%s), %d steps of a depth-3 base-8 U-Net, batch 2 x 32^3%n", device, cuda.deviceName(), steps);
        System.out.printf(Locale.ROOT, "after step 10:   in use %,d B, cached %,d B, peak %,d B, driver allocations %d%n",
                early.inUseBytes(), early.cachedBytes(), early.peakInUseBytes(), early.driverAllocs());
        System.out.printf(Locale.ROOT, "after step %d: in use %,d B, cached %,d B, peak %,d B, driver allocations %d%n", steps,
                end.inUseBytes(), end.cachedBytes(), end.peakInUseBytes(), end.driverAllocs());
        long growth = end.inUseBytes() - early.inUseBytes();
        System.out.printf(Locale.ROOT, "growth of bytes in use: %,d B (%s)%n", growth, growth <= 0 ? "flat: target met" : "GREW: target missed");
        if (growth > 0) System.exit(1);
    }
}
