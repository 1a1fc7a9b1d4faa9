package org.cryograd.em.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.cryograd.em.benchmark.MethodResult;
import org.cryograd.fft.FscCurve;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.testing.Cgfx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness against reference scores and analytic FSC cases, and its files read back. */
class EvaluationHarnessTest {
    static final int NZ = 8, NY = 12, NX = 16;
    static final TiltGeometry GEOMETRY = TiltGeometry.range(-60, 60, 3, TiltAxis.Y);

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    static Tensor vol(double phase, float gain) {
        float[] v = QualityMetricsTest.volume(NZ, NY, NX, phase);
        for (int i = 0; i < v.length; i++) v[i] *= gain;
        return Tensor.of(v, NZ, NY, NX);
    }

    static EvaluationHarness harness() {
        EvaluationHarness h = new EvaluationHarness(vol(0, 1), 0, GEOMETRY);
        h.add("wbp", vol(0.9, 3), 0.25);
        h.add("cn", vol(0.3, 0.5f), 12.5);
        return h;
    }

    @Test
    void resultsMatchReferencesAndAnalyticCases() {
        // the scores against scikit-image / numpy references (make_quality_fixtures.py, as in QualityMetricsTest)
        Cgfx.Case c = Cgfx.load(QualityMetricsTest.class, "/fixtures/quality.bin.gz", "em/src/test/python/make_quality_fixtures.py").stream()
                .filter(k -> k.id().equals("noisy")).findFirst().orElseThrow();
        Tensor truth = c.get("ref").tensor();
        float[] copy = truth.toArray();
        for (int i = 0; i < copy.length; i++) copy[i] = 2f * copy[i] - 0.5f; // exact in float
        EvaluationHarness h = new EvaluationHarness(truth, 0, GEOMETRY);
        h.add("m", c.get("test").tensor(), 0.25);
        h.add("copy", Tensor.of(copy, truth.dims()), 1.5);
        MethodResult r = h.results().get(0);
        assertEquals("m", r.method());
        assertEquals(0.25, r.runSeconds());
        assertEquals(EvaluationHarness.METRICS, List.copyOf(r.metrics().keySet()));
        assertEquals(c.get("psnr").data()[0], r.metric("psnr"), 1e-4);
        assertEquals(c.get("ssim").data()[0], r.metric("ssim"), 1e-5);
        assertEquals(c.get("vif").data()[0], r.metric("vif"), 1e-5);
        assertEquals(r.metric("psnr"), h.quality("m").psnr());
        assertEquals(h.fsc("m").resolution05(), r.metric("resolution_fsc05"));
        assertEquals(h.fsc("m").resolution0143(), r.metric("resolution_fsc0143"));
        // an affine copy of the truth is matched back onto it: FSC 1 in every shell, in and out of the wedge
        MethodResult p = h.results().get(1);
        assertTrue(p.metric("psnr") > 100, p.toString());
        for (double[] f : new double[][] {h.fsc("copy").fsc(), h.directional("copy").present().fsc(), h.directional("copy").missing().fsc()})
            for (int s = 1; s < f.length; s++) assertTrue(Double.isNaN(f[s]) || Math.abs(f[s] - 1) < 1e-5, "shell " + s + ": " + f[s]);
        assertEquals(1, p.metric("missing_fsc_mean"), 1e-5);
        assertEquals(1, p.metric("present_fsc_mean"), 1e-5);
        // and the noisy method's missing-wedge FSC is a real correlation below that
        assertTrue(r.metric("missing_fsc_mean") < 0.99 && r.metric("present_fsc_mean") < 0.99, r.toString());
        assertEquals("px", h.unit());
        // the better match (smaller phase error) scores higher
        EvaluationHarness g = harness();
        assertTrue(g.results().get(1).metric("psnr") > g.results().get(0).metric("psnr"));
    }

    @Test
    void tableNamesEveryMethodAndItsNumbers() {
        EvaluationHarness h = harness();
        String t = h.formatTable();
        String[] lines = t.split("\\R");
        assertTrue(lines[0].startsWith("method") && lines[0].contains("PSNR") && lines[0].contains("VIF") && lines[0].contains("seconds"), t);
        MethodResult cn = h.results().get(1);
        assertTrue(lines[2].startsWith("cn "), t);
        assertTrue(lines[2].contains(String.format(java.util.Locale.ROOT, "%.2f", cn.metric("psnr"))), t);
        assertTrue(lines[2].contains(String.format(java.util.Locale.ROOT, "%.4f", cn.metric("ssim"))), t);
        assertTrue(lines[3].contains("enlarged 7x"), t); // ceil(81 / 12) = 7
    }

