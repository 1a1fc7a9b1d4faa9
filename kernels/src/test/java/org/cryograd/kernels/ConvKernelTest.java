package org.cryograd.kernels;

import static org.cryograd.kernels.Checks.CPU;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cryograd.tensor.spi.ConvGeometry;
import org.cryograd.tensor.spi.Storage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validator of conv.cu: forward (with and without bias), data gradient and weight gradient, every variant (all three
 * tile shapes of the implicit GEMM, TF32 where the device has it) against the CPU backend: 1-, 2- and 3-D, strides,
 * padding, groups (incl. depthwise), 1x1 kernels, one input channel, stride phases without taps, the larger input of
 * transposed convolution, and a weight gradient split over several blocks (atomics after zeroing). Bound per element:
 * (K + 2) ulp of the same product computed on absolute values (K the reduction length).
 */
class ConvKernelTest {
    static List<ConvGeometry> geometries() {
        List<ConvGeometry> l = new ArrayList<>();
        l.add(ConvGeometry.of(2, 3, 5, 1, i3(5, 6, 7), i3(3, 3, 3), i3(1, 1, 1), i3(1, 1, 1)));
        l.add(ConvGeometry.of(1, 4, 6, 2, i3(7, 6, 5), i3(3, 3, 3), i3(2, 2, 2), i3(1, 1, 1)));
        l.add(ConvGeometry.of(2, 5, 4, 1, i3(1, 9, 11), i3(1, 3, 3), i3(1, 2, 1), i3(0, 1, 0)));
        l.add(ConvGeometry.of(3, 2, 3, 1, i3(1, 1, 17), i3(1, 1, 5), i3(1, 1, 3), i3(0, 0, 2)));
        l.add(ConvGeometry.of(2, 8, 70, 1, i3(3, 4, 5), i3(1, 1, 1), i3(1, 1, 1), i3(0, 0, 0)));   // 1x1, 128-row tiles
        l.add(ConvGeometry.of(1, 6, 6, 6, i3(4, 5, 6), i3(3, 3, 3), i3(1, 1, 1), i3(1, 1, 1)));    // depthwise
        l.add(ConvGeometry.of(1, 70, 40, 1, i3(1, 3, 4), i3(1, 3, 3), i3(1, 1, 1), i3(0, 1, 1)));  // 64-row tiles, 128 for the data gradient
        l.add(ConvGeometry.of(2, 2, 3, 1, i3(8, 8, 8), i3(3, 3, 3), i3(1, 1, 1), i3(1, 1, 1)));    // split weight gradient
        l.add(ConvGeometry.of(2, 1, 16, 1, i3(6, 6, 6), i3(3, 3, 3), i3(1, 1, 1), i3(1, 1, 1)));   // one input channel
        l.add(ConvGeometry.of(1, 3, 4, 1, i3(4, 6, 6), i3(2, 2, 2), i3(2, 2, 2), i3(0, 0, 0)));    // downsampling conv
        l.add(ConvGeometry.of(2, 3, 2, 1, i3(1, 1, 9), i3(1, 1, 1), i3(1, 1, 2), i3(0, 0, 0)));    // phases without taps
        // transposed convolution's larger input: in 8 would give out 4; out 3 leaves input rows unreached
        l.add(new ConvGeometry(2, 3, 4, 1, i3(1, 1, 8), i3(1, 1, 3), i3(1, 1, 2), i3(0, 0, 1), i3(1, 1, 3)));
        l.add(new ConvGeometry(1, 4, 2, 2, i3(5, 4, 7), i3(3, 2, 3), i3(2, 1, 2), i3(1, 0, 1), i3(2, 3, 3)));
        return l;
    }

    private static int[] i3(int a, int b, int c) {
        return new int[] {a, b, c};
    }

    private static List<Integer> variants(Harness h) {
        List<Integer> v = new ArrayList<>(List.of(CudaConv.NAIVE, CudaConv.IMPLICIT));
        if (h.tf32()) v.add(CudaConv.TF32);
        return v;
    }

    private record Run(String what, float[] expected, float[] bound, Storage out) {}

    private static float[] bound(float[] mag, int k, int variant) {
        float rel = (variant == CudaConv.TF32 ? 0x1p-9f : 0) + (k + 2) * Checks.EPS;
        float[] b = new float[mag.length];
        for (int i = 0; i < b.length; i++) b[i] = rel * mag[i] + Float.MIN_NORMAL;
        return b;
    }

