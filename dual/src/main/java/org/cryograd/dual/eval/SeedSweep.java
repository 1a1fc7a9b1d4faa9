package org.cryograd.dual.eval;

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
 * each simulator's distances) and {@code realism_by_seed.csv}.
 */
public final class SeedSweep {
    private SeedSweep() {}

    /**
     * Per-seed rows and their summary.
     *
     * @param seeds   the seeds, in run order
     * @param perSeed {@link DualBenchmark#run}'s rows for each seed
     * @param mean    per method, the mean of every score over seeds
     * @param std     per method, the sample standard deviation of every score (0 for one seed)
     */
    public record Result(List<Long> seeds, List<List<MethodResult>> perSeed, List<MethodResult> mean, List<MethodResult> std) {}

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
        List<List<MethodResult>> perSeed = new ArrayList<>();
        List<List<String[]>> realism = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            long seed = seeds.get(i);
            Path dir = outDir.resolve("seed_" + seed);
            String tag = "seed " + seed + " (" + (i + 1) + "/" + seeds.size() + ")";
            perSeed.add(DualBenchmark.run(options.withSeed(seed), dir, dualFor.apply(dir), (stage, msg) -> progress.report(stage, tag + ": " + msg)));
            realism.add(readCsv(dir.resolve("realism.csv")));
        }
        List<MethodResult> mean = new ArrayList<>(), std = new ArrayList<>();
        for (int m = 0; m < perSeed.get(0).size(); m++) {
            int k = m;
            List<MethodResult> rows = perSeed.stream().map(r -> r.get(k)).toList();
            String label = "mean of seeds " + seeds.stream().map(String::valueOf).collect(Collectors.joining(" "));
            mean.add(combine(rows, label, false));
            std.add(combine(rows, "sample std over seeds", true));
        }
        DualBenchmark.writeResults(outDir, mean);
        StringBuilder by = new StringBuilder("seed,").append(DualBenchmark.RESULTS_HEADER).append('\n');
        for (int i = 0; i < seeds.size(); i++)
            for (MethodResult r : perSeed.get(i))
                by.append(seeds.get(i)).append(',').append(DualBenchmark.resultsRow(r)).append('\n');
        AtomicFiles.write(outDir.resolve("results_by_seed.csv"), by.toString().getBytes(StandardCharsets.UTF_8));
        writeRealism(outDir, seeds, realism);
        return new Result(List.copyOf(seeds), perSeed, mean, std);
    }

    private static MethodResult combine(List<MethodResult> rows, String parameters, boolean spread) {
        double[][] cols = new double[7][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            MethodResult r = rows.get(i);
            double[] v = {r.psnr(), r.ssim(), r.precision(), r.recall(), r.f1(), r.tuneSeconds(), r.applySeconds()};
            for (int c = 0; c < v.length; c++) cols[c][i] = v[c];
        }
        double[] o = new double[cols.length];
        for (int c = 0; c < o.length; c++) o[c] = spread ? std(cols[c]) : mean(cols[c]);
        return new MethodResult(rows.get(0).method(), parameters, o[0], o[1], o[2], o[3], o[4], o[5], o[6]);
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

    private static void writeRealism(Path outDir, List<Long> seeds, List<List<String[]>> realism) throws IOException {
        StringBuilder by = new StringBuilder("seed,").append(DualBenchmark.REALISM_HEADER).append('\n');
        Map<String, List<double[]>> bySimulator = new LinkedHashMap<>();
        for (int i = 0; i < seeds.size(); i++)
            for (String[] row : realism.get(i)) {
                by.append(seeds.get(i)).append(',').append(String.join(",", row)).append('\n');
                double[] v = new double[row.length - 1];
                for (int c = 1; c < row.length; c++) v[c - 1] = Double.parseDouble(row[c]);
                bySimulator.computeIfAbsent(row[0], k -> new ArrayList<>()).add(v);
            }
        StringBuilder mean = new StringBuilder(DualBenchmark.REALISM_HEADER).append('\n');
        for (var e : bySimulator.entrySet()) {
            mean.append(e.getKey());
            for (int c = 0; c < 3; c++) {
                int k = c;
                mean.append(',').append(DualBenchmark.fmt(mean(e.getValue().stream().mapToDouble(v -> v[k]).toArray())));
            }
            mean.append('\n');
        }
        AtomicFiles.write(outDir.resolve("realism.csv"), mean.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(outDir.resolve("realism_by_seed.csv"), by.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static List<String[]> readCsv(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) if (!lines.get(i).isBlank()) rows.add(lines.get(i).split(","));
        return rows;
    }
}
