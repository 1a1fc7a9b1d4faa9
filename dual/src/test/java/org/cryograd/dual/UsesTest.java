package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.cryograd.fft.Fft;
import org.cryograd.fft.FourierLayout;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.WedgeMask;
import org.cryograd.io.MrcFile;
import org.cryograd.io.MrcHeader;
import org.cryograd.io.MrcWriter;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Library entry points: training, denoising and simulating files, wedge compensation, the benchmark hook. */
class UsesTest {
    @Test
    void trainDenoiseAndSimulateFiles(@TempDir Path dir) throws Exception {
        Rng r = new Rng(1);
        Path noisy = dir.resolve("noisy.mrc"), clean = dir.resolve("clean.mrc"), test = dir.resolve("test.mrc");
        try (Tensor a = Tensor.randn(r, 18, 20, 22); Tensor b = Tensor.randn(r, 17, 17, 17); Tensor c = Tensor.randn(r, 13, 21, 30)) {
            MrcWriter.write(noisy, a, 2.5);
            MrcWriter.write(clean, b, 2.5);
            MrcWriter.write(test, c, 3.0);
        }
        DualConfig cfg = Fixtures.tiny().withStepsPerEpoch(1);
        DualModel m = DualTraining.train(DualTrainingOptions.ofFiles(List.of(noisy), List.of(clean), cfg, 1, dir.resolve("run")), null);
        Path out = dir.resolve("dn.mrc");
        Volume v = DualDenoise.run(dir.resolve("run").resolve("model"), test, out);
        MrcFile f = MrcFile.read(out);
        assertArrayEquals(new int[] {13, 21, 30}, f.data().dims());
        assertEquals(3.0, f.header().voxelSize()[0], 1e-6);
        assertArrayEquals(v.data(), f.data().toArray());
        try (Tensor c = MrcFile.read(test).data()) {
            assertArrayEquals(m.denoise(Volume.of(c)).data(), v.data(), "file path = in-memory path");
        }
        List<Path> sims = DualSimulate.run(dir.resolve("run").resolve("model"), clean, 2, dir.resolve("sim"), 5);
        assertEquals(2, sims.size());
        float[] s0 = MrcFile.read(sims.get(0)).data().toArray(), s1 = MrcFile.read(sims.get(1)).data().toArray();
        assertEquals(17 * 17 * 17, s0.length);
        assertTrue(!java.util.Arrays.equals(s0, s1), "draws differ");
        List<Path> again = DualSimulate.run(dir.resolve("run").resolve("model"), clean, 1, dir.resolve("sim2"), 5);
        assertArrayEquals(s0, MrcFile.read(again.get(0)).data().toArray(), "seeded");
    }

    @Test
    void swapXZIsATransposeAndAnInvolution() {
        Volume v;
        try (Tensor t = Tensor.randn(new Rng(2), 3, 4, 5)) {
            v = Volume.of(t);
        }
        Volume s = WedgeCompensation.swapXZ(v);
        assertEquals(5, s.nz());
        assertEquals(3, s.nx());
        assertEquals(v.data()[(2 * 4 + 1) * 5 + 3], s.data()[(3 * 4 + 1) * 3 + 2]);
        assertArrayEquals(v.data(), WedgeCompensation.swapXZ(s).data());
    }

    @Test
    void fillKeepsMeasuredCoefficientsAndTakesTheWedgeFromTheTranslation() {
        int nz = 12, ny = 10, nx = 14;
        Volume o, t;
        try (Tensor a = Tensor.randn(new Rng(3), nz, ny, nx); Tensor b = Tensor.randn(new Rng(4), nz, ny, nx)) {
            o = Volume.of(a);
            t = Volume.of(b);
        }
        Volume f = WedgeCompensation.fill(o, t, -60, 60);
        try (MemoryScope s = MemoryScope.open()) {
            Tensor m = WedgeMask.measured(TiltAxis.Y, -60, 60, FourierLayout.HALF, nz, ny, nx);
            Tensor ff = Fft.rfftn(f.toTensor(), 3), fo = Fft.rfftn(o.standardized().toTensor(), 3), ft = Fft.rfftn(t.standardized().toTensor(), 3);
            Fixtures.assertClose("measured region = original", Fft.multiply(fo, m).toArray(), Fft.multiply(ff, m).toArray(), 1e-5);
            Tensor miss = m.neg().add(1f);
            assertTrue(miss.sum().item() > 100, "the wedge is not empty");
            Fixtures.assertClose("wedge = translation", Fft.multiply(ft, miss).toArray(), Fft.multiply(ff, miss).toArray(), 1e-5);
        }
    }

    @Test
    void benchmarkHookReturnsAWorkingDenoiser(@TempDir Path dir) {
        List<Volume> noisy = DualTrainerTest.volumes(5, 2, 18), clean = DualTrainerTest.volumes(6, 1, 20);
        org.cryograd.dual.baseline.VolumeDenoiser d = DualBenchmarkHook.trainDenoiser(noisy, clean, Fixtures.tiny(), 2, 3, dir, null);
        float[] in = noisy.get(0).data();
        float[] out = d.denoise(in, 18, 19, 20);
        assertEquals(in.length, out.length);
        for (float x : out) assertTrue(Float.isFinite(x));
        assertArrayEquals(out, d.denoise(in, 18, 19, 20), "deterministic");
    }
}
