package org.cryograd.kernels;

import java.util.Locale;
import java.util.Random;
import jcuda.driver.CUevent;
import jcuda.driver.JCudaDriver;
import org.cryograd.tensor.spi.ConvGeometry;
import org.cryograd.tensor.spi.Storage;

/**
 * Times every variant of the compute kernels on CUDA device 0 and prints GFLOP/s (a program, not a test; needs a GPU):
 * GEMM 4096^3 and training-sized products (SIREN layer forward and both gradients, a batch of small matrices), and
 * conv3d N4 C32->32 32^3 3x3x3 forward, data gradient and weight gradient. Times come from CUDA events around
 * {@code ITERS} launches after {@code WARMUP}; TF32 rows appear on devices that load the sm_90 image.
 *
 * <p>{@code kernels/gpu/check.sh} runs it on the GPU machine (its {@code bench} phase) from the bundle's class path:
 * {@code java --add-modules jdk.incubator.vector -cp 'gpu-bundle/lib/*' org.cryograd.kernels.KernelBench}.
 */
public final class KernelBench {
    private static final int WARMUP = 3;
    private static final int ITERS = 20;

    private KernelBench() {}

    /**
     * Runs the benchmark.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        CudaDevice dev = CudaDevice.open(0);
        Harness.Gpu h = new Harness.Gpu(dev);
        DeviceRunner r = new DeviceRunner(dev);
        System.out.printf(Locale.ROOT, "device: %s (compute capability %d.%d, %d SMs)%n", dev.name(), dev.computeCapability() / 10,
                dev.computeCapability() % 10, dev.multiprocessors());
        boolean tf32 = CudaGemm.tf32Image(dev.computeCapability());
        Random rnd = new Random(1);

        int[][] gemms = { // batch, transA, transB, m, n, k
                {1, 0, 0, 4096, 4096, 4096},
                {1, 0, 1, 65536, 256, 256},   // SIREN forward: X W^T
                {1, 1, 0, 256, 256, 65536},   // weight gradient: dY^T X
                {1, 0, 0, 65536, 256, 256},   // input gradient: dY W
                {64, 0, 0, 128, 128, 128}};
        System.out.println("gemm                               variant        ms     GFLOP/s");
        for (int[] s : gemms) {
            int batch = s[0], m = s[3], n = s[4], k = s[5];
            boolean ta = s[1] == 1, tb = s[2] == 1;
            Storage a = h.upload(Checks.random(rnd, batch * m * k)), b = h.upload(Checks.random(rnd, batch * k * n)), c = h.upload(new float[batch * m * n]);
            double flop = 2.0 * batch * m * n * k;
            for (int v = CudaGemm.NAIVE; v <= (tf32 ? CudaGemm.TF32_WMMA : CudaGemm.REGBLOCK); v++) {
                if (v == CudaGemm.NAIVE && flop > 2e10) continue; // minutes, not seconds
                final int variant = v;
                double ms = time(dev, () -> CudaGemm.gemm(r, variant, batch, ta, tb, m, n, k, a, 0, (long) m * k, b, 0, (long) k * n, c, 0, (long) m * n, false));
                System.out.printf(Locale.ROOT, "%-34s %-10s %9.3f %10.1f%n", batch + "x" + m + "x" + n + "x" + k + (ta ? " tA" : "") + (tb ? " tB" : ""),
                        name(v, "naive", "smem", "regblock", "tf32"), ms, flop / ms / 1e6);
            }
        }

        ConvGeometry g = ConvGeometry.of(4, 32, 32, 1, new int[] {32, 32, 32}, new int[] {3, 3, 3}, new int[] {1, 1, 1}, new int[] {1, 1, 1});
        Storage x = h.upload(Checks.random(rnd, g.n() * g.cin() * g.inSize())), w = h.upload(Checks.random(rnd, g.cout() * g.cin() * 27));
        Storage bias = h.upload(Checks.random(rnd, g.cout())), y = h.upload(new float[g.n() * g.cout() * g.outSize()]);
        Storage gx = h.upload(new float[g.n() * g.cin() * g.inSize()]), gw = h.upload(new float[g.cout() * g.cin() * 27]);
        double flop = 2.0 * g.n() * g.cout() * g.outSize() * g.cin() * 27;
        System.out.println("conv3d N4 C32->32 32^3 k3         variant        ms     GFLOP/s");
        for (int v = CudaConv.NAIVE; v <= (tf32 ? CudaConv.TF32 : CudaConv.IMPLICIT); v++) {
            final int variant = v;
            String vn = name(v, "naive", "implicit", "tf32");
            double f = time(dev, () -> CudaConv.forward(r, variant, g, x, w, bias, y));
            double d = time(dev, () -> CudaConv.backwardData(r, variant, g, y, w, gx));
            double wg = time(dev, () -> CudaConv.backwardWeight(r, variant, g, x, y, gw));
            System.out.printf(Locale.ROOT, "%-34s %-10s %9.3f %10.1f%n", "forward", vn, f, flop / f / 1e6);
            System.out.printf(Locale.ROOT, "%-34s %-10s %9.3f %10.1f%n", "data gradient", vn, d, flop / d / 1e6);
            System.out.printf(Locale.ROOT, "%-34s %-10s %9.3f %10.1f%n", "weight gradient", vn, wg, flop / wg / 1e6);
            System.out.printf(Locale.ROOT, "%-34s %-10s %9.3f %10.1f%n", "forward + backward", vn, f + d + wg, 3 * flop / (f + d + wg) / 1e6);
        }
    }

    private static String name(int v, String... names) {
        return v + " " + names[v - 1];
    }

    /** Milliseconds per call, from CUDA events around {@link #ITERS} calls after {@link #WARMUP}. */
    private static double time(CudaDevice dev, Runnable op) {
        for (int i = 0; i < WARMUP; i++) op.run();
        dev.makeCurrent();
        CUevent start = new CUevent(), stop = new CUevent();
        CudaErrors.check(JCudaDriver.cuEventCreate(start, 0), "cuEventCreate");
        CudaErrors.check(JCudaDriver.cuEventCreate(stop, 0), "cuEventCreate");
        CudaErrors.check(JCudaDriver.cuEventRecord(start, dev.stream()), "cuEventRecord");
        for (int i = 0; i < ITERS; i++) op.run();
        CudaErrors.check(JCudaDriver.cuEventRecord(stop, dev.stream()), "cuEventRecord");
        CudaErrors.check(JCudaDriver.cuEventSynchronize(stop), "cuEventSynchronize");
        float[] ms = new float[1];
        CudaErrors.check(JCudaDriver.cuEventElapsedTime(ms, start, stop), "cuEventElapsedTime");
        JCudaDriver.cuEventDestroy(start);
        JCudaDriver.cuEventDestroy(stop);
        return ms[0] / ITERS;
    }
}
