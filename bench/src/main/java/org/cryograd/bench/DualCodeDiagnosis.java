package org.cryograd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.cryograd.dual.Augment;
import org.cryograd.dual.CodeStatistics;
import org.cryograd.dual.DualBenchmarkHook;
import org.cryograd.dual.DualConfig;
import org.cryograd.dual.DualModel;
import org.cryograd.dual.Volume;
import org.cryograd.em.benchmark.PhysicsCaseSource;
import org.cryograd.em.benchmark.SimDualBenchmarkOptions;
import org.cryograd.em.eval.VolumeStats;
import org.cryograd.tensor.Rng;

/**
 * Where a trained DUAL's noise codes leave {@code N(0, I)}: trains DUAL on the dual-sim quick preset's training data
 * (the benchmark's tomograms, simulated with their even/odd halves as the benchmark does, its seeds, config and
 * learning rate; so λ3 = 0.1 repeats the benchmark's training) at each KL weight λ3 given, then measures the encoder's codes
 * pooled over the training tomograms, per training tomogram, pooled over test tomograms and per test tomogram, with
 * each code dimension's mean and variance. Prints {@code codes.csv} rows
 * ({@code lambda_kl,scope,codes,max_abs_mean,max_cov_error,min_var,max_var,kl}) and writes {@code dims.csv}
 * ({@code lambda_kl,scope,dim,mean,var}) and each run's {@code losses.csv} under the output directory.
 * Run by {@code bench/dual-codes.sh}.
 */
public final class DualCodeDiagnosis {
    private DualCodeDiagnosis() {}

    /**
     * Entry point: {@code TEMPLATES OUT STEPS TESTS RUN...}; each RUN is a KL weight to train with, or
     * {@code model=DIR} to measure a saved model (e.g. a {@code benchmark dual-sim} run's {@code dual-run/model}) on the
     * same tomograms. Scopes ending in {@code -flips} draw the patches with the training flips (what the KL term saw).
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 5) throw new IllegalArgumentException("usage: DualCodeDiagnosis TEMPLATES OUT STEPS TESTS (LAMBDA_KL | model=DIR)...");
        Path templates = Path.of(args[0]), out = Path.of(args[1]);
        int steps = Integer.parseInt(args[2]), tests = Integer.parseInt(args[3]);
        SimDualBenchmarkOptions o = SimDualBenchmarkOptions.quick(templates, 1);
        int nz = o.nz(), ny = o.ny(), nx = o.nx();
        PhysicsCaseSource src = PhysicsCaseSource.load(o);
        List<Volume> train = new ArrayList<>(), clean = new ArrayList<>(), test = new ArrayList<>();
        for (long s : o.trainingSeeds()) train.add(new Volume(VolumeStats.standardize(src.simulate(s, true).tomogram()), nz, ny, nx));
        for (long s : o.cleanSeeds()) clean.add(new Volume(VolumeStats.standardize(src.cleanMap(s)), nz, ny, nx));
        long[] ts = o.testSeeds();
        for (int i = 0; i < Math.min(tests, ts.length); i++)
            test.add(new Volume(VolumeStats.standardize(src.simulate(ts[i], true).tomogram()), nz, ny, nx));
        Files.createDirectories(out);
        StringBuilder dims = new StringBuilder("lambda_kl,scope,dim,mean,var\n");
        System.out.println("lambda_kl,scope,codes,max_abs_mean,max_cov_error,min_var,max_var,kl");
        for (int a = 4; a < args.length; a++) {
            DualModel m;
            String lambda;
            if (args[a].startsWith("model=")) { // a model trained elsewhere on the same data (e.g. a benchmark's dual-run/model)
                m = DualModel.load(Path.of(args[a].substring(6)));
                lambda = Double.toString(m.config().lambdaKl());
            } else {
                lambda = args[a];
                DualConfig cfg = DualBenchmarkHook.benchmarkConfig().withLambdaKl(Double.parseDouble(lambda));
                m = DualBenchmarkHook.trainDenoiser(train, clean, cfg, steps, o.seed(), out.resolve("lambda-" + lambda), null).model();
            }
            Augment flips = m.config().augment();
            double eps = m.config().klEps();
            int per = DualBenchmarkHook.CODE_PATCHES; // codes per tomogram, as the benchmark's probe
            report(lambda, "train-pooled", m.codeStatistics(train, per * train.size(), new Rng(7)), eps, dims);
            report(lambda, "train-pooled-flips", m.codeStatistics(train, per * train.size(), new Rng(7), flips), eps, dims);
            for (int i = 0; i < train.size(); i++) report(lambda, "train-" + i, m.codeStatistics(List.of(train.get(i)), per, new Rng(7)), eps, dims);
            report(lambda, "test-pooled", m.codeStatistics(test, per * test.size(), new Rng(7)), eps, dims);
            report(lambda, "test-pooled-flips", m.codeStatistics(test, per * test.size(), new Rng(7), flips), eps, dims);
            for (int i = 0; i < test.size(); i++) report(lambda, "test-" + i, m.codeStatistics(List.of(test.get(i)), per, new Rng(7)), eps, dims);
            Files.writeString(out.resolve("dims.csv"), dims.toString());
        }
    }

    private static void report(String lambda, String scope, CodeStatistics s, double klEps, StringBuilder dims) {
        int k = s.codeSize();
        double[] mu = s.mean(), cov = s.covariance();
        double lo = Double.MAX_VALUE, hi = 0;
        for (int j = 0; j < k; j++) {
            lo = Math.min(lo, cov[j * k + j]);
            hi = Math.max(hi, cov[j * k + j]);
            dims.append(String.format(Locale.ROOT, "%s,%s,%d,%.4f,%.4f%n", lambda, scope, j, mu[j], cov[j * k + j]));
        }
        System.out.printf(Locale.ROOT, "%s,%s,%d,%.4f,%.4f,%.4f,%.4f,%.4f%n", lambda, scope, s.count(), s.maxAbsMean(), s.maxCovarianceError(), lo, hi,
                s.kl(klEps));
        System.out.flush();
    }
}
