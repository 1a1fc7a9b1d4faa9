package org.cryograd.em.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.cryograd.em.pick.PickMatching;
import org.cryograd.em.pick.PickStar;
import org.cryograd.em.synth.BenchmarkPair;
import org.cryograd.em.synth.GrandModel;
import org.cryograd.em.synth.SyntheticBenchmark;
import org.cryograd.em.synth.TomogramSimulator;
import org.cryograd.io.AtomicFiles;
import org.cryograd.io.Contrast;
import org.cryograd.io.MrcWriter;
import org.cryograd.io.SliceImages;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DUAL paper's Table 1 / Table 2 evaluation on the synthetic benchmark: generate the ten pairs, tune the
 * baselines on pair 8 (PSNR against grand model 8, see {@link ParameterSearch}; DoG sigma1 by F1 on grand model 8), train DUAL through the factory on the
 * unpaired domains (tomograms 0-3, grand models 4-7), denoise the test tomogram 9 with every method, and score each
 * output against grand model 9 with {@link TestScorer} (PSNR, SSIM, DoG picking F1). Every volume handed to a
 * denoiser is standardised first.
 *
 * <p>The methods, in order: {@code none} (the tomogram itself), every classical baseline of the registry
 * {@link Baselines#ALL} (tuned by {@link ParameterSearch#tune}), {@code dual}. They run through a {@link BenchmarkHarness}:
 * a method that throws is reported (NaN scores) without losing the others, and {@link #run} throws its exception after
 * every file is written.
 *
 * <p>Writes to {@code outDir}: {@code results.csv} ({@code method,psnr,ssim,f1}; one row per method),
 * {@link ResultsTable#FILE} (the same runs in the long format, with timings), {@code details.csv} (parameters,
 * precision, recall, pick count, tuning/training and denoising seconds),
 * {@code picking_breakdown.csv} (per method: particles found per class and what the unmatched picks sit on, see
 * {@link PickBreakdown}),
 * {@code realism.csv} (simulations of grand model 9 scored against the real tomogram 9 by {@link RealismScores}:
 * {@code white_noise} ({@link WhiteNoiseSimulator#matched} on pairs 0-3), {@code physics_oracle} (the benchmark's own
 * simulator with another noise draw: the floor a perfect simulator reaches), and {@code dual} if DUAL's denoiser is
 * also a {@link VolumeSimulator}), {@code test_<method>.mrc} (the method's raw output), {@code test_truth.mrc},
 * {@code test_<method>.png} (orthogonal central slices of the normalised output, 0.5/99.5 percentile contrast),
 * {@code picks_<method>.star}, {@code truth_particles.star}, and with {@link DualBenchmarkOptions#writeData()} the ten
 * pairs under {@code data/}.
 */
public final class DualBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(DualBenchmark.class);
    /** Header of {@code results.csv}. */
    public static final String RESULTS_HEADER = "method,psnr,ssim,f1";
    /** Header of {@code realism.csv}. */
    public static final String REALISM_HEADER = "simulator,spectrum_log10_rms,wasserstein1,jensen_shannon_bits";
    /** The metrics of every method, in the long table's order (the {@link BenchmarkHarness}'s). */
    public static final List<String> METRICS = List.of("psnr", "ssim", "precision", "recall", "f1");
    /** The data item every method is scored on (the long table's {@code data}). */
    public static final String DATA = "tomogram_9";

    private DualBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param options  sizes, seed, picking settings
     * @param outDir   created if needed
     * @param dual     the DUAL trainer (any {@link DenoiserFactory}; it is asked once)
     * @param progress stage reports ({@code data}, {@code tune}, {@code dual}, {@code score}, {@code write})
     * @return the scores of every method and simulator (one row per method: none, the registry's baselines, dual)
     * @throws Exception the first method's failure, after every file was written (the others' results included)
     */
    public static BenchmarkReport run(DualBenchmarkOptions options, Path outDir, DenoiserFactory dual, BenchmarkProgress progress) throws Exception {
        if (dual == null) throw new IllegalArgumentException("DualBenchmark.run: the DUAL denoiser factory is null");
        Files.createDirectories(outDir);
        long t0 = System.nanoTime();
        SyntheticBenchmark bench = SyntheticBenchmark.generate(options.synth(), options.seed(),
                i -> progress.report("data", "pair " + (i + 1) + "/" + SyntheticBenchmark.PAIRS + " simulated"));
        LOG.info("synthetic benchmark generated in {} s", String.format(Locale.ROOT, "%.1f", seconds(t0)));
        if (options.writeData()) bench.write(outDir.resolve("data"));
        int nz = options.synth().nz(), ny = options.synth().ny(), nx = options.synth().nx();

        GrandModel truth = bench.testTruth();
        List<Pick> particles = new ArrayList<>();
        for (double[] c : truth.particleCentres()) particles.add(Pick.at(c[0], c[1], c[2]));
        int topN = options.topN() > 0 ? options.topN() : Math.max(1, particles.size());
        BenchmarkPair tunePair = bench.pair(SyntheticBenchmark.TUNING);
        double sigma1 = options.tuneSigma1() ? chooseSigma1(options, tunePair.model(), nz, ny, nx) : options.dogSigma1();
        DogPicker picker = new DogPicker(sigma1, options.dogK(), options.nms(), topN, DogPicker.Polarity.BRIGHT, options.pickBorder());
        LOG.info("DoG picking: {}, match radius {}", picker, fmt(options.match()));
        TestScorer scorer = new TestScorer(truth.density(), nz, ny, nx, particles, picker, options.match());
        float[] test = VolumeStats.standardize(bench.testTomogram());
        TestScorer tuneScorer = new TestScorer(tunePair.model().density(), nz, ny, nx, List.of(), picker, options.match());
        float[] tuneNoisy = VolumeStats.standardize(tunePair.tomogram());

        BenchmarkHarness harness = new BenchmarkHarness("dual", options.seed(), METRICS);
        List<float[]> outputs = new ArrayList<>();
        List<PickBreakdown> breakdowns = new ArrayList<>();
        Scoring sc = new Scoring(scorer, truth, particles, options.match(), test, outDir, nz, ny, nx, outputs, breakdowns);
        evaluate(harness, "none", sc, () -> new Applied("-", (v, z, y, x) -> v.clone(), 0));
        for (Baseline<?> b : Baselines.ALL)
            evaluate(harness, b.name(), sc, () -> {
                progress.report("tune", b.name());
                long t = System.nanoTime();
                ParameterSearch.Tuned tuned = ParameterSearch.tune(b, 1.0, tuneNoisy, nz, ny, nx, tuneScorer::psnr);
                return new Applied(tuned.parameters(), tuned.denoiser(), seconds(t));
            });

        VolumeDenoiser[] dn = new VolumeDenoiser[1];
        evaluate(harness, "dual", sc, () -> {
            progress.report("dual", "training");
            long t = System.nanoTime();
            TrainingData data = new TrainingData(bench.noisyDomain().stream().map(VolumeStats::standardize).toList(),
                    bench.cleanDomain().stream().map(VolumeStats::standardize).toList(), nz, ny, nx, options.synth().voxelSizeA(), options.seed());
            dn[0] = dual.create(data, progress);
            return new Applied(describe(dn[0]), dn[0], seconds(t));
        });
        List<MethodResult> rows = harness.results();

        progress.report("write", "results");
        writeResults(outDir, rows);
        writeBreakdown(outDir, rows, breakdowns);
        Map<String, RealismScores> realism = realism(bench, dn[0], nz, ny, nx, options.seed());
        writeRealism(outDir, realism);
        MrcWriter.write(outDir.resolve("test_truth.mrc"), Tensor.of(truth.density(), nz, ny, nx), options.synth().voxelSizeA());
        PickStar.write(outDir.resolve("truth_particles.star"), particles);
        for (int i = 0; i < rows.size(); i++)
            if (outputs.get(i) != null)
                MrcWriter.write(outDir.resolve("test_" + rows.get(i).method() + ".mrc"), Tensor.of(outputs.get(i), nz, ny, nx), options.synth().voxelSizeA());
        harness.table().write(outDir.resolve(ResultsTable.FILE));
        LOG.info("DUAL benchmark finished in {} s", String.format(Locale.ROOT, "%.1f", seconds(t0)));
        harness.rethrowFirstFailure();
        return new BenchmarkReport(rows, breakdowns, realism);
    }

    /** The method labels of {@link #run}'s rows, in order: {@code none}, the registry's baselines, {@code dual}. */
    public static List<String> methods() {
        List<String> m = new ArrayList<>();
        m.add("none");
        m.addAll(Baselines.names());
        m.add("dual");
        return List.copyOf(m);
    }

    /**
     * The sigma1 of {@link DualBenchmarkOptions#sigma1Grid()} with the best picking F1 on a clean map; on ties the
     * largest (the most noise-robust of the equally good scales).
     */
    static double chooseSigma1(DualBenchmarkOptions options, GrandModel map, int nz, int ny, int nx) {
        List<Pick> truth = new ArrayList<>();
        for (double[] c : map.particleCentres()) truth.add(Pick.at(c[0], c[1], c[2]));
        double best = Double.NaN, bestF1 = -1;
        for (double s : options.sigma1Grid()) {
            DogPicker p = new DogPicker(s, options.dogK(), options.nms(), Math.max(1, truth.size()), DogPicker.Polarity.BRIGHT, options.pickBorder());
            double f1 = PickMatching.match(p.pick(map.density(), nz, ny, nx), truth, options.match()).f1();
            if (f1 >= bestF1) {
                bestF1 = f1;
                best = s;
            }
        }
        return best;
    }

    /** The denoiser's own description when it has one (a record or an overridden toString), else its class name. */
    static String describe(VolumeDenoiser d) {
        try {
            if (d.getClass().isRecord() || d.getClass().getMethod("toString").getDeclaringClass() != Object.class) return d.toString();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        return d.getClass().getSimpleName();
    }

    /** What every method is scored with, and where its outputs go. */
    private record Scoring(TestScorer scorer, GrandModel truth, List<Pick> particles, double match, float[] test, Path outDir, int nz, int ny, int nx,
                           List<float[]> outputs, List<PickBreakdown> breakdowns) {}

    /** A method ready to run on the test tomogram: its parameters, the denoiser, and the tuning or training time it took. */
    private record Applied(String parameters, VolumeDenoiser denoiser, double prepareSeconds) {}

    /** How a method gets ready (tuning, training); may throw. */
    @FunctionalInterface
    private interface Preparation {
        Applied prepare() throws Exception;
    }

    /**
     * Prepares one method, denoises the test tomogram, scores the output and writes its picks and picture, through the
     * harness: a method that throws gets NaN scores, no output volume and an empty pick breakdown, and the others go on.
     */
    private static void evaluate(BenchmarkHarness harness, String method, Scoring c, Preparation prep) {
        MethodResult r = harness.run(method, DATA, () -> {
            Applied a = prep.prepare();
            long t = System.nanoTime();
            float[] out = a.denoiser().denoise(c.test(), c.nz(), c.ny(), c.nx());
            double apply = seconds(t);
            TestScorer.Scores s = c.scorer().score(out);
            PickBreakdown breakdown = PickBreakdown.of(c.truth(), s.picks(), s.match(), c.match());
            PickStar.write(c.outDir().resolve("picks_" + method + ".star"), s.picks());
            SliceImages.writePng(SliceImages.orthoViews(Tensor.of(s.fitted(), c.nz(), c.ny(), c.nx()), Contrast.DEFAULT), c.outDir().resolve("test_" + method + ".png"));
            c.outputs().add(out);
            c.breakdowns().add(breakdown);
            Map<String, Double> m = s.metrics();
            LOG.info("{}: {} PSNR {} SSIM {} F1 {}", method, a.parameters(), fmt(s.psnr()), fmt(s.ssim()), fmt(s.match().f1()));
            return new BenchmarkHarness.Outcome(a.parameters(), m, a.prepareSeconds(), apply);
        });
        if (r.failed()) {
            c.outputs().add(null);
            c.breakdowns().add(PickBreakdown.of(c.truth(), List.of(), PickMatching.match(List.of(), c.particles(), c.match()), c.match()));
        }
    }

    /** Writes {@code picking_breakdown.csv}: each method's rows, methods in order. */
    static void writeBreakdown(Path outDir, List<MethodResult> rows, List<PickBreakdown> breakdowns) throws IOException {
        StringBuilder sb = new StringBuilder(PickBreakdown.HEADER).append('\n');
        for (int i = 0; i < rows.size(); i++)
            for (PickBreakdown.Row r : breakdowns.get(i).rows())
                sb.append(rows.get(i).method()).append(',').append(r.object()).append(',').append(r.objects()).append(',')
                        .append(Double.isNaN(r.meanRadius()) ? "" : fmt(r.meanRadius())).append(',').append(r.matched()).append(',')
                        .append(r.unmatchedPicks()).append('\n');
        AtomicFiles.write(outDir.resolve("picking_breakdown.csv"), sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code results.csv} and {@code details.csv} for the given rows. */
    public static void writeResults(Path outDir, List<MethodResult> rows) throws IOException {
        StringBuilder res = new StringBuilder(RESULTS_HEADER).append('\n');
        StringBuilder det = new StringBuilder("method,parameters,psnr,ssim,precision,recall,f1,tune_or_train_seconds,denoise_seconds\n");
        for (MethodResult r : rows) {
            res.append(resultsRow(r)).append('\n');
            det.append(r.method()).append(",\"").append(r.parameters()).append("\",").append(fmt(r.metric("psnr"))).append(',').append(fmt(r.metric("ssim")))
                    .append(',').append(fmt(r.metric("precision"))).append(',').append(fmt(r.metric("recall"))).append(',').append(fmt(r.metric("f1")))
                    .append(',').append(fmt(r.prepareSeconds())).append(',').append(fmt(r.runSeconds())).append('\n');
        }
        AtomicFiles.write(outDir.resolve("results.csv"), res.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(outDir.resolve("details.csv"), det.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, RealismScores> realism(SyntheticBenchmark bench, VolumeDenoiser dn, int nz, int ny, int nx, long seed) {
        List<float[]> tomos = new ArrayList<>(), maps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tomos.add(bench.pair(i).tomogram());
            maps.add(bench.pair(i).model().density());
        }
        float[] realTest = bench.testTomogram(), map = bench.testTruth().density();
        Map<String, RealismScores> scores = new LinkedHashMap<>();
        WhiteNoiseSimulator white = WhiteNoiseSimulator.matched(tomos, maps);
        scores.put("white_noise", RealismScores.compare(white.simulate(map, nz, ny, nx, seed), realTest, nz, ny, nx));
        // the true imaging model with another noise draw: how close a perfect simulator gets (noise alone differs)
        float[] physics = new TomogramSimulator(bench.config()).simulate(map, new Rng(seed * 1000003L + 977));
        scores.put("physics_oracle", RealismScores.compare(physics, realTest, nz, ny, nx));
        if (dn instanceof VolumeSimulator sim)
            scores.put("dual", RealismScores.compare(sim.simulate(VolumeStats.standardize(map), nz, ny, nx, seed), realTest, nz, ny, nx));
        return scores;
    }

    /** Writes {@code realism.csv}: one row per simulator, in the map's order. */
    static void writeRealism(Path outDir, Map<String, RealismScores> realism) throws IOException {
        StringBuilder sb = new StringBuilder(REALISM_HEADER).append('\n');
        realism.forEach((name, s) -> sb.append(realismRow(name, s)).append('\n'));
        AtomicFiles.write(outDir.resolve("realism.csv"), sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** One {@code realism.csv} row: {@code simulator,spectrum_log10_rms,wasserstein1,jensen_shannon_bits}. */
    static String realismRow(String simulator, RealismScores s) {
        return simulator + ',' + fmt(s.spectrumDistance()) + ',' + fmt(s.wasserstein1()) + ',' + fmt(s.jensenShannon());
    }

    /** One {@code results.csv} row: {@code method,psnr,ssim,f1}. */
    static String resultsRow(MethodResult r) {
        return r.method() + ',' + fmt(r.metric("psnr")) + ',' + fmt(r.metric("ssim")) + ',' + fmt(r.metric("f1"));
    }

    /** The CSV number format of every benchmark file. */
    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
