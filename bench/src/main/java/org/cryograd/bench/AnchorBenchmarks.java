package org.cryograd.bench;

import java.util.concurrent.TimeUnit;
import org.cryograd.fft.Fft;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.F;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The workloads of {@code shared/anchors/torch_cpu_anchor.py}, same names and shapes, so that
 * {@code bench/compare-torch.sh} can put PyTorch's and cryograd's times side by side.
 * Threads: {@code -Dcryograd.threads} (the script passes 2).
 *
 * <p>On a GPU ({@code -p device=cuda}, {@code bench/gpu/compare-torch-gpu.sh}) the same workloads run there, plus
 * {@code gemm_4096} (fp32, or TF32 in a fork with {@code -Dcryograd.cuda.tf32=true}; the CPU script excludes it);
 * every op ends by reading one float of its result, which waits for the device's stream (free on the CPU), so the
 * time is the work's and not the launch's. {@code rfftn_128cube} is {@link Fft#rfftn} of a CPU tensor either way.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class AnchorBenchmarks {
    /** Inputs and parameters, made once per trial. */
    @State(Scope.Benchmark)
    public static class Data {
        /** Device spec, as the CLI's {@code --device} ({@code cpu}, {@code cuda}, {@code cuda:N}). */
        @Param({"cpu"})
        public String device;

        Tensor a, b, big1, big2;
        Tensor x32, x1, xt, x2, coords;
        Tensor[] conv32, conv1, convT, conv2;
        Workloads.Siren siren;
        Tensor volume;

        /** Builds the inputs from a fixed seed. */
        @Setup(Level.Trial)
        public void setup() {
            Device d = Device.parse(device);
            Rng rng = new Rng(0);
            a = Workloads.on(d, Tensor.randn(rng, 1024, 1024));
            b = Workloads.on(d, Tensor.randn(rng, 1024, 1024));
            x32 = Workloads.leaf(d, Tensor.randn(rng, 4, 32, 32, 32, 32));
            conv32 = Workloads.leaves(d, Workloads.convParams(rng, 32, 32, 3, 3, 3));
            x1 = Workloads.leaf(d, Tensor.randn(rng, 8, 1, 32, 32, 32));
            conv1 = Workloads.leaves(d, Workloads.convParams(rng, 32, 1, 3, 3, 3));
            xt = Workloads.leaf(d, Tensor.randn(rng, 4, 64, 16, 16, 16));
            Tensor[] t = Workloads.convParams(rng, 64, 32, 2, 2, 2); // transposed weight: [cin, cout, k...]
            convT = Workloads.leaves(d, new Tensor[] {t[0], Workloads.uniform(rng, (float) (1 / Math.sqrt(256)), 32)});
            x2 = Workloads.leaf(d, Tensor.randn(rng, 16, 64, 64, 64));
            conv2 = Workloads.leaves(d, Workloads.convParams(rng, 64, 64, 3, 3));
            coords = Workloads.leaf(d, Tensor.rand(rng, 16384, 3));
            siren = new Workloads.Siren(rng);
            siren.to(d);
            volume = Tensor.randn(rng, 128, 128, 128); // on the CPU: Fft is a CPU transform
            if (!d.equals(Device.cpu())) { // 2 x 64 MB, and 4096^3 takes seconds per op on a CPU: GPU only
                big1 = Workloads.on(d, Tensor.randn(rng, 4096, 4096));
                big2 = Workloads.on(d, Tensor.randn(rng, 4096, 4096));
            }
        }
    }

    /** 1024^3 matrix product. */
    @Benchmark
    public float matmul_1024(Data d) {
        return sync(d.a.matmul(d.b));
    }

    /** 4096^3 matrix product (GPU runs only; fp32, or TF32 with {@code -Dcryograd.cuda.tf32=true}). */
    @Benchmark
    public float gemm_4096(Data d) {
        if (d.big1 == null) throw new IllegalStateException("gemm_4096 runs on a GPU only (-p device=cuda); exclude it with -e gemm_4096");
        return sync(d.big1.matmul(d.big2));
    }

    /** Waits for the device by reading one float of {@code t}, then closes it. */
    static float sync(Tensor t) {
        try (MemoryScope s = MemoryScope.open()) {
            return t.reshape(-1).slice(0, 0, 1).item();
        } finally {
            t.close();
        }
    }

    /** conv3d forward, no graph. */
    @Benchmark
    public float conv3d_fwd_n4_c32_32cube(Data d) {
        try (Grad g = Grad.disabled()) {
            return sync(Workloads.conv3d(d.x32, d.conv32));
        }
    }

    /** conv3d forward + backward of square().mean(). */
    @Benchmark
    public float conv3d_fwdbwd_n4_c32_32cube(Data d) {
        d.x32.zeroGrad();
        return Workloads.fwdBwd(() -> Workloads.conv3d(d.x32, d.conv32), d.conv32);
    }

    /** First-layer conv3d (1 input channel) forward + backward. */
    @Benchmark
    public float conv3d_fwdbwd_n8_c1to32_32cube(Data d) {
        d.x1.zeroGrad();
        return Workloads.fwdBwd(() -> Workloads.conv3d(d.x1, d.conv1), d.conv1);
    }

    /** Transposed conv3d k2 s2 forward + backward. */
    @Benchmark
    public float convT3d_fwdbwd_n4_c64to32_16to32(Data d) {
        d.xt.zeroGrad();
        return Workloads.fwdBwd(() -> F.convTranspose3d(d.xt, d.convT[0], d.convT[1], 2, 0), d.convT);
    }

    /** conv2d forward + backward. */
    @Benchmark
    public float conv2d_fwdbwd_n16_c64_64sq(Data d) {
        d.x2.zeroGrad();
        return Workloads.fwdBwd(() -> F.conv2d(d.x2, d.conv2[0], d.conv2[1], 1, 1), d.conv2);
    }

    /** SIREN 3-256x5-1 forward + backward on 16,384 coordinates. */
    @Benchmark
    public float siren_3_256x5_1_fwdbwd_16k(Data d) {
        d.coords.zeroGrad();
        return Workloads.fwdBwd(() -> d.siren.forward(d.coords), d.siren.params());
    }

    /** Real-to-complex 3-D FFT of 128^3: cryograd's {@link Fft#rfftn} (the half spectrum, as torch.fft.rfftn). */
    @Benchmark
    public float rfftn_128cube(Data d) {
        return sync(Fft.rfftn(d.volume, 3));
    }
}
