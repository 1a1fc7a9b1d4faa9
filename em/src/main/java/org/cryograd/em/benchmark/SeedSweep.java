package org.cryograd.em.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.cryograd.io.AtomicFiles;

/**
 * {@link DualBenchmark#run} over several seeds (new grand models, tomograms and DUAL training each), summarised as
 * the paper summarises its tables: the mean and the spread over test tomograms (Table 2 reports seven). One test
 * tomogram decides picking F1 by single particles (1/28 of F1 on the quick preset), so orderings are best read over
 * seeds.
 *
 * <p>Writes {@code outDir/seed_<s>/} (one complete {@link DualBenchmark} output per seed), and in {@code outDir}:
 * {@code results.csv} (the same header and rows as one run, each value the mean over seeds), {@code details.csv}
 * (means of every column), {@code results_by_seed.csv} ({@code seed,method,psnr,ssim,f1}), {@code realism.csv} (mean of
 * each simulator's distances), {@code realism_by_seed.csv} and {@code picking_breakdown.csv} (each method's per-class
 * matches and false picks summed over seeds, see {@link PickBreakdown}) and {@link ResultsTable#FILE} (every seed's rows, long
 * format, the seed column telling them apart).
 */
public final class SeedSweep {
    private SeedSweep() {}

    /**
     * Per-seed rows and their summary.
     *
     * @param seeds   the seeds, in run order
     * @param perSeed {@link DualBenchmark#run}'s report for each seed
     * @param mean    per method, the mean of every score over seeds
     * @param std     per method, the sample standard deviation of every score (0 for one seed)
     * @param picking per method, the pick breakdown summed over seeds
     */
    public record Result(List<Long> seeds, List<BenchmarkReport> perSeed, List<MethodResult> mean, List<MethodResult> std, List<PickBreakdown> picking) {}