    @Test
    void writesEveryFileAndTheyParse(@TempDir Path dir) throws IOException {
        EvaluationHarness h = harness();
        List<Path> files = h.writeAll(dir.resolve("out"));
        for (String name : List.of("metrics.csv", "fsc.csv", "fsc.png", "fsc_directional.csv", "fsc_present.png", "fsc_missing.png",
                "slices.png", "slices_truth.png", "slices_wbp.png", "slices_cn.png"))
            assertTrue(files.contains(dir.resolve("out").resolve(name)) && Files.size(dir.resolve("out").resolve(name)) > 0, name);

        List<String> metrics = Files.readAllLines(dir.resolve("out/metrics.csv"));
        assertEquals(List.of("method,psnr,ssim,vif,seconds"), metrics.subList(0, 1));
        assertEquals(3, metrics.size());
        for (int i = 0; i < 2; i++) {
            String[] c = metrics.get(i + 1).split(",");
            MethodResult r = h.results().get(i);
            assertEquals(r.method(), c[0]);
            assertEquals(r.metric("psnr"), Double.parseDouble(c[1]), 1e-6 * Math.abs(r.metric("psnr")));
            assertEquals(r.metric("ssim"), Double.parseDouble(c[2]), 1e-8);
            assertEquals(r.metric("vif"), Double.parseDouble(c[3]), 1e-8);
            assertEquals(r.runSeconds(), Double.parseDouble(c[4]), 1e-9);
        }

        List<String> fsc = Files.readAllLines(dir.resolve("out/fsc.csv"));
        assertEquals("shell,frequency,resolution,wbp,cn", fsc.get(0));
        double[] cn = h.fsc("cn").fsc(), freq = h.fsc("cn").frequency();
        assertEquals(cn.length + 1, fsc.size());
        for (int s = 0; s < cn.length; s++) {
            String[] c = fsc.get(s + 1).split(",");
            assertEquals(s, Integer.parseInt(c[0]));
            assertEquals(freq[s], Double.parseDouble(c[1]), 1e-9);
            assertEquals(cn[s], Double.parseDouble(c[4]), 1e-8);
        }
        assertEquals("inf", fsc.get(1).split(",")[2]); // resolution at frequency 0

        List<String> dfsc = Files.readAllLines(dir.resolve("out/fsc_directional.csv"));
        assertEquals("shell,frequency,resolution,wbp_present,wbp_missing,cn_present,cn_missing", dfsc.get(0));
        double[] miss = h.directional("wbp").missing().fsc();
        for (int s = 0; s < miss.length; s++) {
            String v = dfsc.get(s + 1).split(",")[4];
            if (Double.isNaN(miss[s])) assertEquals("nan", v);
            else assertEquals(miss[s], Double.parseDouble(v), 1e-8);
        }

        BufferedImage one = ImageIO.read(dir.resolve("out/slices_cn.png").toFile());
        assertEquals(NX + 4 + NZ, one.getWidth()); // orthogonal views: xy | zy, xz below, gap 4
        assertEquals(NY + 4 + NZ, one.getHeight());
        BufferedImage row = ImageIO.read(dir.resolve("out/slices.png").toFile());
        assertTrue(row.getWidth() > 3 * one.getWidth(), "three panels side by side");
        for (String png : List.of("fsc.png", "fsc_present.png", "fsc_missing.png"))
            assertTrue(ImageIO.read(dir.resolve("out").resolve(png).toFile()).getWidth() >= 200, png);
    }

    @Test
    void withoutGeometryThereIsNoDirectionalFsc(@TempDir Path dir) throws IOException {
        EvaluationHarness h = new EvaluationHarness(vol(0, 1), 2.5, null);
        MethodResult r = h.add("sirt", vol(0.5, 1), 1);
        assertNull(h.directional("sirt"));
        assertTrue(Double.isNaN(r.metric("missing_fsc_mean")) && Double.isNaN(r.metric("present_fsc_mean")));
        assertEquals("volume", r.data());
        assertEquals("Å", h.unit());
        assertEquals(2.5, h.fsc("sirt").voxelSize());
        assertThrows(IllegalArgumentException.class, () -> h.fsc("wbp"));
        assertThrows(IllegalStateException.class, () -> h.writeDirectionalFscCsv(dir.resolve("d.csv")));
        List<Path> files = h.writeAll(dir);
        assertTrue(files.stream().noneMatch(p -> p.getFileName().toString().contains("directional")));
    }

    @Test
    void resolutionTextSaysWhenTheCurveNeverCrosses() {
        double[] f = {0, 0.125, 0.25, 0.375, 0.5};
        long[] n = {1, 6, 20, 40, 70};
        FscCurve c = new FscCurve(f, new double[] {1, 0.9, 0.8, 0.6, 0.3}, n, 1.0);
        // 0.5 between 0.375 (0.6) and 0.5 (0.3): f = 0.375 + 0.1 / 0.3 * 0.125, resolution 1 / f = 2.40
        assertEquals("2.40 px", FscFiles.resolutionText(c, 0.5, "px"));
        assertEquals("<=2.00 Å", FscFiles.resolutionText(c, 0.143, "Å"));
        FscCurve low = new FscCurve(f, new double[] {1, Double.NaN, 0.1, 0.05, 0.0}, n, 1.0);
        assertEquals(">4.00 px", FscFiles.resolutionText(low, 0.5, "px"));
        FscCurve none = new FscCurve(f, new double[] {1, Double.NaN, Double.NaN, Double.NaN, Double.NaN}, n, 1.0);
        assertEquals("n/a", FscFiles.resolutionText(none, 0.5, "px"));
    }

    @Test
    void badNamesAndShapesAreRejected() {
        EvaluationHarness h = harness();
        assertThrows(IllegalArgumentException.class, () -> h.add("cn", vol(0.1, 1), 1));
        assertThrows(IllegalArgumentException.class, () -> h.add("a,b", vol(0.1, 1), 1));
        assertThrows(IllegalArgumentException.class, () -> h.add("x", Tensor.of(new float[NZ * NY * NY], NZ, NY, NY), 1));
        assertThrows(IllegalStateException.class, () -> new EvaluationHarness(vol(0, 1), 1, null).writeFscCsv(Path.of("x.csv")));
    }
}
