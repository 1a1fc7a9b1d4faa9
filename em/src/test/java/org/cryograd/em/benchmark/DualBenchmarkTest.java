package org.cryograd.em.benchmark;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryograd.em.denoise.GaussianDenoiser;
import org.cryograd.em.denoise.VolumeDenoiser;
import org.cryograd.em.eval.VolumeStats;
import org.cryograd.em.pick.DogPicker;
import org.cryograd.em.pick.Pick;
import org.cryograd.em.pick.PickStar;
import org.cryograd.em.synth.SynthConfig;
import org.cryograd.em.synth.SyntheticBenchmark;
import org.cryograd.fft.metrics.Ssim;
import org.cryograd.io.MrcFile;
import org.cryograd.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark end to end on a tiny configuration, and the scorer's normalisation. */
class DualBenchmarkTest {
    private static final SynthConfig TINY = SynthConfig.quick().withSize(32, 32, 16).withCounts(8, 0, 1);

    /** An identity "DUAL" that is also a simulator (so the realism branch runs). */
    private record Identity() implements VolumeDenoiser, VolumeSimulator {
        @Override
        public float[] denoise(float[] v, int nz, int ny, int nx) {
            return v.clone();
        }

        @Override
        public float[] simulate(float[] map, int nz, int ny, int nx, long seed) {
            return new WhiteNoiseSimulator(1).simulate(map, nz, ny, nx, seed);
        }
    }

