package org.cryograd.kernels;

import static org.cryograd.kernels.Checks.CPU;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.cryograd.tensor.spi.Storage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validator of upsample.cu against the CPU backend: nearest and 1/2/3-D linear, align_corners both ways, up- and
 * down-sampling with non-integer factors, dimensions with in == out, a single output (scale 0), the two bilinear
 * combination orders (small and large outputs), both backward variants. Forward passes and the gather backward must
 * equal the CPU bit for bit; the scatter backward (atomic additions) within 8 ulp.
 */
class UpsampleKernelTest {
    record Geo(int planes, int[] in, int[] out) {
        int inSize() { return planes * in[0] * in[1] * in[2]; }

        int outSize() { return planes * out[0] * out[1] * out[2]; }

        @Override
        public String toString() {
            return "planes " + planes + " " + Arrays.toString(in) + " -> " + Arrays.toString(out);
        }
    }

    static List<Geo> geometries() {
        return List.of(
                new Geo(2, new int[] {3, 4, 5}, new int[] {6, 8, 10}),
                new Geo(2, new int[] {4, 5, 3}, new int[] {7, 3, 8}),
                new Geo(3, new int[] {1, 5, 7}, new int[] {1, 9, 13}),
                new Geo(1, new int[] {1, 40, 50}, new int[] {1, 80, 100}),
                new Geo(4, new int[] {1, 1, 7}, new int[] {1, 1, 16}),
                new Geo(2, new int[] {3, 4, 5}, new int[] {3, 8, 5}),
                new Geo(2, new int[] {1, 1, 5}, new int[] {1, 1, 1}),
                new Geo(1, new int[] {9, 2, 6}, new int[] {4, 5, 6}));
    }

    private record Run(String what, float[] expected, Storage out, boolean exact) {}

    @ParameterizedTest
    @MethodSource("org.cryograd.kernels.Harness#kinds")
    void resamplingMatchesTheCpuBackend(String kind) {
        Harness h = Harness.open(kind);
        Random rnd = new Random(13);
        List<Run> runs = new ArrayList<>();
        for (Geo g : geometries()) {
            for (int mode = 0; mode < 3; mode++) {
                boolean linear = mode > 0, align = mode == 2;
                String name = linear ? "linear align=" + align : "nearest";
                float[] x = Checks.random(rnd, g.inSize()), gy = Checks.random(rnd, g.outSize());
                Storage y = Checks.cpu(new float[g.outSize()]), gx = Checks.cpu(new float[g.inSize()]);
                CPU.upsample(linear, align, Checks.cpu(x), y, g.planes, g.in, g.out);
                CPU.upsampleBackward(linear, align, Checks.cpu(gy), gx, g.planes, g.in, g.out);
                Storage dy = h.upload(new float[g.outSize()]);
                CudaUpsample.upsample(h.runner(), linear, align, h.upload(x), dy, g.planes, g.in, g.out);
                runs.add(new Run(h + " upsample " + name + " " + g, Checks.cpuRead(y), dy, true));
                for (int v : new int[] {CudaUpsample.SCATTER, CudaUpsample.GATHER}) {
                    Storage dgx = h.upload(Checks.random(rnd, g.inSize()));
                    CudaUpsample.upsampleBackward(h.runner(), v, linear, align, h.upload(gy), dgx, g.planes, g.in, g.out);
                    runs.add(new Run(h + " upsampleBackward variant " + v + " " + name + " " + g, Checks.cpuRead(gx), dgx, v == CudaUpsample.GATHER));
                }
            }
        }
        for (Run r : runs) {
            float[] got = h.download(r.out);
            if (r.exact) Checks.assertExact(r.what, r.expected, got);
            else Checks.assertClose(r.what, r.expected, got, 8 * Checks.EPS);
        }
    }
}
