package org.cryograd.coordnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryograd.coordnet.CnConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's protocol on a tiny case: files, choices made on validation only, one row per seed/method/metric. */
class CnBenchmarkTest {
    static Path templates() {
        for (String s : new String[] {"../../shared/templates", "../shared/templates"}) {
            Path p = Path.of(s);
            if (Files.isRegularFile(p.resolve("1bxn.mrc")) && Files.isRegularFile(p.resolve("1s3x.mrc"))) return p;
        }
        return null;
    }

    private static CnBenchmarkOptions tiny(Path t) {
        CnConfig cn = CnConfig.quick().withHidden(16).withIterations(30, 8);
        return new CnBenchmarkOptions(32, 12, 16, 20, 3, 1000, -60, 60, 6, true, t, List.of("1bxn", "1s3x"), 7, new long[] {8, 9}, 12,
                List.of(cn, cn.withIterations(60, 16)), 5);
    }

    @Test
    void writesEveryFileWithChoicesFromTheValidationTomogram(@TempDir Path dir) throws Exception {
        Path t = templates();
        assumeTrue(t != null, "../shared/templates (1bxn.mrc, 1s3x.mrc) is absent");
        CnBenchmarkOptions o = tiny(t);
        var table = CnBenchmark.run(o, dir, s -> { });
        assertEquals(2 * CnBenchmark.METHODS.size(), table.results().size());
        List<String> lines = Files.readAllLines(dir.resolve("results_long.csv"));
        assertEquals("benchmark,method,data,seed,metric,value", lines.get(0));
        assertEquals(table.text(), String.join("\n", lines) + "\n");
        int psnrRows = 0;
        for (String r : lines.subList(1, lines.size())) {
            String[] c = r.split(",");
            assertEquals("cn", c[0], r);
            assertTrue(CnBenchmark.METHODS.contains(c[1]), r);
            assertTrue(c[3].equals("8") || c[3].equals("9"), "only test seeds are scored: " + r);
            if (c[4].equals("psnr")) {
                psnrRows++;
                assertTrue(Double.isFinite(Double.parseDouble(c[5])), r);
            }
        }
        assertEquals(2 * CnBenchmark.METHODS.size(), psnrRows);
        // the chosen WBP filter and SIRT count are the validation maxima
        List<String> val = Files.readAllLines(dir.resolve("validation.csv"));
        String bestFilter = null, choices = Files.readString(dir.resolve("choices.txt"));
        double best = Double.NEGATIVE_INFINITY, bestSirt = Double.NEGATIVE_INFINITY;
        int bestIt = 0;
        List<String> sirt = new ArrayList<>();
        for (String l : val.subList(1, val.size())) {
            String[] c = l.split(",");
            double q = Double.parseDouble(c[2]);
            if (c[0].equals("wbp_filter") && q > best) {
                best = q;
                bestFilter = c[1];
            }
            if (c[0].equals("sirt_iterations")) {
                sirt.add(l);
                if (q > bestSirt) {
                    bestSirt = q;
                    bestIt = Integer.parseInt(c[1]);
                }
            }
        }
        assertEquals(12, sirt.size());
        assertTrue(choices.contains("wbp filter: " + bestFilter + "\n"), choices);
        assertTrue(choices.contains("sirt iterations: " + bestIt + "\n"), choices);
        assertTrue(choices.contains("validation seed: 7"), choices);
        List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
        assertEquals("method,metric,mean,sd,n", summary.get(0));
        assertEquals(1 + CnBenchmark.METHODS.size() * CnBenchmark.METRICS.size(), summary.size());
    }

    @Test
    void bothInputsAreOrientedLikeThePotential(@TempDir Path dir) throws Exception {
        // phase-flipped views and contrast-inverted raw views must both give reconstructions that correlate positively
        // with the potential (molecules bright), else every score would measure an inverted volume
        Path t = templates();
        assumeTrue(t != null, "../shared/templates (1bxn.mrc, 1s3x.mrc) is absent");
        CnBenchmarkOptions o = tiny(t).withBox(64, 20, 32, 6, 4);
        var templates = org.cryograd.em.sim.Templates.load(t, List.of("1bxn", "1s3x"), 6, org.cryograd.em.sim.SpecimenOptions.defaults().proteinPotentialV());
        for (boolean flip : new boolean[] {true, false}) {
            CnBenchmark.Case c = CnBenchmark.simulate(o.withCtfCorrect(flip), templates, 8, s -> { });
            try (var v = org.cryograd.em.recon.Wbp.reconstruct(c.projector(), c.stack())) {
                double r = org.cryograd.fft.metrics.ImageMetrics.pearson(c.truth(), v);
                assertTrue(r > 0.2, (flip ? "phase-flipped" : "contrast-inverted") + " data: correlation with the potential " + r);
            }
        }
    }

    @Test
    void meanAndSampleSdOfFiniteValues() {
        double[] m = CnBenchmark.meanSd(List.of(1.0, 2.0, Double.NaN, 6.0));
        assertEquals(3.0, m[0], 1e-12);
        assertEquals(Math.sqrt((4 + 1 + 9) / 2.0), m[1], 1e-12);
        assertEquals(3, m[2]);
        assertTrue(Double.isNaN(CnBenchmark.meanSd(List.of(Double.NaN))[0]));
    }

    @Test
    void refusesATestSeedThatIsTheValidationSeed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tiny(Path.of(".")).withSeeds(8, new long[] {8, 9}));
        assertTrue(e.getMessage().contains("validation seed"), e.getMessage());
    }
}
