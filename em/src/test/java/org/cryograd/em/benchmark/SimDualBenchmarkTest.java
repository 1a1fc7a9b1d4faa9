package org.cryograd.em.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cryograd.em.denoise.Baseline;
import org.cryograd.em.denoise.VolumeDenoiser;
import org.cryograd.em.eval.VolumeStats;
import org.cryograd.em.pick.Pick;
import org.cryograd.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator-based DUAL benchmark's protocol on fake data: what each method sees and when a test truth is read, the
 * seeds, and summary.csv recomputed from results_long.csv.
 */
class SimDualBenchmarkTest {
    private static final int NZ = 8, NY = 16, NX = 16;
    private static final SimDualBenchmarkOptions TINY = SimDualBenchmarkOptions.quick(Path.of("unused"), 3).withBox(NX, NY, NZ, 10, 2);

    /** Volumes from a seed, and a log of every call and every truth read, in order. */
    private static final class FakeSource implements SimDualBenchmark.CaseSource {
        final List<String> log = new ArrayList<>();
        final Map<Long, SimDualBenchmark.Case> cases = new LinkedHashMap<>();
        final Map<Long, float[]> clean = new LinkedHashMap<>();

        private static float[] random(long seed, long stream) {
            Rng r = new Rng(seed, stream);
            float[] v = new float[NZ * NY * NX];
            for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
            return v;
        }

        @Override
        public SimDualBenchmark.Case simulate(long seed, boolean halves) {
            log.add("simulate:" + seed);
            float[] truth = random(seed, 0), tomo = random(seed, 1L << 20), even = halves ? random(seed, 2L << 20) : null, odd = halves ? random(seed, 3L << 20) : null;
            for (int i = 0; i < tomo.length; i++) tomo[i] += truth[i];
            List<Pick> particles = List.of(Pick.at(4, 4, 3), Pick.at(11, 11, 4));
            SimDualBenchmark.Case c = new SimDualBenchmark.Case() {
                public long seed() { return seed; }
                public float[] tomogram() { return tomo.clone(); }
                public float[] even() { return even == null ? null : even.clone(); }
                public float[] odd() { return odd == null ? null : odd.clone(); }
                public float[] truth() {
                    log.add("truth:" + seed);
                    return truth.clone();
                }
                public List<Pick> particles() {
                    log.add("particles:" + seed);
                    return particles;
                }
            };
            cases.put(seed, c);
            return c;
        }

        @Override
        public float[] cleanMap(long seed) {
            log.add("clean:" + seed);
            float[] v = random(seed, 5L << 20);
            clean.put(seed, v);
            return v.clone();
        }

        @Override
        public float[] oracle(SimDualBenchmark.Case c, long seed) {
            log.add("oracle:" + c.seed());
            return random(seed, 7L << 20);
        }
    }

    /** A baseline whose two candidates log which volume they were given (by the seed whose standardised tomogram it is). */
    private static final class RecordingBaseline implements Baseline<VolumeDenoiser> {
        final FakeSource source;

        RecordingBaseline(FakeSource source) {
            this.source = source;
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public String description() {
            return "logs its inputs";
        }

        @Override
        public List<VolumeDenoiser> grid(double std) {
            return List.of(denoiser(1f), denoiser(0.5f));
        }

        private VolumeDenoiser denoiser(float scale) {
            return new VolumeDenoiser() {
                @Override
                public float[] denoise(float[] v, int nz, int ny, int nx) {
                    source.log.add("baseline:" + identify(source, v));
                    float[] o = v.clone();
                    for (int i = 0; i < o.length; i++) o[i] *= scale;
                    return o;
                }

                @Override
                public String toString() {
                    return "scale=" + scale;
                }
            };
        }

        @Override
        public String parameters(VolumeDenoiser chosen) {
            return chosen.toString();
        }
    }

    /** The seed whose standardised tomogram, even or odd half is {@code v} ("truth" when it is a standardised truth, "?" when none). */
    private static String identify(FakeSource s, float[] v) {
        for (var e : s.cases.entrySet()) {
            SimDualBenchmark.Case c = e.getValue();
            if (Arrays.equals(v, VolumeStats.standardize(c.tomogram()))) return Long.toString(e.getKey());
            if (c.even() != null && (Arrays.equals(v, VolumeStats.standardize(c.even())) || Arrays.equals(v, VolumeStats.standardize(c.odd()))))
                return e.getKey() + "-half";
        }
        return "?";
    }