    @Test
    void runsAndWritesEveryOutput(@TempDir Path dir) throws Exception {
        List<String> stages = new ArrayList<>();
        TrainingData[] seen = new TrainingData[1];
        DualBenchmarkOptions o = DualBenchmarkOptions.quick(3).withSynth(TINY).withWriteData(true);
        BenchmarkReport report = DualBenchmark.run(o, dir, (data, p) -> {
            seen[0] = data;
            return new Identity();
        }, (stage, msg) -> stages.add(stage));
        List<MethodResult> rows = report.methods();
        assertEquals(DualBenchmark.methods(), rows.stream().map(MethodResult::method).toList());
        // the factory saw the paper's split, standardised
        SyntheticBenchmark b = SyntheticBenchmark.generate(TINY, 3);
        assertEquals(4, seen[0].noisy().size());
        assertEquals(4, seen[0].clean().size());
        float[] expected = VolumeStats.standardize(b.pair(2).tomogram());
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], seen[0].noisy().get(2)[i], 0);
        float[] clean = VolumeStats.standardize(b.pair(5).model().density());
        for (int i = 0; i < clean.length; i++) assertEquals(clean[i], seen[0].clean().get(1)[i], 0);
        // identity DUAL scores exactly like the raw tomogram; tuned baselines are at least as good as raw on PSNR
        MethodResult none = rows.get(0), dual = rows.get(rows.size() - 1);
        assertEquals(none.metric("psnr"), dual.metric("psnr"), 0);
        assertEquals(none.metric("ssim"), dual.metric("ssim"), 0);
        assertEquals(none.metric("f1"), dual.metric("f1"), 0);
        for (MethodResult r : rows.subList(1, rows.size() - 1)) assertTrue(r.metric("psnr") > none.metric("psnr"), r + " vs " + none);
        // files
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals("method,psnr,ssim,f1", csv.get(0));
        assertEquals(rows.size() + 1, csv.size());
        for (int i = 0; i < rows.size(); i++) {
            String[] f = csv.get(i + 1).split(",");
            assertEquals(rows.get(i).method(), f[0]);
            assertEquals(rows.get(i).metric("psnr"), Double.parseDouble(f[1]), 5e-5);
            assertEquals(rows.get(i).metric("ssim"), Double.parseDouble(f[2]), 5e-5);
            assertEquals(rows.get(i).metric("f1"), Double.parseDouble(f[3]), 5e-5);
            assertTrue(Files.exists(dir.resolve("test_" + f[0] + ".png")));
            assertTrue(Files.exists(dir.resolve("picks_" + f[0] + ".star")));
        }
        float[] nlmOut = MrcFile.read(dir.resolve("test_nlm.mrc")).data().toArray();
        assertEquals(TINY.voxels(), nlmOut.length);
        assertEquals(b.testTruth().objects(org.cryograd.em.synth.PlacedObject.Kind.PARTICLE).size(),
                PickStar.read(dir.resolve("truth_particles.star")).size());
        List<String> realism = Files.readAllLines(dir.resolve("realism.csv"));
        assertEquals(4, realism.size());
        assertTrue(realism.get(1).startsWith("white_noise,") && realism.get(2).startsWith("physics_oracle,") && realism.get(3).startsWith("dual,"), realism.toString());
        assertEquals(List.of("white_noise", "physics_oracle", "dual"), List.copyOf(report.realism().keySet()));
        for (int i = 1; i < 4; i++) {
            String[] f = realism.get(i).split(",");
            RealismScores s = report.realism().get(f[0]);
            assertEquals(s.spectrumDistance(), Double.parseDouble(f[1]), 5e-5);
            assertEquals(s.wasserstein1(), Double.parseDouble(f[2]), 5e-5);
        }
        assertTrue(Files.exists(dir.resolve("data/tomogram_9.mrc")));
        // the long table: every method's five metrics and two timings on the test tomogram, with the run's seed
        List<String> lng = Files.readAllLines(dir.resolve(ResultsTable.FILE));
        assertEquals(ResultsTable.HEADER, lng.get(0));
        assertEquals(1 + rows.size() * (DualBenchmark.METRICS.size() + 2), lng.size());
        assertEquals("dual,gaussian,tomogram_9,3,psnr," + rows.get(1).metric("psnr"), lng.get(1 + 7));
        assertTrue(lng.contains("dual,dual,tomogram_9,3,f1," + dual.metric("f1")), lng.toString());
        assertEquals(rows.size() + 1, Files.readAllLines(dir.resolve("details.csv")).size());
        // the breakdown accounts for every pick of every method, and its matches are the F1's true positives
        List<String> breakdown = Files.readAllLines(dir.resolve("picking_breakdown.csv"));
        assertEquals(PickBreakdown.HEADER, breakdown.get(0));
        int particles = b.testTruth().objects(org.cryograd.em.synth.PlacedObject.Kind.PARTICLE).size();
        for (MethodResult r : rows) {
            int matched = 0, all = 0, objects = 0;
            for (String line : breakdown.subList(1, breakdown.size())) {
                String[] f = line.split(",", -1);
                if (!f[0].equals(r.method())) continue;
                matched += Integer.parseInt(f[4]);
                all += Integer.parseInt(f[4]) + Integer.parseInt(f[5]);
                if (f[1].startsWith("class")) objects += Integer.parseInt(f[2]);
            }
            assertEquals(particles, objects, r.method());
            assertEquals(PickStar.read(dir.resolve("picks_" + r.method() + ".star")).size(), all, r.method());
            assertEquals(r.metric("recall") * particles, matched, 1e-9, r.method());
            assertEquals(matched, report.picking().get(rows.indexOf(r)).rows().stream().mapToInt(PickBreakdown.Row::matched).sum());
        }
        assertTrue(stages.containsAll(List.of("data", "tune", "dual", "write")), stages.toString());
    }

    @Test
    void detailsNameTheDenoiserByItsOwnDescription() {
        assertEquals("GaussianDenoiser[sigma=1.5]", DualBenchmark.describe(new GaussianDenoiser(1.5)));
        VolumeDenoiser described = new VolumeDenoiser() {
            @Override
            public float[] denoise(float[] v, int nz, int ny, int nx) {
                return v.clone();
            }

            @Override
            public String toString() {
                return "mine";
            }
        };
        assertEquals("mine", DualBenchmark.describe(described));
        VolumeDenoiser plain = (v, nz, ny, nx) -> v.clone();
        assertEquals(plain.getClass().getSimpleName(), DualBenchmark.describe(plain));
    }

    @Test
    void scorerStandardisesAndCorrectsPolarity() {
        int nz = 8, ny = 9, nx = 10, n = nz * ny * nx;
        Rng rng = new Rng(4);
        float[] truth = new float[n], out = new float[n];
        for (int i = 0; i < n; i++) {
            truth[i] = (float) (rng.nextDouble() < 0.2 ? 3 * rng.nextDouble() : 0);
            out[i] = -5 * truth[i] + (float) rng.nextDouble() * 4 + 100;
        }
        DogPicker picker = new DogPicker(1, 1.1, 2, 3, DogPicker.Polarity.BRIGHT, 0);
        TestScorer s = new TestScorer(truth, nz, ny, nx, List.of(Pick.at(1, 1, 1)), picker, 2);
        float[] t = VolumeStats.standardize(truth);
        double r = Math.abs(VolumeStats.leastSquaresFit(VolumeStats.standardize(out), t)[0]);
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (float v : t) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        // both standardised, polarity fixed: MSE = 2 - 2|r|
        double psnr = 10 * Math.log10((hi - lo) * (hi - lo) / (2 - 2 * r));
        assertEquals(psnr, s.psnr(out), 1e-4);
        float[] neg = out.clone();
        for (int i = 0; i < n; i++) neg[i] = -neg[i] * 0.25f;
        assertEquals(s.psnr(out), s.psnr(neg), 1e-4);
        TestScorer.Scores sc = s.score(out);
        assertEquals(Ssim.ssim(t, sc.fitted(), new int[] {nz, ny, nx}, hi - lo, org.cryograd.fft.metrics.SsimOptions.uniform()), sc.ssim(), 1e-8);
        assertTrue(VolumeStats.leastSquaresFit(sc.fitted(), t)[0] > 0);
        assertThrows(IllegalArgumentException.class, () -> s.score(new float[3]));
        float[] bad = out.clone();
        bad[7] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> s.score(bad));
    }

    @Test
    void sigma1OnTheBenchmarksCleanMapIsOneOfTheGrid() {
        // which candidate wins is checked on an analytic map below; here only that the real map gives a candidate
        DualBenchmarkOptions o = DualBenchmarkOptions.quick(1);
        SyntheticBenchmark b = SyntheticBenchmark.generate(SynthConfig.quick(), 1);
        double s = DualBenchmark.chooseSigma1(o, b.pair(8).model(), 32, 64, 64);
        assertTrue(java.util.Arrays.stream(o.sigma1Grid()).anyMatch(g -> g == s), "sigma1 " + s + " not in the grid");
    }

    @Test
    void sigma1TiesGoToTheLargestScale() {
        // 8 isolated solid balls of the mean radius, 12+ voxels apart and nothing else: once sigma1 is a sizable part
        // of the radius DoG peaks at each ball's centre (smaller scales respond to the surface), so the upper scales of
        // the grid (0.25-0.6 radius) all find every centre and tie; the documented rule, largest on ties, picks the top
        // one (a first-on-ties rule picks 0.4 radius here)
        DualBenchmarkOptions o = DualBenchmarkOptions.quick(1);
        int nz = 32, ny = 64, nx = 64;
        double r = o.synth().meanRadius();
        float[] density = new float[nz * ny * nx];
        List<org.cryograd.em.synth.PlacedObject> objects = new ArrayList<>();
        for (int cz : new int[] {10, 22})
            for (int cy : new int[] {16, 48})
                for (int cx : new int[] {16, 48}) {
                    objects.add(new org.cryograd.em.synth.PlacedObject(org.cryograd.em.synth.PlacedObject.Kind.PARTICLE, 0, cx, cy, cz, r));
                    for (int z = 0; z < nz; z++)
                        for (int y = 0; y < ny; y++)
                            for (int x = 0; x < nx; x++)
                                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz) <= r * r) density[(z * ny + y) * nx + x] = 1f;
                }
        double[] grid = o.sigma1Grid();
        var map = new org.cryograd.em.synth.GrandModel(density, nz, ny, nx, objects);
        assertEquals(grid[grid.length - 1], DualBenchmark.chooseSigma1(o, map, nz, ny, nx), 0.0);
    }

    @Test
    void pickBorderNeverExcludesATrueParticleAndKeepsPicksOffTheFaces() {
        for (DualBenchmarkOptions o : List.of(DualBenchmarkOptions.quick(1), DualBenchmarkOptions.standard(1))) {
            SynthConfig c = o.synth();
            int b = o.pickBorder(), nz = c.nz(), ny = c.ny(), nx = c.nx();
            assertEquals((int) Math.floor(c.minRadius()), b);
            assertTrue(b >= 2, "border " + b);
            List<org.cryograd.em.synth.ParticleTemplate> templates = org.cryograd.em.synth.ParticleTemplate.random(c, new Rng(1));
            for (long seed = 1; seed <= 6; seed++) {
                var model = org.cryograd.em.synth.GrandModelGenerator.generate(c, templates, new Rng(seed));
                // every true centre, at the voxel a pick would land on, is at least the border from every face
                for (double[] p : model.particleCentres()) {
                    long x = Math.round(p[0]), y = Math.round(p[1]), z = Math.round(p[2]);
                    assertTrue(x >= b && y >= b && z >= b && x < nx - b && y < ny - b && z < nz - b,
                            "seed " + seed + ": particle at " + java.util.Arrays.toString(p) + " within " + b + " of a face of " + nz + "x" + ny + "x" + nx);
                }
            }
        }
        // on pure noise, the benchmark's picker (reflect-padded DoG) makes no pick within the border, which without it it does
        DualBenchmarkOptions o = DualBenchmarkOptions.quick(1);
        int nz = 16, ny = 32, nx = 32, b = o.pickBorder();
        float[] noise = new float[nz * ny * nx];
        Rng rng = new Rng(4);
        for (int i = 0; i < noise.length; i++) noise[i] = (float) rng.nextDouble();
        int onFacesWithout = 0;
        for (Pick p : new DogPicker(1.0, 1.1, 3, 200, DogPicker.Polarity.BRIGHT, 0).pick(noise, nz, ny, nx))
            if (nearFace(p, b, nz, ny, nx)) onFacesWithout++;
        assertTrue(onFacesWithout > 0, "test sanity: border-free DoG picks near faces");
        for (Pick p : new DogPicker(1.0, 1.1, 3, 200, DogPicker.Polarity.BRIGHT, b).pick(noise, nz, ny, nx))
            assertTrue(!nearFace(p, b, nz, ny, nx), "pick " + p + " within " + b + " of a face");
    }

    private static boolean nearFace(Pick p, int b, int nz, int ny, int nx) {
        return p.x() < b || p.y() < b || p.z() < b || p.x() > nx - 1 - b || p.y() > ny - 1 - b || p.z() > nz - 1 - b;
    }

    @Test
    void methodsAreNoneTheRegistryAndDual() {
        List<String> m = DualBenchmark.methods();
        assertEquals("none", m.get(0));
        assertEquals(org.cryograd.em.denoise.Baselines.names(), m.subList(1, m.size() - 1));
        assertEquals("dual", m.get(m.size() - 1));
    }

    @Test
    void aFailingDualIsReportedAndTheBaselinesAreKept(@TempDir Path dir) {
        DualBenchmarkOptions o = DualBenchmarkOptions.quick(5).withSynth(TINY.withCounts(6, 0, 0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DualBenchmark.run(o, dir, (d, p) -> {
            throw new IllegalStateException("training diverged");
        }, BenchmarkProgress.NONE));
        assertEquals("training diverged", e.getMessage());
        List<String> csv = assertDoesNotThrow(() -> Files.readAllLines(dir.resolve("results.csv")));
        assertEquals(DualBenchmark.methods().size() + 1, csv.size());
        assertEquals("dual,NaN,NaN,NaN", csv.get(csv.size() - 1));
        for (String line : csv.subList(1, csv.size() - 1)) assertTrue(Double.isFinite(Double.parseDouble(line.split(",")[1])), line);
        assertTrue(Files.exists(dir.resolve("test_nlm.mrc")) && !Files.exists(dir.resolve("test_dual.mrc")));
        List<String> lng = assertDoesNotThrow(() -> Files.readAllLines(dir.resolve(ResultsTable.FILE)));
        assertTrue(lng.contains("dual,dual,tomogram_9,5,error,\"IllegalStateException: training diverged\""), lng.toString());
        List<String> breakdown = assertDoesNotThrow(() -> Files.readAllLines(dir.resolve("picking_breakdown.csv")));
        assertTrue(breakdown.stream().filter(l -> l.startsWith("dual,")).allMatch(l -> l.endsWith(",0,0")), breakdown.toString());
    }

    @Test
    void gaussianFactoryWorksAsDual(@TempDir Path dir) throws Exception {
        DualBenchmarkOptions o = DualBenchmarkOptions.quick(5).withSynth(TINY.withCounts(6, 0, 0));
        List<MethodResult> rows = DualBenchmark.run(o, dir, (d, p) -> new GaussianDenoiser(1.0), BenchmarkProgress.NONE).methods();
        assertTrue(rows.get(rows.size() - 1).metric("psnr") > rows.get(0).metric("psnr"));
        assertEquals(3, Files.readAllLines(dir.resolve("realism.csv")).size());
        assertThrows(IllegalArgumentException.class, () -> DualBenchmark.run(o, dir, null, BenchmarkProgress.NONE));
    }
}
