package org.cryograd.em.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryograd.em.denoise.GaussianDenoiser;
import org.cryograd.em.synth.SynthConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several seeds end to end on a tiny configuration: per-seed outputs, and a summary recomputed from their files. */
class SeedSweepTest {
    private static final SynthConfig TINY = SynthConfig.quick().withSize(32, 32, 16).withCounts(6, 0, 1);

    private static double[][] table(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        double[][] t = new double[lines.size() - 1][];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            t[i - 1] = new double[f.length - 1];
            for (int c = 1; c < f.length; c++) t[i - 1][c - 1] = Double.parseDouble(f[c]);
        }
        return t;
    }

    @Test
    void summaryIsTheMeanAndSpreadOfThePerSeedRuns(@TempDir Path dir) throws Exception {
        List<Path> factoryDirs = new ArrayList<>();
        DualBenchmarkOptions o = DualBenchmarkOptions.quick(1).withSynth(TINY);
        SeedSweep.Result r = SeedSweep.run(o, List.of(3L, 4L), dir, d -> {
            factoryDirs.add(d);
            return (data, p) -> new GaussianDenoiser(1.0);
        }, BenchmarkProgress.NONE);
        assertEquals(List.of(dir.resolve("seed_3"), dir.resolve("seed_4")), factoryDirs);
        assertEquals(DualBenchmark.methods(), r.mean().stream().map(MethodResult::method).toList());

        double[][] a = table(dir.resolve("seed_3").resolve("results.csv")), b = table(dir.resolve("seed_4").resolve("results.csv"));
        double[][] mean = table(dir.resolve("results.csv"));
        assertNotEquals(a[0][0], b[0][0], "the seeds make different data (so the mean below is not one run)");
        for (int m = 0; m < DualBenchmark.methods().size(); m++)
            for (int c = 0; c < 3; c++) {
                assertEquals((a[m][c] + b[m][c]) / 2, mean[m][c], 1.01e-4, "mean, method " + m + " column " + c);
                double[] col = {r.std().get(m).metric("psnr"), r.std().get(m).metric("ssim"), r.std().get(m).metric("f1")};
                assertEquals(Math.abs(a[m][c] - b[m][c]) / Math.sqrt(2), col[c], 1e-4, "sample std, method " + m + " column " + c);
            }
        assertEquals(Files.readAllLines(dir.resolve("results.csv")).get(0), DualBenchmark.RESULTS_HEADER);
        List<String> by = Files.readAllLines(dir.resolve("results_by_seed.csv"));
        assertEquals(1 + 2 * DualBenchmark.methods().size(), by.size());
        assertEquals("seed," + DualBenchmark.RESULTS_HEADER, by.get(0));
        assertEquals("4,dual", by.get(by.size() - 1).substring(0, 6));
        // the long table at the top holds every seed's rows (not the means), told apart by the seed column
        List<String> lng = Files.readAllLines(dir.resolve(ResultsTable.FILE));
        assertEquals(ResultsTable.HEADER, lng.get(0));
        int perSeed = DualBenchmark.methods().size() * (DualBenchmark.METRICS.size() + 2);
        assertEquals(1 + 2 * perSeed, lng.size());
        assertEquals(lng.subList(1, 1 + perSeed), Files.readAllLines(dir.resolve("seed_3").resolve(ResultsTable.FILE)).subList(1, 1 + perSeed));
        assertTrue(lng.get(1 + perSeed).startsWith("dual,none,tomogram_9,4,psnr,"), lng.get(1 + perSeed));

        double[][] ra = table(dir.resolve("seed_3").resolve("realism.csv")), rb = table(dir.resolve("seed_4").resolve("realism.csv"));
        double[][] rm = table(dir.resolve("realism.csv"));
        assertEquals(2, rm.length); // white noise and the physics oracle (a Gaussian filter simulates nothing)
        for (int s = 0; s < rm.length; s++)
            for (int c = 0; c < 3; c++) assertEquals((ra[s][c] + rb[s][c]) / 2, rm[s][c], 1.01e-4);
        assertEquals(5, Files.readAllLines(dir.resolve("realism_by_seed.csv")).size());

        // the pick breakdown is summed over seeds: every object count and pick count is the two runs' total
        List<String> pa = Files.readAllLines(dir.resolve("seed_3").resolve("picking_breakdown.csv")),
                pb = Files.readAllLines(dir.resolve("seed_4").resolve("picking_breakdown.csv")), ps = Files.readAllLines(dir.resolve("picking_breakdown.csv"));
        assertEquals(PickBreakdown.HEADER, ps.get(0));
        assertEquals(pa.size(), ps.size());
        for (int i = 1; i < ps.size(); i++) {
            String[] x = pa.get(i).split(",", -1), y = pb.get(i).split(",", -1), z = ps.get(i).split(",", -1);
            assertEquals(x[0] + "," + x[1], z[0] + "," + z[1]);
            for (int c : new int[] {2, 4, 5}) assertEquals(Integer.parseInt(x[c]) + Integer.parseInt(y[c]), Integer.parseInt(z[c]), ps.get(i));
        }
    }

    @Test
    void seedsAreCheckedFirst(@TempDir Path dir) {
        DualBenchmarkOptions o = DualBenchmarkOptions.quick(1).withSynth(TINY);
        assertThrows(IllegalArgumentException.class, () -> SeedSweep.run(o, List.of(), dir, d -> null, BenchmarkProgress.NONE));
        assertThrows(IllegalArgumentException.class, () -> SeedSweep.run(o, List.of(2L, 2L), dir, d -> null, BenchmarkProgress.NONE));
    }

    @Test
    void oneSeedHasNoSpread() {
        assertEquals(0, SeedSweep.std(new double[] {3}));
        assertEquals(1, SeedSweep.std(new double[] {1, 2, 3}), 1e-15); // sqrt((1 + 0 + 1) / 2)
        assertEquals(2, SeedSweep.mean(new double[] {1, 2, 3}));
    }
}
