package org.cryograd.bench;

import java.util.concurrent.TimeUnit;
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
 * The anchor workloads on a GPU ({@code bench/gpu/torch_gpu_anchor.py} times the same on PyTorch), plus the CUDA issue's
 * 4096^3 GEMM in fp32 and, with {@code -Dcryograd.cuda.tf32=true} (a separate fork the script starts), TF32. Every
 * benchmark ends by reading one float of its result, which waits for the device's stream, so the time is the work's,
 * not the launch's. Run only where a GPU is present ({@code bench/gpu/compare-torch-gpu.sh}); the device comes from
 * {@code @Param device} ({@code cuda}, {@code cuda:1}, or {@code cpu} to check the harness anywhere).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class GpuAnchorBenchmarks {
    /** Inputs and parameters on the device, made once per trial. */
    @State(Scope.Benchmark)
    public static class Data {
        /** Device spec, as the CLI's --device. */
        @Param({"cuda"})
        public String device;

        Tensor a, b, big1, big2;
        Tensor x32, x1, xt, x2, coords;
        Tensor[] conv32, conv1, convT, conv2;
        Workloads.Siren siren;

        /** Builds the inputs from a fixed seed on the CPU and moves them to the device. */
        @Setup(Level.Trial)
        public void setup() {
            Device d = Device.parse(device);
            Rng rng = new Rng(0);
            a = on(d, Tensor.randn(rng, 1024, 1024));
            b = on(d, Tensor.randn(rng, 1024, 1024));
            big1 = on(d, Tensor.randn(rng, 4096, 4096));
            big2 = on(d, Tensor.randn(rng, 4096, 4096));
            x32 = leaf(d, Tensor.randn(rng, 4, 32, 32, 32, 32));
            conv32 = params(d, Workloads.convParams(rng, 32, 32, 3, 3, 3));
            x1 = leaf(d, Tensor.randn(rng, 8, 1, 32, 32, 32));
            conv1 = params(d, Workloads.convParams(rng, 32, 1, 3, 3, 3));
            xt = leaf(d, Tensor.randn(rng, 4, 64, 16, 16, 16));
            Tensor[] t = Workloads.convParams(rng, 64, 32, 2, 2, 2);
            convT = params(d, new Tensor[] {t[0], Workloads.uniform(rng, (float) (1 / Math.sqrt(256)), 32)});
            x2 = leaf(d, Tensor.randn(rng, 16, 64, 64, 64));
            conv2 = params(d, Workloads.convParams(rng, 64, 64, 3, 3));
            coords = leaf(d, Tensor.rand(rng, 16384, 3));
            siren = new Workloads.Siren(rng);
            for (int i = 0; i < 6; i++) {
                siren.w[i] = leaf(d, siren.w[i]);
                siren.b[i] = leaf(d, siren.b[i]);
            }
        }

        private static Tensor on(Device d, Tensor t) {
            return t.to(d);
        }

        private static Tensor leaf(Device d, Tensor t) {
            try (Grad g = Grad.disabled()) {
                return t.to(d).requiresGrad();
            }
        }

        private static Tensor[] params(Device d, Tensor[] p) {
            Tensor[] out = new Tensor[p.length];
            for (int i = 0; i < p.length; i++) out[i] = leaf(d, p[i]);
            return out;
        }
    }

    /** Waits for the stream by reading one float of {@code t} (then closes it). */
    static float sync(Tensor t) {
        try (MemoryScope s = MemoryScope.open()) {
            return t.reshape(-1).slice(0, 0, 1).item();
        } finally {
            t.close();
        }
    }

    /** 1024^3 matrix product. */
    @Benchmark
    public float matmul_1024(Data d) {
        return sync(d.a.matmul(d.b));
    }

    /** 4096^3 matrix product (fp32, or TF32 in the fork that sets {@code cryograd.cuda.tf32}). */
    @Benchmark
    public float gemm_4096(Data d) {
        return sync(d.big1.matmul(d.big2));
    }

    /** conv3d forward, no graph. */
    @Benchmark
    public float conv3d_fwd_n4_c32_32cube(Data d) {
        try (Grad g = Grad.disabled()) {
            return sync(Workloads.conv3d(d.x32, d.conv32));
        }
    }

    /** conv3d forward + backward of square().mean() (the loss read back waits for the stream). */
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
}
