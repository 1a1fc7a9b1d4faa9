package org.cryograd.coordnet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.cryograd.coordnet.CnConfig;
import org.cryograd.coordnet.CoordNetReconstructor;
import org.cryograd.em.eval.EvaluationHarness;
import org.cryograd.em.benchmark.MethodResult;
import org.cryograd.em.benchmark.ResultsTable;
import org.cryograd.em.eval.QualityMetrics;
import org.cryograd.em.geometry.Projector;
import org.cryograd.em.recon.FourierInversion;
import org.cryograd.em.recon.Sirt;
import org.cryograd.em.recon.SirtOptions;
import org.cryograd.em.recon.SirtStopping;
import org.cryograd.em.recon.Wbp;
import org.cryograd.em.recon.WbpOptions;
import org.cryograd.em.sim.DensityMap;
import org.cryograd.em.sim.ImagingOptions;
import org.cryograd.em.sim.Specimen;
import org.cryograd.em.sim.SpecimenBuilder;
import org.cryograd.em.sim.SpecimenOptions;
import org.cryograd.em.sim.Templates;
import org.cryograd.em.sim.TiltScheme;
import org.cryograd.em.sim.TomogramSimulation;
import org.cryograd.em.sim.TomogramSimulator;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.fft.metrics.ImageMetrics;
import org.cryograd.io.AtomicFiles;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * The reconstruction benchmark on physically simulated tilt series ({@code org.cryograd.em.sim}: macromolecules from
 * density templates in ice, dose-symmetric tilts, CTF, attenuation, detector MTF, radiation damage and Poisson shot
 * noise, residual misalignment corrected with the true transforms).
 *
 * <p>Protocol: every tunable setting is chosen on ONE validation tomogram by PSNR against its truth — WBP's filter,
 * SIRT's iteration count, the coordinate network's setting among {@link CnBenchmarkOptions#cnCandidates()} — and
 * then applied unchanged to the held-out test tomograms, whose truths are used only for scoring. {@code sirt-heldout}
 * chooses its iteration count on each test tilt series itself by held-out-view cross-validation
 * ({@link SirtStopping}), a rule that needs no truth. {@code dfi} is direct Fourier inversion (no settings).
 * Scores per test tomogram: PSNR, SSIM and VIF-P after matching to the truth's mean and standard deviation
 * ({@link QualityMetrics}), FSC 0.5 and 0.143 resolutions in Å (NaN when the curve never falls below), the mean FSC
 * in the measured and in the missing-wedge region ({@link EvaluationHarness#METRICS}), and the wall time.
 *
 * <p>The truth is the specimen's excess potential over the ice. With {@code ctfCorrect} every view is phase-flipped
 * with its defocus and then correlates positively with the potential; without, the contrast is only inverted (molecules
 * are dark in raw images), which leaves the CTF's sign reversals in.
 *
 * <p>Files: {@code validation.csv} (setting, value, psnr for every choice tried), {@code results_long.csv}
 * ({@link ResultsTable}: {@code benchmark,method,data,seed,metric,value}, one row per test tomogram, method and
 * metric), {@code summary.csv}
 * ({@code method,metric,mean,sd,n}: over the test tomograms; NaN resolutions are left out and counted in n),
 * {@code choices.txt}.
 */
public final class CnBenchmark {
    /** The methods, in table order. */
    public static final List<String> METHODS = List.of("wbp", "sirt", "sirt-heldout", "dfi", "cn");
    /** The metrics of summary.csv, in order: the evaluation harness's (FSC resolutions in Å) and the run time. */
    public static final List<String> METRICS = java.util.stream.Stream.concat(EvaluationHarness.METRICS.stream(), java.util.stream.Stream.of(ResultsTable.RUN_SECONDS))
            .toList();

    private CnBenchmark() {}

    /**
     * A simulated test or validation case: the truth and its data range (max - min), the stack the methods get, their
     * projector and geometry.
     */
    record Case(long seed, Tensor truth, double range, Tensor stack, Projector projector, TiltGeometry geometry) {}

    /** What the validation tomogram chose. */
    public record Choices(String wbpFilter, int sirtIterations, int cnIndex, CnConfig cn) {}

    /**
     * Runs the benchmark and writes its files into {@code out}.
     *
     * @return the long-format results ({@link ResultsTable#FILE})
     * @throws IOException if the templates cannot be read or a file cannot be written
     */
    public static ResultsTable run(CnBenchmarkOptions o, Path out, Consumer<String> log) throws IOException {
        Files.createDirectories(out);
        List<DensityMap> templates = templates(o);
        String data = String.format(Locale.ROOT, "sim-%dx%dx%d-%sA-%se-%s", o.nx(), o.ny(), o.nz(), num(o.voxelSize()), num(o.totalDose()),
                o.ctfCorrect() ? "phaseflip" : "nocorr");
        log.accept("validation tomogram (seed " + o.validationSeed() + ")");
        Case val = simulate(o, templates, o.validationSeed(), log);
        StringBuilder vcsv = new StringBuilder("setting,value,psnr\n");
        Choices ch = choose(o, val, vcsv, log);
        AtomicFiles.write(out.resolve("validation.csv"), utf8(vcsv.toString()));
        AtomicFiles.write(out.resolve("choices.txt"), utf8(String.format(Locale.ROOT,
                "data: %s%nvalidation seed: %d%ntest seeds: %s%nwbp filter: %s%nsirt iterations: %d%ncn setting: %d of %d (%s)%n", data,
                o.validationSeed(), java.util.Arrays.toString(o.testSeeds()), ch.wbpFilter(), ch.sirtIterations(), ch.cnIndex() + 1,
                o.cnCandidates().size(), describe(ch.cn()))));
        ResultsTable table = new ResultsTable("cn");
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (long seed : o.testSeeds()) {
            log.accept("test tomogram (seed " + seed + ")");
            Case c = simulate(o, templates, seed, log);
            EvaluationHarness h = new EvaluationHarness(c.truth(), o.voxelSize(), c.geometry());
            for (String m : METHODS) {
                long t0 = System.nanoTime();
                Tensor v = reconstruct(m, c, ch, o);
                double s = (System.nanoTime() - t0) / 1e9;
                MethodResult r = h.add(m, v, s);
                v.close();
                r = MethodResult.of(m, data, parameters(m, ch), r.metrics(), 0, s);
                table.add(seed, r);
                for (String k : METRICS)
                    values.computeIfAbsent(m + "," + k, x -> new ArrayList<>()).add(k.equals(ResultsTable.RUN_SECONDS) ? s : r.metric(k));
                log.accept(String.format(Locale.ROOT, "  %-12s PSNR %.2f dB, SSIM %.3f, %.1f s", m, r.metric("psnr"), r.metric("ssim"), s));
            }
            c.truth().close();
            c.stack().close();
        }
        table.write(out.resolve(ResultsTable.FILE));
        StringBuilder sum = new StringBuilder("method,metric,mean,sd,n\n");
        for (Map.Entry<String, List<Double>> e : values.entrySet()) {
            double[] ms = meanSd(e.getValue());
            sum.append(String.format(Locale.ROOT, "%s,%.6g,%.6g,%d%n", e.getKey(), ms[0], ms[1], (int) ms[2]));
        }
        AtomicFiles.write(out.resolve("summary.csv"), utf8(sum.toString()));
        return table;
    }

    /** Chooses WBP's filter, SIRT's iteration count and the CN setting on the validation case by PSNR. */
    static Choices choose(CnBenchmarkOptions o, Case val, StringBuilder csv, Consumer<String> log) {
        String bestFilter = null;
        double bestWbp = Double.NEGATIVE_INFINITY;
        for (String f : WbpOptions.FILTERS) {
            double q;
            try (Tensor v = Wbp.reconstruct(val.projector(), val.stack(), new WbpOptions(f, false))) {
                q = psnr(val, v);
            }
            csv.append(String.format(Locale.ROOT, "wbp_filter,%s,%.6f%n", f, q));
            if (q > bestWbp) {
                bestWbp = q;
                bestFilter = f;
            }
        }
        double[] sirt = new double[o.sirtMaxIterations()];
        Sirt.iterate(val.projector(), val.stack(), SirtOptions.defaults().withIterations(o.sirtMaxIterations()),
                (it, x) -> sirt[it - 1] = psnr(val, x)).close();
        int bestIt = 0;
        for (int i = 0; i < sirt.length; i++) {
            csv.append(String.format(Locale.ROOT, "sirt_iterations,%d,%.6f%n", i + 1, sirt[i]));
            if (sirt[i] > sirt[bestIt]) bestIt = i;
        }
        int bestCn = 0;
        double bestCnQ = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < o.cnCandidates().size(); k++) {
            CnConfig c = o.cnCandidates().get(k);
            log.accept("  cn setting " + (k + 1) + "/" + o.cnCandidates().size() + ": " + describe(c));
            double q;
            try (Tensor v = new CoordNetReconstructor(c).reconstruct(val.projector(), val.stack(), null, TrainingListener.NONE)) {
                q = psnr(val, v);
            }
            csv.append(String.format(Locale.ROOT, "cn_setting,%d,%.6f%n", k + 1, q));
            if (q > bestCnQ) {
                bestCnQ = q;
                bestCn = k;
            }
        }
        log.accept(String.format(Locale.ROOT, "chosen on validation: wbp filter %s, sirt %d iterations, cn setting %d", bestFilter, bestIt + 1, bestCn + 1));
        return new Choices(bestFilter, bestIt + 1, bestCn, o.cnCandidates().get(bestCn));
    }

    /** The settings a method ran with, as text for the results. */
    static String parameters(String method, Choices ch) {
        return switch (method) {
            case "wbp" -> "filter=" + ch.wbpFilter();
            case "sirt" -> "iterations=" + ch.sirtIterations();
            case "cn" -> "setting=" + (ch.cnIndex() + 1);
            default -> "-";
        };
    }

    static Tensor reconstruct(String method, Case c, Choices ch, CnBenchmarkOptions o) {
        return switch (method) {
            case "wbp" -> Wbp.reconstruct(c.projector(), c.stack(), new WbpOptions(ch.wbpFilter(), false));
            case "sirt" -> Sirt.reconstruct(c.projector(), c.stack(), SirtOptions.defaults().withIterations(ch.sirtIterations()));
            case "sirt-heldout" -> {
                SirtStopping.Choice s = SirtStopping.choose(c.projector(), c.stack(), SirtOptions.defaults().withIterations(o.sirtMaxIterations()),
                        o.heldOutEvery());
                yield Sirt.reconstruct(c.projector(), c.stack(), SirtOptions.defaults().withIterations(s.bestIterations()));
            }
            case "dfi" -> FourierInversion.reconstruct(c.projector(), c.stack());
            case "cn" -> new CoordNetReconstructor(ch.cn()).reconstruct(c.projector(), c.stack(), null, TrainingListener.NONE);
            default -> throw new IllegalArgumentException("CnBenchmark: unknown method " + method);
        };
    }

    /** Simulates one tomogram's tilt series and prepares the methods' input. */
    static Case simulate(CnBenchmarkOptions o, List<DensityMap> templates, long seed, Consumer<String> log) {
        SpecimenOptions so = SpecimenOptions.benchmarkSlab(o.nx(), o.ny(), o.nz(), o.voxelSize(), o.particles());
        Specimen sp = SpecimenBuilder.build(so, templates, new Rng(seed), s -> { });
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float v : sp.excess()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (!(hi > lo))
            throw new IllegalStateException("CnBenchmark: the specimen of seed " + seed + " is empty (no molecule fits a " + o.nx() + "x" + o.ny() + "x"
                    + o.nz() + " box of " + o.voxelSize() + " Å voxels); enlarge the box or choose smaller templates");
        TiltScheme scheme = new TiltScheme(TiltScheme.Kind.DOSE_SYMMETRIC, o.minDeg(), o.maxDeg(), o.stepDeg(), 0, 2, o.totalDose());
        ImagingOptions im = ImagingOptions.defaults();
        TomogramSimulation sim = TomogramSimulator.run(sp, scheme, im, seed, s -> { });
        int nv = sim.geometry().size();
        float[] stack = TomogramSimulator.alignedContrast(sim.raw().toArray(), sim.geometry(), o.ny(), o.nx(), o.voxelSize(), im, o.ctfCorrect());
        if (!o.ctfCorrect()) for (int i = 0; i < stack.length; i++) stack[i] = -stack[i];
        sim.raw().close();
        sim.tomogram().close();
        sim.tomogramCtf().close();
        TiltGeometry g = new TiltGeometry(scheme.anglesDeg(), TiltAxis.Y);
        return new Case(seed, Tensor.of(sp.excess(), o.nz(), o.ny(), o.nx()), (double) hi - lo, Tensor.of(stack, nv, o.ny(), o.nx()), new Projector(g, o.nx(), o.nz()), g);
    }

    private static List<DensityMap> templates(CnBenchmarkOptions o) throws IOException {
        List<String> names = o.templateNames();
        if (names.isEmpty()) {
            List<String> have = Templates.available(o.templates());
            names = Templates.STANDARD.stream().filter(have::contains).toList();
        }
        if (names.isEmpty()) throw new IOException("no density templates (NAME.mrc) in " + o.templates() + "; the benchmark simulates its tomograms from them");
        return Templates.load(o.templates(), names, o.voxelSize(), SpecimenOptions.defaults().proteinPotentialV());
    }

    /** PSNR of {@code x} matched to the case's truth's mean and standard deviation, with the truth's data range. */
    static double psnr(Case c, Tensor x) {
        try (Grad g = Grad.disabled(); Tensor m = QualityMetrics.matchMeanStd(c.truth(), x)) {
            return ImageMetrics.psnr(c.truth(), m, c.range());
        }
    }

    /** {mean, sample sd, n} of the finite values ({@link org.cryograd.em.benchmark.SummaryTable#meanSd}). */
    static double[] meanSd(List<Double> v) {
        return org.cryograd.em.benchmark.SummaryTable.meanSd(v);
    }

    static String describe(CnConfig c) {
        return String.format(Locale.ROOT, "SIREN 3-%dx%d-1, %d slices/chunk, %d/%d steps, gradient penalty %g", c.hidden(), c.hiddenLayers() + 1,
                c.slicesPerChunk(), c.firstChunkIterations(), c.chunkIterations(), c.gradientPenalty());
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