    @Test
    void seedsOfTheFourGroupsAreDistinctAndThereAreAtLeastSevenTests() {
        for (SimDualBenchmarkOptions o : List.of(SimDualBenchmarkOptions.quick(Path.of("t"), 1), SimDualBenchmarkOptions.standard(Path.of("t"), 7))) {
            assertTrue(o.testSeeds().length >= 7, "at least 7 test tomograms");
            Set<Long> all = new HashSet<>();
            int n = 0;
            for (long[] g : new long[][] {o.trainingSeeds(), o.cleanSeeds(), {o.validationSeed()}, o.testSeeds()})
                for (long s : g) {
                    all.add(s);
                    n++;
                }
            assertEquals(n, all.size(), "no seed is shared between training, clean, validation and test");
        }
        assertThrows(IllegalArgumentException.class, () -> TINY.withCounts(4, 4, 6), "fewer than 7 test tomograms are refused");
    }

    @Test
    void pickingProtocolIsThePapersInNanometres() {
        SimDualBenchmarkOptions q = SimDualBenchmarkOptions.quick(Path.of("t"), 1);
        assertEquals(8.0, q.dogSigma1(), 1e-12, "sigma1 8 nm at 1 nm voxels");
        assertEquals(8.0, q.match(), 1e-12);
        SimDualBenchmarkOptions coarse = q.withBox(32, 32, 16, 20, 4);
        assertEquals(4.0, coarse.dogSigma1(), 1e-12, "8 nm at 2 nm voxels");
        assertEquals(4.0, coarse.match(), 1e-12);
        assertEquals(4.0, coarse.nms(), 1e-12);
        assertEquals(1.1, SimDualBenchmark.picker(coarse, 5).k(), 0);
        assertEquals(5, SimDualBenchmark.picker(coarse, 5).topN());
    }

