package org.cryograd.kernels;

import static org.cryograd.kernels.Checks.CPU;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cryograd.tensor.spi.Storage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validator of pool.cu against the CPU backend: max and average pooling in 1, 2 and 3-D with and without overlap and
 * padding, count_include_pad both ways, inputs with NaN and -inf (NaN wins, an all -inf window routes its gradient to
 * its first valid cell), both backward variants. Forward passes and the gather backward must equal the CPU bit for
 * bit; the scatter backward (atomic additions in any order) within 4 ulp of the window sum.
 */
class PoolKernelTest {
    record Geo(int planes, int[] in, int[] kernel, int[] stride, int[] padding) {
        @Override
        public String toString() {
            return "planes " + planes + " in " + java.util.Arrays.toString(in) + " kernel " + java.util.Arrays.toString(kernel) + " stride "
                    + java.util.Arrays.toString(stride) + " padding " + java.util.Arrays.toString(padding);
        }

        int[] out() {
            int[] o = new int[3];
            for (int d = 0; d < 3; d++) o[d] = Math.floorDiv(in[d] + 2 * padding[d] - kernel[d], stride[d]) + 1;
            return o;
        }

        int inSize() { return planes * in[0] * in[1] * in[2]; }

        int outSize() { int[] o = out(); return planes * o[0] * o[1] * o[2]; }
    }

    static List<Geo> geometries() {
        return List.of(
                new Geo(3, new int[] {5, 6, 7}, new int[] {2, 2, 2}, new int[] {2, 2, 2}, new int[] {0, 0, 0}),
                new Geo(2, new int[] {5, 6, 7}, new int[] {3, 3, 3}, new int[] {1, 1, 1}, new int[] {1, 1, 1}),
                new Geo(4, new int[] {1, 7, 9}, new int[] {1, 3, 3}, new int[] {1, 2, 2}, new int[] {0, 1, 1}),
                new Geo(3, new int[] {1, 1, 13}, new int[] {1, 1, 4}, new int[] {1, 1, 3}, new int[] {0, 0, 2}),
                new Geo(2, new int[] {4, 5, 3}, new int[] {3, 2, 3}, new int[] {2, 3, 1}, new int[] {1, 1, 1}));
    }

    private static float[] withSpecials(Random rnd, int n) {
        float[] x = Checks.random(rnd, n);
        for (int i = 0; i < n; i++) {
            int r = rnd.nextInt(40);
            if (r == 0) x[i] = Float.NaN;
            else if (r < 4) x[i] = Float.NEGATIVE_INFINITY;
        }
        return x;
    }

    private record Run(String what, float[] expected, Storage out, boolean exact) {}

    @ParameterizedTest
    @MethodSource("org.cryograd.kernels.Harness#kinds")
    void maxPoolingMatchesTheCpuBackend(String kind) {
        Harness h = Harness.open(kind);
        Random rnd = new Random(11);
        List<Run> runs = new ArrayList<>();
        for (Geo g : geometries()) {
            for (boolean specials : new boolean[] {false, true}) {
                float[] x = specials ? withSpecials(rnd, g.inSize()) : Checks.random(rnd, g.inSize());
                float[] gy = Checks.random(rnd, g.outSize());
                Storage y = Checks.cpu(new float[g.outSize()]), gx = Checks.cpu(new float[g.inSize()]);
                CPU.maxPool(Checks.cpu(x), y, g.planes, g.in, g.out(), g.kernel, g.stride, g.padding);
                CPU.maxPoolBackward(Checks.cpu(x), Checks.cpu(gy), gx, g.planes, g.in, g.out(), g.kernel, g.stride, g.padding);
                Storage dy = h.upload(new float[g.outSize()]);
                CudaPool.maxPool(h.runner(), h.upload(x), dy, g.planes, g.in, g.out(), g.kernel, g.stride, g.padding);
                runs.add(new Run(h + " maxPool " + g, Checks.cpuRead(y), dy, true));
                for (int v : new int[] {CudaPool.SCATTER, CudaPool.GATHER}) {
                    Storage dgx = h.upload(Checks.random(rnd, g.inSize()));
                    CudaPool.maxPoolBackward(h.runner(), v, h.upload(x), h.upload(gy), dgx, g.planes, g.in, g.out(), g.kernel, g.stride, g.padding);
                    runs.add(new Run(h + " maxPoolBackward variant " + v + " " + g, Checks.cpuRead(gx), dgx, v == CudaPool.GATHER));
                }
            }
        }
        check(h, runs);
    }

    @ParameterizedTest
    @MethodSource("org.cryograd.kernels.Harness#kinds")
    void averagePoolingMatchesTheCpuBackend(String kind) {
        Harness h = Harness.open(kind);
        Random rnd = new Random(12);
        List<Run> runs = new ArrayList<>();
        for (Geo g : geometries()) {
            for (boolean cip : new boolean[] {false, true}) {
                float[] x = Checks.random(rnd, g.inSize()), gy = Checks.random(rnd, g.outSize());
                Storage y = Checks.cpu(new float[g.outSize()]), gx = Checks.cpu(new float[g.inSize()]);
                CPU.avgPool(Checks.cpu(x), y, g.planes, g.in, g.out(), g.kernel, g.stride, g.padding, cip);
                CPU.avgPoolBackward(Checks.cpu(gy), gx, g.planes, g.in, g.out(), g.kernel, g.stride, g.padding, cip);
                Storage dy = h.upload(new float[g.outSize()]);
                CudaPool.avgPool(h.runner(), h.upload(x), dy, g.planes, g.in, g.out(), g.kernel, g.stride, g.padding, cip);
                runs.add(new Run(h + " avgPool cip=" + cip + " " + g, Checks.cpuRead(y), dy, true));
                for (int v : new int[] {CudaPool.SCATTER, CudaPool.GATHER}) {
                    Storage dgx = h.upload(Checks.random(rnd, g.inSize()));
                    CudaPool.avgPoolBackward(h.runner(), v, h.upload(gy), dgx, g.planes, g.in, g.out(), g.kernel, g.stride, g.padding, cip);
                    runs.add(new Run(h + " avgPoolBackward variant " + v + " cip=" + cip + " " + g, Checks.cpuRead(gx), dgx, v == CudaPool.GATHER));
                }
            }
        }
        check(h, runs);
    }

    private static void check(Harness h, List<Run> runs) {
        for (Run r : runs) {
            float[] got = h.download(r.out);
            if (r.exact) Checks.assertExact(r.what, r.expected, got);
            else Checks.assertClose(r.what, r.expected, got, 8 * Checks.EPS);
        }
    }
}