    /**
     * Runs the benchmark once per seed.
     *
     * @param options  the preset; its seed is replaced by each of {@code seeds}
     * @param seeds    at least one, no repeats
     * @param outDir   created if needed
     * @param dualFor  the DUAL factory for one seed's output directory (so each training run keeps its own files)
     * @param progress stage reports, prefixed with the seed
     */
    public static Result run(DualBenchmarkOptions options, List<Long> seeds, Path outDir, Function<Path, DenoiserFactory> dualFor,
            BenchmarkProgress progress) throws Exception {
        if (seeds == null || seeds.isEmpty()) throw new IllegalArgumentException("SeedSweep.run: no seeds");
        if (seeds.stream().distinct().count() != seeds.size()) throw new IllegalArgumentException("SeedSweep.run: repeated seeds " + seeds);
        Files.createDirectories(outDir);
        List<BenchmarkReport> perSeed = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            long seed = seeds.get(i);
            Path dir = outDir.resolve("seed_" + seed);
            String tag = "seed " + seed + " (" + (i + 1) + "/" + seeds.size() + ")";
            perSeed.add(DualBenchmark.run(options.withSeed(seed), dir, dualFor.apply(dir), (stage, msg) -> progress.report(stage, tag + ": " + msg)));
        }
        List<MethodResult> mean = new ArrayList<>(), std = new ArrayList<>();
        List<PickBreakdown> picking = new ArrayList<>();
        for (int m = 0; m < perSeed.get(0).methods().size(); m++) {
            int k = m;
            List<MethodResult> rows = perSeed.stream().map(r -> r.methods().get(k)).toList();
            picking.add(sum(perSeed.stream().map(r -> r.picking().get(k)).toList()));
            String label = "mean of seeds " + seeds.stream().map(String::valueOf).collect(Collectors.joining(" "));
            mean.add(combine(rows, label, false));
            std.add(combine(rows, "sample std over seeds", true));
        }
        DualBenchmark.writeResults(outDir, mean);
        DualBenchmark.writeBreakdown(outDir, mean, picking);
        StringBuilder by = new StringBuilder("seed,").append(DualBenchmark.RESULTS_HEADER).append('\n');
        for (int i = 0; i < seeds.size(); i++)
            for (MethodResult r : perSeed.get(i).methods())
                by.append(seeds.get(i)).append(',').append(DualBenchmark.resultsRow(r)).append('\n');
        AtomicFiles.write(outDir.resolve("results_by_seed.csv"), by.toString().getBytes(StandardCharsets.UTF_8));
        writeRealism(outDir, seeds, perSeed);
        ResultsTable table = new ResultsTable("dual");
        for (int i = 0; i < seeds.size(); i++) table.addAll(seeds.get(i), perSeed.get(i).methods());
        table.write(outDir.resolve(ResultsTable.FILE));
        return new Result(List.copyOf(seeds), perSeed, mean, std, picking);
    }

    private static MethodResult combine(List<MethodResult> rows, String parameters, boolean spread) {
        Map<String, Double> o = new LinkedHashMap<>();
        for (String name : rows.get(0).metrics().keySet())
            o.put(name, summary(rows.stream().mapToDouble(r -> r.metric(name)).toArray(), spread));
        double prepare = summary(rows.stream().mapToDouble(MethodResult::prepareSeconds).toArray(), spread);
        double run = summary(rows.stream().mapToDouble(MethodResult::runSeconds).toArray(), spread);
        return MethodResult.of(rows.get(0).method(), rows.get(0).data(), parameters, o, prepare, run);
    }

    private static double summary(double[] v, boolean spread) {
        return spread ? std(v) : mean(v);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    static double std(double[] v) {
        if (v.length < 2) return 0;
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    /** Per object, the counts summed over seeds and the radius averaged over all their objects. */
    private static PickBreakdown sum(List<PickBreakdown> perSeed) {
        Map<String, double[]> acc = new LinkedHashMap<>(); // objects, radius * objects, matched, unmatched
        for (PickBreakdown b : perSeed)
            for (PickBreakdown.Row r : b.rows()) {
                double[] a = acc.computeIfAbsent(r.object(), k -> new double[4]);
                a[0] += r.objects();
                a[1] += r.objects() == 0 ? 0 : r.meanRadius() * r.objects();
                a[2] += r.matched();
                a[3] += r.unmatchedPicks();
            }
        List<PickBreakdown.Row> rows = new ArrayList<>();
        acc.forEach((name, a) -> rows.add(new PickBreakdown.Row(name, (int) a[0], a[0] == 0 ? Double.NaN : a[1] / a[0], (int) a[2], (int) a[3])));
        return new PickBreakdown(rows);
    }

    private static void writeRealism(Path outDir, List<Long> seeds, List<BenchmarkReport> perSeed) throws IOException {
        StringBuilder by = new StringBuilder("seed,").append(DualBenchmark.REALISM_HEADER).append('\n');
        Map<String, List<RealismScores>> bySimulator = new LinkedHashMap<>();
        for (int i = 0; i < seeds.size(); i++)
            for (var e : perSeed.get(i).realism().entrySet()) {
                by.append(seeds.get(i)).append(',').append(DualBenchmark.realismRow(e.getKey(), e.getValue())).append('\n');
                bySimulator.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
            }
        Map<String, RealismScores> mean = new LinkedHashMap<>();
        bySimulator.forEach((name, l) -> mean.put(name, new RealismScores(mean(l.stream().mapToDouble(RealismScores::spectrumDistance).toArray()),
                mean(l.stream().mapToDouble(RealismScores::wasserstein1).toArray()), mean(l.stream().mapToDouble(RealismScores::jensenShannon).toArray()))));
        DualBenchmark.writeRealism(outDir, mean);
        AtomicFiles.write(outDir.resolve("realism_by_seed.csv"), by.toString().getBytes(StandardCharsets.UTF_8));
    }
}
