package org.cryograd.em.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cryograd.em.denoise.Baseline;
import org.cryograd.em.denoise.Baselines;
import org.cryograd.em.denoise.ParameterSearch;
import org.cryograd.em.denoise.VolumeDenoiser;
import org.cryograd.em.eval.VolumeStats;
import org.cryograd.em.pick.DogPicker;
import org.cryograd.em.pick.Pick;
import org.cryograd.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DUAL paper's Table 1 (PSNR, SSIM) and Table 2 (DoG picking) evaluation on physically simulated tomograms
 * ({@link PhysicsCaseSource}), over several held-out test tomograms.
 *
 * <p><b>Protocol.</b> Noisy domain: the WBP tomograms of {@link SimDualBenchmarkOptions#trainTomograms()} training
 * tilt series. Clean domain: the truth potentials of {@link SimDualBenchmarkOptions#cleanMaps()} other specimens
 * (unpaired). One validation tomogram: every baseline's parameters are chosen on it by PSNR against its truth
 * ({@link ParameterSearch#tune}); nothing else is tunable (DUAL's and noise2noise's settings are fixed by the caller,
 * the picking protocol by the paper). Every method is prepared (tuned or trained) before the first test tomogram is
 * simulated; the held-out test tomograms (at least {@value SimDualBenchmarkOptions#MIN_TESTS}, seeds in
 * {@link SimDualBenchmarkOptions}) are then denoised by each method and scored against their truths with
 * {@link TestScorer} (standardised truth; output standardised with the sign of its correlation; PSNR, SSIM, DoG
 * picking precision/recall/F1 with the paper's protocol in nm, top-N = the test tomogram's number of particles, see
 * {@link SimDualBenchmarkOptions}). Every volume a method gets is standardised.
 *
 * <p><b>Methods</b>, in order: {@code none} (the tomogram), every registry baseline ({@link Baselines#ALL}) tuned on
 * the validation tomogram, {@code noise2noise} (a learned baseline trained on the training tomograms' even/odd half
 * reconstructions only, through a {@link HalfSetDenoiserFactory}; it denoises a test tomogram from its own halves),
 * {@code dual} (through a {@link DenoiserFactory} on the unpaired domains). A method that fails gets NaN scores on every
 * test tomogram without stopping the others; {@link #run} throws the first failure after writing every file.
 *
 * <p><b>Realism.</b> For each test tomogram, simulations of its truth are compared with it by {@link RealismScores}:
 * {@code white_noise} ({@link WhiteNoiseSimulator#matched} on the training tomograms and their truths),
 * {@code physics_oracle} (the same specimen imaged again with another noise and geometry draw: the floor) and
 * {@code dual} when DUAL's denoiser is a {@link VolumeSimulator}.
 *
 * <p><b>Files</b> in {@code outDir}: {@link ResultsTable#FILE} (benchmark {@value #BENCHMARK}, one row per method,
 * test tomogram (its seed in the seed column) and metric), {@link SummaryTable#FILE} (mean and sd over the test
 * tomograms), {@code validation.csv} ({@code method,parameters,validation_psnr}), {@code details.csv}
 * ({@code method,parameters,prepare_seconds}), {@code realism.csv} ({@code simulator,seed,...}),
 * {@code realism_summary.csv} (mean, sd over the tests), {@code codes_summary.csv} (when DUAL is a {@link NoiseCodeProbe}: its codes on each test tomogram against N(0, I), mean and sd over the tests), {@code choices.txt} (data, seeds, picking protocol in nm and
 * voxels, tuned parameters).
 */
public final class SimDualBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(SimDualBenchmark.class);
    /** The benchmark's name in the long table. */
    public static final String BENCHMARK = "dual-sim";
    /** The learned baseline's method name. */
    public static final String NOISE2NOISE = "noise2noise";

    private SimDualBenchmark() {}

    /** One simulated tomogram: what the methods see ({@link #tomogram}, halves) and what only scoring may read ({@link #truth}, {@link #particles}). */
    public interface Case {
        /** Its seed. */
        long seed();

        /** The tomogram {@code [nz, ny, nx]}. */
        float[] tomogram();

        /** The even half reconstruction ({@code null} unless asked for). */
        float[] even();

        /** The odd half reconstruction ({@code null} unless asked for). */
        float[] odd();

        /** The truth potential. */
        float[] truth();

        /** The true particle centres, voxels. */
        List<Pick> particles();
    }

    /** Where the benchmark's volumes come from ({@link PhysicsCaseSource}; tests use small fakes). */
    public interface CaseSource {
        /** Simulates the specimen of {@code seed} and its tomogram, with the half reconstructions when {@code halves}. */
        Case simulate(long seed, boolean halves) throws IOException;

        /** The truth potential of the specimen of {@code seed}, without imaging it (a clean-domain map). */
        float[] cleanMap(long seed) throws IOException;

        /** The specimen of {@code c} imaged again with noise and geometry seed {@code seed} (the realism floor). */
        float[] oracle(Case c, long seed) throws IOException;
    }

    /**
     * What a run measured.
     *
     * @param results every test score ({@link ResultsTable#FILE})
     * @param summary their mean and sd over the test tomograms
     * @param realism the realism scores' mean and sd over the test tomograms, one "method" per simulator
     */
    public record Report(ResultsTable results, SummaryTable summary, SummaryTable realism) {}

    /** The method labels, in table order: {@code none}, the registry's baselines, {@code noise2noise}, {@code dual}. */
    public static List<String> methods() {
        List<String> m = new ArrayList<>();
        m.add("none");
        m.addAll(Baselines.names());
        m.add(NOISE2NOISE);
        m.add("dual");
        return List.copyOf(m);
    }

    /** Runs the benchmark on the physics simulator's data ({@link PhysicsCaseSource}) with the registry's baselines. */
    public static Report run(SimDualBenchmarkOptions o, Path outDir, DenoiserFactory dual, HalfSetDenoiserFactory n2n, BenchmarkProgress progress)
            throws Exception {
        return run(o, PhysicsCaseSource.load(o), Baselines.ALL, outDir, dual, n2n, progress);
    }

    /**
     * Runs the benchmark.
     *
     * @param o         sizes, seeds, picking protocol
     * @param source    the simulated volumes
     * @param baselines the classical baselines (normally {@link Baselines#ALL})
     * @param outDir    created if needed
     * @param dual      DUAL's trainer (asked once)
     * @param n2n       the noise2noise trainer (asked once)
     * @param progress  stage reports ({@code data}, {@code tune}, {@code noise2noise}, {@code dual}, {@code test}, {@code write})
     * @throws Exception the first method's failure, after every file was written
     */
    public static Report run(SimDualBenchmarkOptions o, CaseSource source, List<Baseline<?>> baselines, Path outDir, DenoiserFactory dual,
            HalfSetDenoiserFactory n2n, BenchmarkProgress progress) throws Exception {
        if (dual == null || n2n == null) throw new IllegalArgumentException("SimDualBenchmark.run: the DUAL or noise2noise factory is null");
        Files.createDirectories(outDir);
        long t0 = System.nanoTime();
        int nz = o.nz(), ny = o.ny(), nx = o.nx();
        String data = String.format(Locale.ROOT, "sim-%dx%dx%d-%sA-%se-%s", nx, ny, nz, num(o.voxelSizeA()), num(o.totalDose()),
                o.ctfCorrect() ? "phaseflip" : "nocorr");

        List<Case> train = new ArrayList<>();
        for (long s : o.trainingSeeds()) {
            progress.report("data", "training tomogram " + (train.size() + 1) + "/" + o.trainTomograms() + " (seed " + s + ")");
            train.add(source.simulate(s, true));
        }
        List<float[]> clean = new ArrayList<>();
        for (long s : o.cleanSeeds()) {
            progress.report("data", "clean map " + (clean.size() + 1) + "/" + o.cleanMaps() + " (seed " + s + ")");
            clean.add(source.cleanMap(s));
        }
        progress.report("data", "validation tomogram (seed " + o.validationSeed() + ")");
        Case val = source.simulate(o.validationSeed(), false);

        // every method is made ready before any test tomogram exists
        Map<String, Prepared> prepared = new LinkedHashMap<>();
        StringBuilder vcsv = new StringBuilder("method,parameters,validation_psnr\n");
        TestScorer valScorer = new TestScorer(val.truth(), nz, ny, nx, List.of(), picker(o, 1), o.match());
        float[] valNoisy = VolumeStats.standardize(val.tomogram());
        vcsv.append("none,\"-\",").append(DualBenchmark.fmt(valScorer.psnr(valNoisy))).append('\n');
        prepared.put("none", new Prepared("-", (c, v) -> v.clone(), 0, null, null));
        for (Baseline<?> b : baselines) {
            progress.report("tune", b.name() + " on the validation tomogram");
            prepared.put(b.name(), prepare(() -> {
                ParameterSearch.Tuned t = ParameterSearch.tune(b, 1.0, valNoisy, nz, ny, nx, valScorer::psnr);
                vcsv.append(b.name()).append(",\"").append(t.parameters()).append("\",").append(DualBenchmark.fmt(t.score())).append('\n');
                VolumeDenoiser d = t.denoiser();
                return new Prepared(t.parameters(), (c, v) -> d.denoise(v, nz, ny, nx), 0, null, null);
            }));
        }
        progress.report(NOISE2NOISE, "training on the even/odd halves of " + train.size() + " tomograms");
        prepared.put(NOISE2NOISE, prepare(() -> {
            HalfSetTrainingData hd = new HalfSetTrainingData(train.stream().map(c -> VolumeStats.standardize(c.even())).toList(),
                    train.stream().map(c -> VolumeStats.standardize(c.odd())).toList(), nz, ny, nx, o.voxelSizeA(), o.seed());
            HalfSetDenoiser h = n2n.create(hd, progress);
            return new Prepared(describe(h), (c, v) -> h.denoise(VolumeStats.standardize(c.even()), VolumeStats.standardize(c.odd()), nz, ny, nx), 0, null, null);
        }));
        progress.report("dual", "training on " + train.size() + " tomograms and " + clean.size() + " clean maps");
        prepared.put("dual", prepare(() -> {
            TrainingData td = new TrainingData(train.stream().map(c -> VolumeStats.standardize(c.tomogram())).toList(),
                    clean.stream().map(VolumeStats::standardize).toList(), nz, ny, nx, o.voxelSizeA(), o.seed());
            VolumeDenoiser d = dual.create(td, progress);
            return new Prepared(DualBenchmark.describe(d), (c, v) -> d.denoise(v, nz, ny, nx), 0, d, null);
        }));
        AtomicFiles.write(outDir.resolve("validation.csv"), utf8(vcsv.toString()));

        WhiteNoiseSimulator white = WhiteNoiseSimulator.matched(train.stream().map(Case::tomogram).toList(), train.stream().map(Case::truth).toList());
        train.clear();
        ResultsTable table = new ResultsTable(BENCHMARK);
        ResultsTable realism = new ResultsTable(BENCHMARK + "-realism");
        StringBuilder rcsv = new StringBuilder("simulator,seed,spectrum_log10_rms,wasserstein1,jensen_shannon_bits\n");
        ResultsTable codes = new ResultsTable(BENCHMARK + "-codes");
        Exception first = null;
        long[] tests = o.testSeeds();
        for (int i = 0; i < tests.length; i++) {
            long seed = tests[i];
            boolean firstTest = i == 0;
            progress.report("test", "test tomogram " + (i + 1) + "/" + tests.length + " (seed " + seed + ")");
            Case c = source.simulate(seed, true);
            float[] noisy = VolumeStats.standardize(c.tomogram());
            BenchmarkHarness h = new BenchmarkHarness(BENCHMARK, seed, DualBenchmark.METRICS);
            // the truth is read only here, after every method was prepared, and never handed to a method
            TestScorer scorer = new TestScorer(c.truth(), nz, ny, nx, c.particles(), picker(o, c.particles().size()), o.match());
            for (Map.Entry<String, Prepared> e : prepared.entrySet()) {
                Prepared p = e.getValue();
                MethodResult r = h.run(e.getKey(), data, () -> {
                    if (p.failure() != null) throw p.failure();
                    long t = System.nanoTime();
                    float[] out = p.apply().denoise(c, noisy.clone());
                    double apply = seconds(t);
                    TestScorer.Scores s = scorer.score(out);
                    return new BenchmarkHarness.Outcome(p.parameters(), s.metrics(), firstTest ? p.prepareSeconds() : 0, apply);
                });
                table.add(seed, r);
                if (!r.failed()) LOG.info("test {}: {} PSNR {} SSIM {} F1 {}", seed, e.getKey(), DualBenchmark.fmt(r.metric("psnr")),
                        DualBenchmark.fmt(r.metric("ssim")), DualBenchmark.fmt(r.metric("f1")));
            }
            if (first == null) first = h.firstFailure();
            Map<String, RealismScores> rs = realism(source, c, white, prepared.get("dual").model(), nz, ny, nx, seed);
            for (Map.Entry<String, RealismScores> e : rs.entrySet()) {
                rcsv.append(e.getKey()).append(',').append(seed).append(DualBenchmark.realismRow("", e.getValue())).append('\n');
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("spectrum_log10_rms", e.getValue().spectrumDistance());
                m.put("wasserstein1", e.getValue().wasserstein1());
                m.put("jensen_shannon_bits", e.getValue().jensenShannon());
                realism.add(seed, MethodResult.of(e.getKey(), data, "-", m, 0, 0));
            }
            if (prepared.get("dual").model() instanceof NoiseCodeProbe probe)
                codes.add(seed, MethodResult.of("dual", data, "-", probe.codeStatistics(noisy, nz, ny, nx, seed), 0, 0));
        }

        progress.report("write", "results");
        table.write(outDir.resolve(ResultsTable.FILE));
        SummaryTable summary = SummaryTable.of(table, true);
        summary.write(outDir.resolve(SummaryTable.FILE));
        SummaryTable realismSummary = SummaryTable.of(realism, false);
        realismSummary.write(outDir.resolve("realism_summary.csv"));
        AtomicFiles.write(outDir.resolve("realism.csv"), utf8(rcsv.toString()));
        if (!codes.results().isEmpty()) SummaryTable.of(codes, false).write(outDir.resolve("codes_summary.csv"));
        StringBuilder det = new StringBuilder("method,parameters,prepare_seconds\n");
        prepared.forEach((m, p) -> det.append(m).append(",\"").append(p.failure() == null ? p.parameters() : "failed: " + p.failure().getMessage())
                .append("\",").append(DualBenchmark.fmt(p.prepareSeconds())).append('\n'));
        AtomicFiles.write(outDir.resolve("details.csv"), utf8(det.toString()));
        AtomicFiles.write(outDir.resolve("choices.txt"), utf8(choices(o, data, prepared)));
        LOG.info("dual-sim benchmark finished in {} s", String.format(Locale.ROOT, "%.1f", seconds(t0)));
        if (first == null)
            for (Prepared p : prepared.values()) if (p.failure() != null) first = p.failure();
        if (first != null) throw first;
        return new Report(table, summary, realismSummary);
    }

    /** The DoG picker of the protocol with {@code topN} picks. */
    static DogPicker picker(SimDualBenchmarkOptions o, int topN) {
        return new DogPicker(o.dogSigma1(), o.dogK(), o.nms(), Math.max(1, topN), DogPicker.Polarity.BRIGHT, o.pickBorder());
    }

    /** How a prepared method denoises a test case (it gets the standardised tomogram, and may use the case's halves). */
    @FunctionalInterface
    private interface Apply {
        float[] denoise(Case c, float[] standardized);
    }

    /** A method ready for the test tomograms, or why it is not. */
    private record Prepared(String parameters, Apply apply, double prepareSeconds, VolumeDenoiser model, Exception failure) {
        Prepared timed(double s) {
            return new Prepared(parameters, apply, s, model, failure);
        }
    }

    @FunctionalInterface
    private interface Preparation {
        Prepared prepare() throws Exception;
    }

    private static Prepared prepare(Preparation p) {
        long t = System.nanoTime();
        try {
            return p.prepare().timed(seconds(t));
        } catch (Exception e) {
            LOG.warn("preparing a method failed: {}", e.toString());
            return new Prepared("-", null, seconds(t), null, e);
        }
    }

    private static Map<String, RealismScores> realism(CaseSource source, Case c, WhiteNoiseSimulator white, VolumeDenoiser dual, int nz, int ny, int nx,
            long seed) {
        Map<String, RealismScores> out = new LinkedHashMap<>();
        float[] real = c.tomogram(), truth = c.truth();
        out.put("white_noise", RealismScores.compare(white.simulate(truth, nz, ny, nx, seed), real, nz, ny, nx));
        try {
            out.put("physics_oracle", RealismScores.compare(source.oracle(c, seed * 1000003L + 977), real, nz, ny, nx));
        } catch (IOException | RuntimeException e) {
            LOG.warn("physics oracle of test {} failed: {}", seed, e.toString());
        }
        if (dual instanceof VolumeSimulator sim) {
            try {
                out.put("dual", RealismScores.compare(sim.simulate(VolumeStats.standardize(truth), nz, ny, nx, seed), real, nz, ny, nx));
            } catch (RuntimeException e) {
                LOG.warn("DUAL simulation of test {} failed: {}", seed, e.toString());
            }
        }
        return out;
    }

    private static String choices(SimDualBenchmarkOptions o, String data, Map<String, Prepared> prepared) {
        StringBuilder sb = new StringBuilder();
        sb.append("preset: ").append(o.quick() ? "quick" : "standard").append('\n');
        sb.append("data: ").append(data).append(String.format(Locale.ROOT, " (%d particles, tilts %s..%s by %s deg, dose-symmetric)%n", o.particles(),
                num(o.minDeg()), num(o.maxDeg()), num(o.stepDeg())));
        sb.append("ctf correction: ").append(o.ctfCorrect() ? "phase flipping before WBP" : "none (WBP of the uncorrected views, contrast inverted)").append('\n');
        sb.append("training tomogram seeds: ").append(Arrays.toString(o.trainingSeeds())).append('\n');
        sb.append("clean map seeds: ").append(Arrays.toString(o.cleanSeeds())).append('\n');
        sb.append("validation seed: ").append(o.validationSeed()).append('\n');
        sb.append("test seeds: ").append(Arrays.toString(o.testSeeds())).append('\n');
        sb.append(String.format(Locale.ROOT, "dog sigma1: %s nm = %s voxels; sigma2/sigma1: %s%n", num(o.dogSigma1Nm()), num(o.dogSigma1()), num(o.dogK())));
        sb.append(String.format(Locale.ROOT, "nms distance: %s nm = %s voxels; match distance: %s nm = %s voxels; border: %s nm = %d voxels%n",
                num(o.nmsNm()), num(o.nms()), num(o.matchNm()), num(o.match()), num(o.pickBorderNm()), o.pickBorder()));
        sb.append("top-N: the number of true particles in each test tomogram (not the paper's 500 per 512x512x180 nm scaled by volume)\n");
        prepared.forEach((m, p) -> sb.append("method ").append(m).append(": ").append(p.failure() == null ? p.parameters() : "failed").append('\n'));
        return sb.toString();
    }

    /** The half-set denoiser's description when it overrides toString, else its class name. */
    private static String describe(HalfSetDenoiser h) {
        try {
            if (h.getClass().isRecord() || h.getClass().getMethod("toString").getDeclaringClass() != Object.class) return h.toString();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        return h.getClass().getSimpleName();
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
