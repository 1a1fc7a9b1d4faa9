package org.cryograd.kernels;

import static org.cryograd.kernels.Checks.CPU;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cryograd.tensor.spi.Storage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validator of gemm.cu: every variant (both REGBLOCK tile shapes, TF32 where the device has it) against the CPU
 * backend on random inputs: all transpose cases, odd sizes and tile tails, batches with shared (stride 0) matrices,
 * odd offsets and leading dimensions (the scalar-load path), accumulate, k = 0. Runs in the kernel emulator and on the
 * GPU; each skips with its reason where unavailable. Bound per element: (k + 2) ulp of the sum of |a||b| (+ |c|).
 */
class GemmKernelTest {
    record Case(int batch, boolean ta, boolean tb, int m, int n, int k, long aOff, long sa, long bOff, long sb, long cOff, long sc, boolean acc) {
        static Case dense(int batch, boolean ta, boolean tb, int m, int n, int k, boolean acc) {
            return new Case(batch, ta, tb, m, n, k, 0, (long) m * k, 0, (long) k * n, 0, (long) m * n, acc);
        }

        long aSize() { return aOff + (batch - 1L) * sa + (long) m * k; }
        long bSize() { return bOff + (batch - 1L) * sb + (long) k * n; }
        long cSize() { return cOff + (batch - 1L) * sc + (long) m * n; }
    }

    static List<Case> cases() {
        List<Case> l = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 2) != 0, tb = (t & 1) != 0;
            l.add(Case.dense(1, ta, tb, 1, 1, 1, false));
            l.add(Case.dense(1, ta, tb, 7, 5, 3, t == 1));
            l.add(Case.dense(1, ta, tb, 33, 65, 17, false));     // 64-tile kernel, tails in m and n
            l.add(Case.dense(1, ta, tb, 130, 129, 9, t == 2));   // 128-tile kernel (4 blocks >= 4 SMs), tails
            l.add(Case.dense(1, ta, tb, 64, 68, 40, false));     // aligned: float4 loads and stores
            l.add(Case.dense(2, ta, tb, 70, 90, 150, true));     // many reduction steps (double buffering)
            l.add(new Case(3, ta, tb, 9, 12, 8, 1, 9 * 8 + 3, 5, 0, 2, 9 * 12 + 1, t == 3)); // odd offsets, shared B
            l.add(new Case(2, ta, tb, 20, 24, 16, 4, 0, 8, 16 * 24, 4, 20 * 24, false));     // shared A, aligned offsets
        }
        l.add(Case.dense(1, false, true, 3, 300, 2, false));
        return l;
    }

    @ParameterizedTest
    @MethodSource("org.cryograd.kernels.Harness#kinds")
    void everyVariantMatchesTheCpuBackend(String kind) {
        Harness h = Harness.open(kind);
        List<int[]> variants = new ArrayList<>();
        variants.add(new int[] {CudaGemm.NAIVE});
        variants.add(new int[] {CudaGemm.SMEM_TILED});
        variants.add(new int[] {CudaGemm.REGBLOCK});
        if (h.tf32()) variants.add(new int[] {CudaGemm.TF32_WMMA});
        Random rnd = new Random(42);
        record Run(String what, Case c, float[] expected, float[] bound, Storage out) {}
        List<Run> runs = new ArrayList<>();
        for (Case c : cases()) {
            float[] a = Checks.random(rnd, (int) c.aSize()), b = Checks.random(rnd, (int) c.bSize()), c0 = Checks.random(rnd, (int) c.cSize());
            Storage cc = Checks.cpu(c0);
            CPU.gemm(c.batch, c.ta, c.tb, c.m, c.n, c.k, Checks.cpu(a), c.aOff, c.sa, Checks.cpu(b), c.bOff, c.sb, cc, c.cOff, c.sc, c.acc);
            float[] expected = Checks.cpuRead(cc);
            Storage abs = Checks.cpu(c.acc ? Checks.abs(c0) : new float[c0.length]);
            CPU.gemm(c.batch, c.ta, c.tb, c.m, c.n, c.k, Checks.cpu(Checks.abs(a)), c.aOff, c.sa, Checks.cpu(Checks.abs(b)), c.bOff, c.sb, abs, c.cOff,
                    c.sc, true);
            float[] mag = Checks.cpuRead(abs);
            for (int[] v : variants) {
                float[] bound = new float[mag.length];
                float rel = v[0] == CudaGemm.TF32_WMMA ? 0x1p-9f + (c.k + 2) * Checks.EPS : (c.k + 2) * Checks.EPS;
                for (int i = 0; i < bound.length; i++) bound[i] = rel * mag[i] + Float.MIN_NORMAL;
                Storage out = h.upload(c0);
                CudaGemm.gemm(h.runner(), v[0], c.batch, c.ta, c.tb, c.m, c.n, c.k, h.upload(a), c.aOff, c.sa, h.upload(b), c.bOff, c.sb, out,
                        c.cOff, c.sc, c.acc);
                runs.add(new Run(h + " variant " + v[0] + " " + c, c, expected, bound, out));
            }
        }
        for (Run r : runs) Checks.assertWithin(r.what, r.expected, h.download(r.out), r.bound);
    }

    /** k = 0 (which the CPU backend rejects: its lda would be 0) overwrites C with zeros, or leaves it when accumulating. */
    @ParameterizedTest
    @MethodSource("org.cryograd.kernels.Harness#kinds")
    void emptyReductionOverwritesWithZeros(String kind) {
        Harness h = Harness.open(kind);
        float[] c0 = Checks.random(new Random(3), 2 * 5 * 6);
        for (int v = CudaGemm.NAIVE; v <= (h.tf32() ? CudaGemm.TF32_WMMA : CudaGemm.REGBLOCK); v++) {
            Storage c = h.upload(c0), kept = h.upload(c0);
            CudaGemm.gemm(h.runner(), v, 2, v % 2 == 0, false, 5, 6, 0, h.upload(new float[1]), 0, 0, h.upload(new float[1]), 0, 0, c, 0, 30, false);
            CudaGemm.gemm(h.runner(), v, 2, false, true, 5, 6, 0, h.upload(new float[1]), 0, 0, h.upload(new float[1]), 0, 0, kept, 0, 30, true);
            Checks.assertExact(h + " variant " + v + " k = 0", new float[c0.length], h.download(c));
            Checks.assertExact(h + " variant " + v + " k = 0, accumulate", c0, h.download(kept));
        }
    }
}
