package org.cryograd.polar.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cryograd.em.benchmark.BenchmarkHarness;
import org.cryograd.em.benchmark.MethodResult;
import org.cryograd.em.benchmark.ResultsTable;
import org.cryograd.em.sim.DensityMap;
import org.cryograd.em.sim.MeanInnerPotential;
import org.cryograd.em.sim.Templates;
import org.cryograd.fft.Fsc;
import org.cryograd.fft.FscCurve;
import org.cryograd.io.AtomicFiles;
import org.cryograd.nn.train.Stage;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.polar.baseline.WienerFilter;
import org.cryograd.polar.model.SetDenoiserModel;
import org.cryograd.polar.recon.FourierReconstructor;
import org.cryograd.polar.sim.Setting;
import org.cryograd.polar.train.ModelFiles;
import org.cryograd.polar.train.ModelKind;
import org.cryograd.polar.train.PolarDenoise;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polar-transformer benchmark on particle images of real molecules ({@link TemplateParticleSimulator}: em's
 * projection and phase-object imaging of the templates, CTF, shifts, Gaussian noise at a per-image SNR). Molecules
 * are split into training, validation and test groups ({@link TemplateSplit}). For every seed and SNR: DnCNN (as
 * published, residual; and the same network predicting the clean image, {@code dncnn_direct*}, from the same initial
 * weights) and the single-image polar CNN are trained on mixed sets of the training molecules and the polar transformer on each
 * setting's sets; every learned method's learning rate and step count are chosen by {@link ValidatedTraining} on
 * sets of the validation molecules; the Wiener filter gets the known CTFs, the mean noise variance and the
 * projection spectrum of training molecules. Only then are test sets of the test molecules drawn and every method's
 * relative MSE {@code Σ‖x̂ - x‖² / Σ‖x‖²} against the clean images measured ({@code none}: the noisy input).
 * {@link SimPolarBenchmarkOptions#learned} may name a subset of the learned methods (e.g. a large DnCNN alone); each
 * trains on the same data from the same initial weights as in a full run.
 * Downstream, at the lowest SNR: a stack of the first test molecule in directional sets is reconstructed by Fourier
 * insertion with the known orientations, shifts and CTFs from clean, raw and each method's denoised images, and
 * each volume's FSC against the template sampled on the same grid gives the resolutions at 0.5 and 0.143 (the last
 * shell's, i.e. the Nyquist limit, when the curve stays above the threshold).
 *
 * <p>Writes {@code results_long.csv} ({@link ResultsTable}; data {@code <setting>_snr<snr>} and
 * {@code downstream_directional_snr<snr>}, timings included, the chosen learning rate and steps as parameters),
 * {@code summary.csv} ({@link #SUMMARY_HEADER}: mean and sample standard deviation over seeds),
 * {@code fsc_summary.csv} (per seed), {@code fsc_curves.csv} and {@code choices.txt} (split, pixel size, every
 * candidate's validation score and the choice).
 */
public final class SimPolarBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(SimPolarBenchmark.class);
    /** Name in {@code results_long.csv}. */
    public static final String BENCHMARK = "polar-sim";
    /** Header of {@code summary.csv}. */
    public static final String SUMMARY_HEADER = "method,setting,snr,metric,mean,sd,n";
    /** The evaluation metric. */
    public static final List<String> METRICS = List.of("rel_mse");
    /** The downstream reconstruction's metrics. */
    public static final List<String> DOWNSTREAM_METRICS = List.of("resolution_fsc05_A", "resolution_fsc0143_A", "mean_fsc");

    private SimPolarBenchmark() {}

    /** What data the run drew, in order (tests check that tuning never touches test molecules). */
    @FunctionalInterface
    public interface DataLog {
        /**
         * @param seed      the benchmark seed
         * @param snr       the SNR
         * @param purpose   {@code train}, {@code validation}, {@code calibration}, {@code test} or {@code downstream}
         * @param molecules the molecules the images were drawn from
         */
        void drew(long seed, double snr, String purpose, List<String> molecules);

        /** Records nothing. */
        DataLog NONE = (seed, snr, purpose, molecules) -> {};
    }

    /**
     * Everything the run measured.
     *
     * @param results every result with its seed
     * @param summary the summary rows
     * @param seconds wall time
     */
    public record Result(List<Seeded> results, List<SummaryRow> summary, double seconds) {}

    /** A harness result and its seed. */
    public record Seeded(long seed, MethodResult result) {}

    /** One line of {@code summary.csv}. */
    public record SummaryRow(String method, String setting, String snr, String metric, double mean, double sd, int n) {}

    /**
     * Loads the split's templates from {@code templateDir} at the options' pixel size and runs.
     *
     * @throws IOException naming the directory when it or a template is missing
     */
    public static Result run(SimPolarBenchmarkOptions o, Path templateDir, Path outDir, TrainingListener progress, Device device) throws IOException {
        if (!Files.isDirectory(templateDir)) throw new IOException("template directory " + templateDir + " not found (needs " + String.join(", ", o.split().all())
                + " as .mrc)");
        Map<String, DensityMap> maps = new LinkedHashMap<>();
        for (DensityMap m : Templates.load(templateDir, o.split().all(), o.pixelSize(), MeanInnerPotential.protein())) maps.put(m.name(), m);
        return run(o, maps, outDir, progress, device, DataLog.NONE);
    }

    /**
     * Runs on loaded templates (at {@code o.pixelSize()}).
     *
     * @param log receives every data draw
     */
    public static Result run(SimPolarBenchmarkOptions o, Map<String, DensityMap> templates, Path outDir, TrainingListener progress, Device device,
            DataLog log) throws IOException {
        TrainingListener prog = TrainingListener.orNone(progress);
        long t0 = System.nanoTime();
        Files.createDirectories(outDir);
        TemplateParticleSimulator.Imaging im = TemplateParticleSimulator.Imaging.paper(o.imageSize(), o.pixelSize());
        TemplateSplit sp = o.split();
        TemplateParticleSimulator trainSim = new TemplateParticleSimulator(pick(templates, sp.train()), im);
        TemplateParticleSimulator valSim = new TemplateParticleSimulator(pick(templates, sp.validation()), im);
        TemplateParticleSimulator testSim = new TemplateParticleSimulator(pick(templates, sp.test()), im);
        TemplateParticleSimulator downSim = new TemplateParticleSimulator(pick(templates, sp.test().subList(0, 1)), im);
        List<Seeded> all = new ArrayList<>();
        StringBuilder choices = new StringBuilder();
        choices.append("split: ").append(sp.describe()).append('\n')
                .append(String.format(Locale.ROOT, "images: %dx%d, %.3g Å/px (templates resampled from their map voxel size by DensityMap.resampled), "
                        + "shifts up to %.3g px, defocus %.3g-%.3g µm, astigmatism %.3g µm, sets of %d%n", o.imageSize(), o.imageSize(), o.pixelSize(),
                        im.maxShiftPx(), im.defocusMinUm(), im.defocusMaxUm(), im.astigmatismUm(), o.setSize()))
                .append("dncnn: ").append(o.dncnnName()).append(" (").append(o.dncnnLayers()).append(" layers x ").append(o.dncnnChannels()).append(" channels); polar: ")
                .append(o.polar()).append('\n')
                .append("learned methods: ").append(String.join(", ", o.learnedNames())).append('\n')
                .append("tuning: learning rates ").append(o.tuning().learningRates()).append(", up to ").append(o.tuning().maxSteps())
                .append(" steps of ").append(o.setsPerStep()).append(" set(s), validation every ").append(o.tuning().evalEvery()).append(" steps\n");
        ResultsTable table = new ResultsTable(BENCHMARK);
        StringBuilder fscSummary = new StringBuilder("method,seed,snr,resolution_fsc05_A,resolution_fsc0143_A,mean_fsc\n");
        StringBuilder fscCurves = new StringBuilder("method,seed,snr,shell,frequency,fsc\n");
        double lowest = o.snrs().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        Exception failure = null;
        for (long seed : o.seeds()) {
            BenchmarkHarness harness = new BenchmarkHarness(BENCHMARK, seed, METRICS);
            for (double snr : o.snrs()) {
                long base = seed * 1_000_003L + Math.round(snr * 1e6) * 7919L;
                // 1. tuning: training and validation molecules only
                Models models = new Models(new LinkedHashMap<>(), new EnumMap<>(Setting.class));
                ValidatedTraining.Validation mixedVal = validation(valSim, Setting.MIXED, o, snr, base + 11, log, seed);
                ValidatedTraining.BatchSource mixedTrain = source(trainSim, Setting.MIXED, o, snr, base + 101, log, seed);
                for (ModelKind k : o.learnedInOrder())
                    if (k != ModelKind.POLAR_TRANSFORMER) models.single().put(o.methodName(k), tune(o.methodName(k), k, o, mixedTrain, mixedVal, seed, base, prog, device, choices, snr,
                            "mixed"));
                for (Setting st : Setting.values()) {
                    if (!o.trains(ModelKind.POLAR_TRANSFORMER)) break;
                    ValidatedTraining.Validation v = st == Setting.MIXED ? mixedVal : validation(valSim, st, o, snr, base + 13, log, seed);
                    ValidatedTraining.BatchSource src = st == Setting.MIXED ? mixedTrain : source(trainSim, st, o, snr, base + 103, log, seed);
                    models.transformer().put(st, tune("polar_transformer", ModelKind.POLAR_TRANSFORMER, o, src, v, seed, base, prog, device,
                            choices, snr, st.label()));
                }
                log.drew(seed, snr, "calibration", trainSim.names());
                TemplateParticleSimulator.Sets cal = trainSim.simulate(Setting.MIXED, Math.max(1, 512 / o.setSize()), o.setSize(), snr, base + 17);
                double noiseVar = 0;
                for (double s : cal.noiseStd()) noiseVar += s * s / cal.count();
                WienerFilter wiener = new WienerFilter(WienerFilter.radialPower(TemplateParticleSimulator.Sets.flat(cal.projections())), noiseVar, o.pixelSize());
                // 2. test molecules, after every choice is made
                for (Setting st : Setting.values()) {
                    log.drew(seed, snr, "test", testSim.names());
                    TemplateParticleSimulator.Sets test = testSim.simulate(st, Math.max(1, o.testImages() / o.setSize()), o.setSize(), snr, base + 1000 + st.ordinal());
                    Tensor noisy = TemplateParticleSimulator.Sets.flat(test.noisy()), clean = TemplateParticleSimulator.Sets.flat(test.clean());
                    String data = st.label() + "_snr" + snr;
                    prog.started(Stage.named("evaluate seed " + seed + " " + data, 0));
                    eval(harness, "none", data, "-", 0, clean, () -> noisy);
                    eval(harness, "wiener", data, "-", 0, clean, () -> wiener.apply(noisy, test.ctfs()));
                    for (Map.Entry<String, Trained> e : models.forSetting(st).entrySet()) {
                        Trained t = e.getValue();
                        eval(harness, e.getKey(), data, t.parameters(), t.seconds(), clean, () -> PolarDenoise.denoise(t.model(), noisy, o.setSize(), null));
                    }
                }
                if (snr == lowest) {
                    try {
                        downstream(o, downSim, wiener, models, seed, snr, base, prog, log, all, table, fscSummary, fscCurves);
                    } catch (RuntimeException e) {
                        LOG.error("downstream reconstruction failed: {}", e.toString());
                        if (failure == null) failure = e;
                    }
                }
            }
            for (MethodResult r : harness.results()) {
                all.add(new Seeded(seed, r));
                table.add(seed, r);
            }
            if (failure == null) failure = harness.firstFailure();
            writeOutputs(outDir, table, all, choices, fscSummary, fscCurves);
        }
        List<SummaryRow> summary = writeOutputs(outDir, table, all, choices, fscSummary, fscCurves);
        double s = (System.nanoTime() - t0) / 1e9;
        LOG.info("polar-sim benchmark finished in {} s -> {}", fmt(s), outDir.resolve("summary.csv"));
        if (failure instanceof IOException e) throw e;
        if (failure instanceof RuntimeException e) throw e;
        if (failure != null) throw new IOException("polar-sim benchmark: " + failure.getMessage(), failure);
        return new Result(List.copyOf(all), summary, s);
    }

    /** A tuned model, its training time and its choice as {@code lr=..,steps=..}. */
    private record Trained(SetDenoiserModel model, double seconds, String parameters) {}

    /** The tuned models of one seed and SNR: single-image ones by method name, the transformer per setting. */
    private record Models(Map<String, Trained> single, Map<Setting, Trained> transformer) {
        /** The models that score sets of {@code st}, by method name: every single-image model and that setting's transformer. */
        Map<String, Trained> forSetting(Setting st) {
            Map<String, Trained> out = new LinkedHashMap<>(single);
            Trained t = transformer.get(st);
            if (t != null) out.put(ModelKind.POLAR_TRANSFORMER.label(), t);
            return out;
        }
    }

    private static Trained tune(String name, ModelKind kind, SimPolarBenchmarkOptions o, ValidatedTraining.BatchSource src, ValidatedTraining.Validation val,
            long seed, long base, TrainingListener prog, Device device, StringBuilder choices, double snr, String setting) throws IOException {
        // the direct DnCNN starts from the residual one's weights: the two differ only in the output form
        long init = base + (kind == ModelKind.DNCNN_DIRECT ? ModelKind.DNCNN : kind).ordinal() * 31L + 7;
        ValidatedTraining.Outcome out = ValidatedTraining.tune(name + " " + setting + " snr=" + snr + " seed=" + seed,
                () -> ModelFiles.create(kind, o.polar(), o.dncnnLayers(), o.dncnnChannels(), new Rng(init)), o.tuning(), src, val, base + 5000, prog, device);
        ValidatedTraining.Choice c = out.chosen();
        String params = String.format(Locale.ROOT, "lr=%s;steps=%d", c.learningRate(), c.steps());
        StringBuilder tried = new StringBuilder();
        for (ValidatedTraining.Choice t : out.tried()) tried.append(String.format(Locale.ROOT, " lr=%s@%d:%.5g", t.learningRate(), t.steps(), t.validationRelMse()));
        for (String d : out.diverged()) tried.append("; diverged ").append(d);
        choices.append(String.format(Locale.ROOT, "seed %d snr %s %s (%s): chose %s (validation rel MSE %.5g); tried%s%n", seed, snr, name, setting, params,
                c.validationRelMse(), tried));
        LOG.info("{} {} snr={} seed={}: chose {} (validation rel MSE {})", name, setting, snr, seed, params, fmt(c.validationRelMse()));
        return new Trained(out.model(), out.seconds(), params);
    }

    private static ValidatedTraining.BatchSource source(TemplateParticleSimulator sim, Setting st, SimPolarBenchmarkOptions o, double snr, long seedBase,
            DataLog log, long seed) {
        return s -> {
            log.drew(seed, snr, "train", sim.names());
            TemplateParticleSimulator.Sets b = sim.simulate(st, o.setsPerStep(), o.setSize(), snr, seedBase * 0x9E3779B97F4A7C15L + s);
            return new ValidatedTraining.Batch(b.noisy(), b.clean());
        };
    }

    private static ValidatedTraining.Validation validation(TemplateParticleSimulator sim, Setting st, SimPolarBenchmarkOptions o, double snr, long s,
            DataLog log, long seed) {
        log.drew(seed, snr, "validation", sim.names());
        TemplateParticleSimulator.Sets v = sim.simulate(st, Math.max(1, o.validationImages() / o.setSize()), o.setSize(), snr, s);
        return new ValidatedTraining.Validation(TemplateParticleSimulator.Sets.flat(v.noisy()), TemplateParticleSimulator.Sets.flat(v.clean()), o.setSize());
    }

    @FunctionalInterface
    private interface Denoising {
        Tensor apply() throws Exception;
    }

    private static void eval(BenchmarkHarness h, String method, String data, String params, double trainSeconds, Tensor clean, Denoising d) {
        MethodResult r = h.run(method, data, () -> {
            long t = System.nanoTime();
            Tensor out = d.apply();
            double apply = (System.nanoTime() - t) / 1e9;
            return new BenchmarkHarness.Outcome(params, Map.of("rel_mse", PolarBenchmark.relMse(clean, out)), trainSeconds, apply);
        });
        LOG.info("{} {}: rel MSE {}", method, data, fmt(r.metric("rel_mse")));
    }

    private static void downstream(SimPolarBenchmarkOptions o, TemplateParticleSimulator sim, WienerFilter wiener, Models models, long seed,
            double snr, long base, TrainingListener prog, DataLog log, List<Seeded> all, ResultsTable table, StringBuilder summary, StringBuilder curves) {
        prog.started(Stage.named("downstream reconstruction seed " + seed, 0));
        log.drew(seed, snr, "downstream", sim.names());
        TemplateParticleSimulator.Sets d = sim.simulate(Setting.DIRECTIONAL, Math.max(1, o.downstreamImages() / o.setSize()), o.setSize(), snr, base + 3000);
        Tensor truth = sim.volume(0), noisy = TemplateParticleSimulator.Sets.flat(d.noisy());
        String data = "downstream_directional_snr" + snr;
        Map<String, Tensor> stacks = new LinkedHashMap<>();
        stacks.put("clean", TemplateParticleSimulator.Sets.flat(d.clean()));
        stacks.put("none", noisy);
        stacks.put("wiener", wiener.apply(noisy, d.ctfs()));
        for (Map.Entry<String, Trained> e : models.forSetting(Setting.DIRECTIONAL).entrySet())
            stacks.put(e.getKey(), PolarDenoise.denoise(e.getValue().model(), noisy, o.setSize(), null));
        for (Map.Entry<String, Tensor> e : stacks.entrySet()) {
            long t = System.nanoTime();
            Tensor vol = FourierReconstructor.reconstruct(e.getValue(), d.rotations(), d.shifts(), d.ctfs(), o.pixelSize(), 0.05);
            double sec = (System.nanoTime() - t) / 1e9;
            FscCurve f = Fsc.compute(truth, vol, o.pixelSize());
            double mean = 0;
            for (int s = 1; s < f.shells(); s++) {
                curves.append(String.format(Locale.ROOT, "%s,%d,%s,%d,%s,%s%n", e.getKey(), seed, snr, s, fmt(f.frequency()[s]), fmt(f.fsc()[s])));
                mean += f.fsc()[s] / (f.shells() - 1);
            }
            summary.append(String.format(Locale.ROOT, "%s,%d,%s,%s,%s,%s%n", e.getKey(), seed, snr, fmt(resolution(f, f.resolution05())),
                    fmt(resolution(f, f.resolution0143())), fmt(mean)));
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("resolution_fsc05_A", resolution(f, f.resolution05()));
            m.put("resolution_fsc0143_A", resolution(f, f.resolution0143()));
            m.put("mean_fsc", mean);
            MethodResult r = MethodResult.of(e.getKey(), data, "-", m, 0, sec);
            all.add(new Seeded(seed, r));
            table.add(seed, r);
            LOG.info("downstream seed {} {}: FSC 0.5 at {} Å, 0.143 at {} Å", seed, e.getKey(), fmt(f.resolution05()), fmt(f.resolution0143()));
        }
    }

    /** A crossing's resolution, or the last shell's (the Nyquist limit) when the curve never falls below the threshold. */
    static double resolution(FscCurve f, double crossing) {
        return Double.isNaN(crossing) ? 1 / f.frequency()[f.shells() - 1] : crossing;
    }

    private static List<SummaryRow> writeOutputs(Path outDir, ResultsTable table, List<Seeded> all, StringBuilder choices, StringBuilder fscSummary,
            StringBuilder fscCurves) throws IOException {
        table.write(outDir.resolve(ResultsTable.FILE));
        List<SummaryRow> rows = summarize(all);
        StringBuilder b = new StringBuilder(SUMMARY_HEADER).append('\n');
        for (SummaryRow r : rows)
            b.append(r.method()).append(',').append(r.setting()).append(',').append(r.snr()).append(',').append(r.metric()).append(',').append(fmt(r.mean()))
                    .append(',').append(fmt(r.sd())).append(',').append(r.n()).append('\n');
        AtomicFiles.write(outDir.resolve("summary.csv"), b.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(outDir.resolve("choices.txt"), choices.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(outDir.resolve("fsc_summary.csv"), fscSummary.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(outDir.resolve("fsc_curves.csv"), fscCurves.toString().getBytes(StandardCharsets.UTF_8));
        return rows;
    }

    /**
     * Mean and sample standard deviation (NaN for one seed) over seeds of every quality metric (no timings) per
     * (method, data); {@code data = <setting>_snr<snr>} is split into setting and SNR. Failed (NaN) values count.
     */
    public static List<SummaryRow> summarize(List<Seeded> results) {
        Map<List<String>, List<Double>> groups = new LinkedHashMap<>();
        for (Seeded s : results) {
            MethodResult r = s.result();
            for (Map.Entry<String, Double> m : r.metrics().entrySet())
                groups.computeIfAbsent(List.of(r.method(), r.data(), m.getKey()), k -> new ArrayList<>()).add(m.getValue());
        }
        List<SummaryRow> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<Double>> g : groups.entrySet()) {
            String data = g.getKey().get(1);
            int i = data.lastIndexOf("_snr");
            String setting = i < 0 ? data : data.substring(0, i), snr = i < 0 ? "-" : data.substring(i + 4);
            List<Double> v = g.getValue();
            double mean = 0;
            for (double x : v) mean += x / v.size();
            double ss = 0;
            for (double x : v) ss += (x - mean) * (x - mean);
            double sd = v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : Double.NaN;
            out.add(new SummaryRow(g.getKey().get(0), setting, snr, g.getKey().get(2), mean, sd, v.size()));
        }
        return out;
    }

    private static List<DensityMap> pick(Map<String, DensityMap> templates, List<String> names) {
        List<DensityMap> out = new ArrayList<>();
        for (String n : names) {
            DensityMap m = templates.get(n);
            if (m == null) throw new IllegalArgumentException("SimPolarBenchmark: template " + n + " was not loaded (have " + templates.keySet() + ")");
            out.add(m);
        }
        return out;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