    @Test
    void testTruthsAreReadOnlyAfterEveryMethodWasPreparedAndNoMethodSeesThem(@TempDir Path dir) throws Exception {
        FakeSource src = new FakeSource();
        List<TrainingData> dualData = new ArrayList<>();
        List<HalfSetTrainingData> n2nData = new ArrayList<>();
        DenoiserFactory dual = (d, p) -> {
            src.log.add("dual-create");
            dualData.add(d);
            return (v, nz, ny, nx) -> {
                src.log.add("dual:" + identify(src, v));
                return v.clone();
            };
        };
        HalfSetDenoiserFactory n2n = (d, p) -> {
            src.log.add("n2n-create");
            n2nData.add(d);
            return (e, o, nz, ny, nx) -> {
                src.log.add("n2n:" + identify(src, e) + "," + identify(src, o));
                float[] a = e.clone();
                for (int i = 0; i < a.length; i++) a[i] = 0.5f * (a[i] + o[i]);
                return a;
            };
        };
        SimDualBenchmark.Report rep = SimDualBenchmark.run(TINY, src, List.of(new RecordingBaseline(src)), dir, dual, n2n, BenchmarkProgress.NONE);

        List<String> log = src.log;
        Set<Long> tests = new HashSet<>();
        for (long s : TINY.testSeeds()) tests.add(s);
        int lastPrepare = Math.max(log.indexOf("dual-create"), log.indexOf("n2n-create"));
        for (int i = 0; i < log.size(); i++)
            if (log.get(i).startsWith("baseline:") && !log.get(i).equals("baseline:" + TINY.validationSeed()))
                continue;
            else if (log.get(i).startsWith("baseline:")) lastPrepare = Math.max(lastPrepare, i);
        assertTrue(lastPrepare > 0, "every method was prepared");
        int firstTest = -1;
        for (int i = 0; i < log.size(); i++) {
            String e = log.get(i);
            long seed = e.contains(":") && e.substring(e.indexOf(':') + 1).matches("\\d+") ? Long.parseLong(e.substring(e.indexOf(':') + 1)) : -1;
            if (tests.contains(seed) && (e.startsWith("simulate:") || e.startsWith("truth:") || e.startsWith("particles:"))) {
                assertTrue(i > lastPrepare, "test tomogram " + seed + " touched (" + e + ") before every method was prepared: " + log);
                if (firstTest < 0) firstTest = i;
            }
        }
        assertTrue(firstTest > 0, "test tomograms were simulated");
        // tuning saw only the validation tomogram; at test time every method got the test tomogram (or its halves), never a truth
        for (int i = 0; i < log.size(); i++) {
            String e = log.get(i);
            if (i < firstTest && e.startsWith("baseline:")) assertEquals("baseline:" + TINY.validationSeed(), e, "tuning input");
            if (i > firstTest && (e.startsWith("baseline:") || e.startsWith("dual:")))
                assertTrue(tests.contains(Long.parseLong(e.substring(e.indexOf(':') + 1))), "test input is a test tomogram: " + e);
            if (e.startsWith("n2n:")) assertTrue(e.matches("n2n:\\d+-half,\\d+-half"), "noise2noise gets the test tomogram's halves: " + e);
            assertFalse(e.endsWith(":?") || e.contains("?,") || e.endsWith(",?"), "a method got a volume that is no tomogram (a truth?): " + e);
        }
        // the training data: exactly the training tomograms (standardised) and the clean maps of other specimens
        assertEquals(1, dualData.size());
        TrainingData td = dualData.get(0);
        assertEquals(TINY.trainTomograms(), td.noisy().size());
        assertEquals(TINY.cleanMaps(), td.clean().size());
        long[] train = TINY.trainingSeeds();
        for (int i = 0; i < train.length; i++) {
            assertTrue(Arrays.equals(VolumeStats.standardize(src.cases.get(train[i]).tomogram()), td.noisy().get(i)), "noisy domain = training tomograms");
            assertTrue(Arrays.equals(VolumeStats.standardize(src.cases.get(train[i]).even()), n2nData.get(0).even().get(i)), "even halves of the training tomograms");
            assertTrue(Arrays.equals(VolumeStats.standardize(src.cases.get(train[i]).odd()), n2nData.get(0).odd().get(i)), "odd halves");
        }
        long[] clean = TINY.cleanSeeds();
        for (int i = 0; i < clean.length; i++)
            assertTrue(Arrays.equals(VolumeStats.standardize(src.clean.get(clean[i])), td.clean().get(i)), "clean domain = other specimens' truths");
        for (long s : clean) assertFalse(src.cases.containsKey(s), "a clean specimen is never imaged");

        // one row per method and test tomogram
        assertEquals(4 * TINY.testSeeds().length, rep.results().results().size());
        assertEquals(List.of("none", "recording", "noise2noise", "dual"), rep.results().results().stream().map(MethodResult::method).distinct().toList());
        assertTrue(Files.readString(dir.resolve("validation.csv")).contains("recording,\"scale="), "the tuned parameters are recorded");
        assertTrue(Files.readString(dir.resolve("choices.txt")).contains("top-N: the number of true particles"));
    }

