package org.cryograd.kernels;

import static org.cryograd.kernels.Checks.CPU;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cryograd.tensor.SparseCsr;
import org.cryograd.tensor.spi.Storage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validator of spmm.cu against the CPU backend: A x and A^T x (through the cached transpose), k from 1 to 40, empty
 * rows, long rows, both variants (the warp variant, meant for small k, with k <= 5). The thread variant must equal the CPU bit for bit; the warp variant (tree
 * reduction) stays within (row length + 2) ulp of the sum of |a||x|.
 */
class SpmmKernelTest {
    static SparseCsr random(Random rnd, int rows, int cols, double density) {
        int[] ptr = new int[rows + 1];
        List<Integer> ci = new ArrayList<>();
        List<Float> v = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            if (r % 7 != 3) // some empty rows
                for (int c = 0; c < cols; c++)
                    if (rnd.nextDouble() < density) {
                        ci.add(c);
                        v.add(rnd.nextFloat() * 2 - 1);
                    }
            ptr[r + 1] = ci.size();
        }
        float[] vals = new float[v.size()];
        for (int i = 0; i < vals.length; i++) vals[i] = v.get(i);
        return new SparseCsr(rows, cols, ptr, ci.stream().mapToInt(Integer::intValue).toArray(), vals);
    }

    private static SparseCsr abs(SparseCsr a) {
        return new SparseCsr(a.rows(), a.cols(), a.rowPtr(), a.colIdx(), Checks.abs(a.values()));
    }

    private record Run(String what, float[] expected, float[] mag, int rowLength, Storage out, boolean exact) {}

    @ParameterizedTest
    @MethodSource("org.cryograd.kernels.Harness#kinds")
    void productsMatchTheCpuBackend(String kind) {
        Harness h = Harness.open(kind);
        Random rnd = new Random(14);
        List<Run> runs = new ArrayList<>();
        List<SparseCsr> matrices = List.of(random(rnd, 37, 23, 0.3), random(rnd, 5, 200, 0.9), random(rnd, 1, 1, 1.0));
        for (SparseCsr a : matrices) {
            for (boolean t : new boolean[] {false, true}) {
                int rows = t ? a.cols() : a.rows(), cols = t ? a.rows() : a.cols();
                for (int k : new int[] {1, 3, 5, 17, 40}) {
                    float[] x = Checks.random(rnd, cols * k);
                    Storage y = Checks.cpu(new float[rows * k]), mag = Checks.cpu(new float[rows * k]);
                    CPU.spmm(a, t, Checks.cpu(x), k, y);
                    CPU.spmm(abs(a), t, Checks.cpu(Checks.abs(x)), k, mag);
                    // the warp variant is meant for small k (and slow to emulate for large k: one warp barrier per shuffle)
                    for (int v : k <= 5 ? new int[] {CudaSparse.THREAD, CudaSparse.WARP} : new int[] {CudaSparse.THREAD}) {
                        Storage out = h.upload(Checks.random(rnd, rows * k));
                        CudaSparse.spmm(h.runner(), h.deviceKey(), v, a, t, h.upload(x), k, out);
                        runs.add(new Run(h + " spmm variant " + v + " " + a + (t ? "^T" : "") + " k=" + k, Checks.cpuRead(y), Checks.cpuRead(mag),
                                cols, out, v == CudaSparse.THREAD));
                    }
                }
            }
        }
        for (Run r : runs) {
            float[] got = h.download(r.out);
            if (r.exact) {
                Checks.assertExact(r.what, r.expected, got);
            } else {
                float[] bound = new float[r.mag.length];
                for (int i = 0; i < bound.length; i++) bound[i] = (r.rowLength + 2) * Checks.EPS * r.mag[i] + Float.MIN_NORMAL;
                Checks.assertWithin(r.what, r.expected, got, bound);
            }
        }
    }
}