    @ParameterizedTest
    @MethodSource("org.cryograd.kernels.Harness#kinds")
    void forwardMatchesTheCpuBackend(String kind) {
        Harness h = Harness.open(kind);
        Random rnd = new Random(7);
        List<Run> runs = new ArrayList<>();
        for (ConvGeometry g : geometries()) {
            float[] x = Checks.random(rnd, g.n() * g.cin() * g.inSize());
            float[] w = Checks.random(rnd, g.cout() * g.cinPerGroup() * g.kernelSize());
            float[] bias = Checks.random(rnd, g.cout());
            int ySize = g.n() * g.cout() * g.outSize();
            for (boolean withBias : new boolean[] {false, true}) {
                Storage y = Checks.cpu(new float[ySize]), mag = Checks.cpu(new float[ySize]);
                CPU.convForward(g, Checks.cpu(x), Checks.cpu(w), withBias ? Checks.cpu(bias) : null, y);
                CPU.convForward(g, Checks.cpu(Checks.abs(x)), Checks.cpu(Checks.abs(w)), withBias ? Checks.cpu(Checks.abs(bias)) : null, mag);
                for (int v : variants(h)) {
                    Storage out = h.upload(Checks.random(rnd, ySize)); // overwritten
                    CudaConv.forward(h.runner(), v, g, h.upload(x), h.upload(w), withBias ? h.upload(bias) : null, out);
                    runs.add(new Run(h + " forward variant " + v + (withBias ? " +bias " : " ") + g, Checks.cpuRead(y),
                            bound(Checks.cpuRead(mag), g.cinPerGroup() * g.kernelSize(), v), out));
                }
            }
        }
        for (Run r : runs) Checks.assertWithin(r.what, r.expected, h.download(r.out), r.bound);
    }

    @ParameterizedTest
    @MethodSource("org.cryograd.kernels.Harness#kinds")
    void dataGradientMatchesTheCpuBackend(String kind) {
        Harness h = Harness.open(kind);
        Random rnd = new Random(8);
        List<Run> runs = new ArrayList<>();
        for (ConvGeometry g : geometries()) {
            float[] gy = Checks.random(rnd, g.n() * g.cout() * g.outSize());
            float[] w = Checks.random(rnd, g.cout() * g.cinPerGroup() * g.kernelSize());
            int xSize = g.n() * g.cin() * g.inSize();
            Storage gx = Checks.cpu(new float[xSize]), mag = Checks.cpu(new float[xSize]);
            CPU.convBackwardData(g, Checks.cpu(gy), Checks.cpu(w), gx);
            CPU.convBackwardData(g, Checks.cpu(Checks.abs(gy)), Checks.cpu(Checks.abs(w)), mag);
            for (int v : variants(h)) {
                Storage out = h.upload(Checks.random(rnd, xSize)); // overwritten, unreached positions included
                CudaConv.backwardData(h.runner(), v, g, h.upload(gy), h.upload(w), out);
                runs.add(new Run(h + " data gradient variant " + v + " " + g, Checks.cpuRead(gx),
                        bound(Checks.cpuRead(mag), g.coutPerGroup() * g.kernelSize(), v), out));
            }
        }
        for (Run r : runs) Checks.assertWithin(r.what, r.expected, h.download(r.out), r.bound);
    }

    @ParameterizedTest
    @MethodSource("org.cryograd.kernels.Harness#kinds")
    void weightGradientMatchesTheCpuBackend(String kind) {
        Harness h = Harness.open(kind);
        Random rnd = new Random(9);
        List<Run> runs = new ArrayList<>();
        for (ConvGeometry g : geometries()) {
            float[] x = Checks.random(rnd, g.n() * g.cin() * g.inSize());
            float[] gy = Checks.random(rnd, g.n() * g.cout() * g.outSize());
            int wSize = g.cout() * g.cinPerGroup() * g.kernelSize();
            Storage gw = Checks.cpu(new float[wSize]), mag = Checks.cpu(new float[wSize]);
            CPU.convBackwardWeight(g, Checks.cpu(x), Checks.cpu(gy), gw);
            CPU.convBackwardWeight(g, Checks.cpu(Checks.abs(x)), Checks.cpu(Checks.abs(gy)), mag);
            for (int v : variants(h)) {
                Storage out = h.upload(Checks.random(rnd, wSize)); // overwritten
                CudaConv.backwardWeight(h.runner(), v, g, h.upload(x), h.upload(gy), out);
                runs.add(new Run(h + " weight gradient variant " + v + " " + g, Checks.cpuRead(gw),
                        bound(Checks.cpuRead(mag), g.n() * g.outSize(), v), out));
            }
        }
        for (Run r : runs) Checks.assertWithin(r.what, r.expected, h.download(r.out), r.bound);
    }
}