    @Test
    void summaryIsTheMeanAndSampleSdOfTheLongTable(@TempDir Path dir) throws Exception {
        FakeSource src = new FakeSource();
        DenoiserFactory dual = (d, p) -> (v, nz, ny, nx) -> v.clone();
        HalfSetDenoiserFactory n2n = (d, p) -> {
            throw new IllegalStateException("no halves today");
        };
        Exception e = assertThrows(IllegalStateException.class,
                () -> SimDualBenchmark.run(TINY, src, List.of(new RecordingBaseline(src)), dir, dual, n2n, BenchmarkProgress.NONE));
        assertEquals("no halves today", e.getMessage(), "a failed method is rethrown after the files are written");

        // independent recomputation from the CSV text
        Map<String, List<Double>> values = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(dir.resolve(ResultsTable.FILE));
        assertEquals(ResultsTable.HEADER, lines.get(0));
        Set<String> seeds = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 6);
            if (f[4].equals(ResultsTable.PREPARE_SECONDS) || f[4].equals(ResultsTable.ERROR)) continue;
            seeds.add(f[3]);
            values.computeIfAbsent(f[1] + "," + f[4], k -> new ArrayList<>()).add(f[5].equals("nan") ? Double.NaN : Double.parseDouble(f[5]));
        }
        assertEquals(TINY.testSeeds().length, seeds.size(), "the seed column holds the test tomograms' seeds");
        Map<String, double[]> summary = new HashMap<>();
        List<String> sl = Files.readAllLines(dir.resolve(SummaryTable.FILE));
        assertEquals("method,metric,mean,sd,n", sl.get(0));
        for (String line : sl.subList(1, sl.size())) {
            String[] f = line.split(",");
            summary.put(f[0] + "," + f[1], new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])});
        }
        assertEquals(values.keySet(), summary.keySet());
        int checked = 0;
        for (var en : values.entrySet()) {
            double[] s = summary.get(en.getKey());
            double[] finite = en.getValue().stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
            assertEquals(finite.length, (int) s[2], en.getKey() + " n");
            if (finite.length == 0) {
                assertTrue(Double.isNaN(s[0]), en.getKey() + ": no finite value, NaN mean");
                continue;
            }
            double mean = Arrays.stream(finite).sum() / finite.length;
            double ss = 0;
            for (double x : finite) ss += (x - mean) * (x - mean);
            double sd = Math.sqrt(ss / (finite.length - 1));
            assertEquals(mean, s[0], 1e-5 * Math.max(1, Math.abs(mean)), en.getKey() + " mean");
            assertEquals(sd, s[1], 1e-5 * Math.max(1, Math.abs(sd)), en.getKey() + " sd");
            checked++;
        }
        assertTrue(checked >= 3 * 6, "the three working methods' metrics were checked");
        assertEquals(0, (int) summary.get("noise2noise,psnr")[2], "the failed method has no finite score");
        assertNotNull(summary.get("dual,f1"));
    }

    /** A denoiser that also reports code statistics: their value is a function of the test tomogram's first voxel. */
    private interface ProbedDenoiser extends org.cryograd.em.denoise.VolumeDenoiser, NoiseCodeProbe {}

    @Test
    void codeStatisticsOfAProbedDualAreSummarisedOverTheTests(@TempDir Path dir) throws Exception {
        FakeSource src = new FakeSource();
        List<Double> firstVoxels = new ArrayList<>();
        ProbedDenoiser probed = new ProbedDenoiser() {
            @Override
            public float[] denoise(float[] v, int nz, int ny, int nx) {
                return v.clone();
            }

            @Override
            public Map<String, Double> codeStatistics(float[] t, int nz, int ny, int nx, long seed) {
                firstVoxels.add((double) t[0]);
                Map<String, Double> m = new LinkedHashMap<>();
                m.put(METRICS.get(0), (double) t[0]);
                m.put(METRICS.get(1), 2.0 * t[0]);
                m.put(METRICS.get(2), (double) seed);
                return m;
            }
        };
        DenoiserFactory dual = (d, p) -> probed;
        HalfSetDenoiserFactory n2n = (d, p) -> (even, odd, nz, ny, nx) -> even.clone();
        SimDualBenchmark.run(TINY, src, List.of(new RecordingBaseline(src)), dir, dual, n2n, BenchmarkProgress.NONE);
        assertEquals(TINY.testSeeds().length, firstVoxels.size(), "one probe per test tomogram");
        double mean = firstVoxels.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double seedMean = Arrays.stream(TINY.testSeeds()).average().orElseThrow();
        Map<String, String[]> rows = new HashMap<>();
        List<String> lines = Files.readAllLines(dir.resolve("codes_summary.csv"));
        assertEquals("method,metric,mean,sd,n", lines.get(0));
        for (String line : lines.subList(1, lines.size())) rows.put(line.split(",")[1], line.split(","));
        assertEquals(mean, Double.parseDouble(rows.get("code_max_abs_mean")[2]), 1e-5 * Math.max(1, Math.abs(mean)));
        assertEquals(2 * mean, Double.parseDouble(rows.get("code_max_cov_error")[2]), 2e-5 * Math.max(1, Math.abs(mean)));
        assertEquals(seedMean, Double.parseDouble(rows.get("code_kl")[2]), 1e-3 * Math.max(1, seedMean));
        assertEquals(TINY.testSeeds().length, Integer.parseInt(rows.get("code_kl")[4]));
        assertTrue(rows.get("code_kl")[0].equals("dual"));
    }
}
