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
    void fillKeepsMeasuredCoefficientsAndTakesTheWedgeFromTheCalibratedTranslation() {
        int nz = 12, ny = 10, nx = 14;
        float[] v;
        try (Tensor a = Tensor.randn(new Rng(3), nz, ny, nx)) {
            v = a.toArray();
        }
        float[] o, inverted = new float[v.length];
        try (MemoryScope s = MemoryScope.open()) {
            // the original: v with its wedge removed; the translation: v inverted, scaled and shifted
            Tensor m = WedgeMask.measured(TiltAxis.Y, -60, 60, FourierLayout.HALF, nz, ny, nx);
            o = Fft.irfftn(Fft.multiply(Fft.rfftn(Tensor.of(v, nz, ny, nx), 3), m), nz, ny, nx).toArray();
        }
        for (int i = 0; i < v.length; i++) inverted[i] = -3 * v[i] + 1;
        Volume orig = new Volume(o, nz, ny, nx);
        Volume f = WedgeCompensation.fill(orig, new Volume(inverted, nz, ny, nx), -60, 60);
        // the sign and gain found on the measured region put v's own wedge back: the result is v in the original's units
        // float32 FFTs of 1680 values: 6e-8 of the largest value here; 1e-5 leaves a wide margin and still fails a
        // result off by a part in 1e5 of its range (the old absolute comparison passed one NaN voxel)
        Fixtures.assertClose("wedge filled from the calibrated translation", standardizedBy(v, o), f.data(), 1e-5);
        try (MemoryScope s = MemoryScope.open()) {
            Tensor m = WedgeMask.measured(TiltAxis.Y, -60, 60, FourierLayout.HALF, nz, ny, nx);
            Tensor ff = Fft.rfftn(f.toTensor(), 3), fo = Fft.rfftn(orig.standardized().toTensor(), 3);
            Fixtures.assertClose("measured region = original", Fft.multiply(fo, m).toArray(), Fft.multiply(ff, m).toArray(), 1e-5);
            assertTrue(m.neg().add(1f).sum().item() > 100, "the wedge is not empty");
        }
    }

    /** {@code v} minus its mean, divided by the standard deviation of {@code o}: v in o's standardised units. */
    private static float[] standardizedBy(float[] v, float[] o) {
        double mv = 0, mo = 0, so = 0;
        for (float x : v) mv += x;
        for (float x : o) mo += x;
        mv /= v.length;
        mo /= o.length;
        for (float x : o) so += (x - mo) * (x - mo);
        double sd = Math.sqrt(so / o.length);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) ((v[i] - mv) / sd);
        return out;
    }

    @Test
    void aTranslationUnrelatedToTheOriginalBarelyFillsTheWedge() {
        int nz = 12, ny = 10, nx = 14;
        Volume o, t;
        try (Tensor a = Tensor.randn(new Rng(5), nz, ny, nx); Tensor b = Tensor.randn(new Rng(6), nz, ny, nx)) {
            o = Volume.of(a);
            t = Volume.of(b);
        }
        Volume f = WedgeCompensation.fill(o, t, -60, 60);
        try (MemoryScope s = MemoryScope.open()) {
            Tensor miss = WedgeMask.missing(TiltAxis.Y, -60, 60, FourierLayout.HALF, nz, ny, nx);
            double filled = Fft.multiply(Fft.rfftn(f.toTensor(), 3), miss).square().sum().item();
            double offered = Fft.multiply(Fft.rfftn(t.standardized().toTensor(), 3), miss).square().sum().item();
            // uncalibrated, the wedge would hold all of the translation's energy there (ratio 1)
            assertTrue(filled < 0.1 * offered, "wedge energy " + filled + " of the translation's " + offered);
        }
    }

    @Test
    void benchmarkHookReturnsAWorkingDenoiser(@TempDir Path dir) {
        List<Volume> noisy = DualTrainerTest.volumes(5, 2, 18), clean = DualTrainerTest.volumes(6, 1, 20);
        org.cryograd.em.denoise.VolumeDenoiser d = DualBenchmarkHook.trainDenoiser(noisy, clean, Fixtures.tiny(), 2, 3, dir, null);
        float[] in = noisy.get(0).data();
        float[] out = d.denoise(in, 18, 19, 20);
        assertEquals(in.length, out.length);
        for (float x : out) assertTrue(Float.isFinite(x));
        assertArrayEquals(out, d.denoise(in, 18, 19, 20), "deterministic");
    }
}
