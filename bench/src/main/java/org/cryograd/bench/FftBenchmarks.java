package org.cryograd.bench;

import java.util.concurrent.TimeUnit;
import org.cryograd.fft.Fft;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Fft#rfftn} and {@link Fft#irfftn} of cubes at cryo-EM box sizes, named as {@code bench/torch_fft_sizes.py}'s
 * PyTorch rows so that {@code bench/compare-torch.sh} puts them side by side (the forward 128^3 one is
 * {@link AnchorBenchmarks#rfftn_128cube}). One method per size rather than a {@code @Param}: the comparison matches
 * rows by method name.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class FftBenchmarks {
    /** A cube and its half spectrum per size, made once per trial. */
    @State(Scope.Benchmark)
    public static class Data {
        Tensor v96, v100, v160, s96, s100, s128, s160;

        /** Builds the inputs from a fixed seed. */
        @Setup(Level.Trial)
        public void setup() {
            Rng rng = new Rng(0);
            v96 = Tensor.randn(rng, 96, 96, 96);
            v100 = Tensor.randn(rng, 100, 100, 100);
            v160 = Tensor.randn(rng, 160, 160, 160);
            s96 = Fft.rfftn(v96, 3);
            s100 = Fft.rfftn(v100, 3);
            s128 = Fft.rfftn(Tensor.randn(rng, 128, 128, 128), 3);
            s160 = Fft.rfftn(v160, 3);
        }
    }

    /** Forward 96^3 (2^5 * 3). */
    @Benchmark
    public float rfftn_96cube(Data d) {
        return AnchorBenchmarks.sync(Fft.rfftn(d.v96, 3));
    }

    /** Forward 100^3 (2^2 * 5^2). */
    @Benchmark
    public float rfftn_100cube(Data d) {
        return AnchorBenchmarks.sync(Fft.rfftn(d.v100, 3));
    }

    /** Forward 160^3 (2^5 * 5). */
    @Benchmark
    public float rfftn_160cube(Data d) {
        return AnchorBenchmarks.sync(Fft.rfftn(d.v160, 3));
    }

    /** Inverse 96^3. */
    @Benchmark
    public float irfftn_96cube(Data d) {
        return AnchorBenchmarks.sync(Fft.irfftn(d.s96, 96, 96, 96));
    }

    /** Inverse 100^3. */
    @Benchmark
    public float irfftn_100cube(Data d) {
        return AnchorBenchmarks.sync(Fft.irfftn(d.s100, 100, 100, 100));
    }

    /** Inverse 128^3. */
    @Benchmark
    public float irfftn_128cube(Data d) {
        return AnchorBenchmarks.sync(Fft.irfftn(d.s128, 128, 128, 128));
    }

    /** Inverse 160^3. */
    @Benchmark
    public float irfftn_160cube(Data d) {
        return AnchorBenchmarks.sync(Fft.irfftn(d.s160, 160, 160, 160));
    }
}
