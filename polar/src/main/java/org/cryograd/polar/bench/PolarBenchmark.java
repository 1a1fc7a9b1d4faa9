package org.cryograd.polar.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cryograd.em.benchmark.BenchmarkHarness;
import org.cryograd.em.benchmark.MethodResult;
import org.cryograd.em.benchmark.ResultsTable;
import org.cryograd.fft.Ctf;
import org.cryograd.fft.Fsc;
import org.cryograd.fft.FscCurve;
import org.cryograd.io.AtomicFiles;
import org.cryograd.nn.train.Stage;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.polar.baseline.WienerFilter;
import org.cryograd.polar.model.SetDenoiserModel;
import org.cryograd.polar.recon.FourierReconstructor;
import org.cryograd.polar.sim.ParticleSets;
import org.cryograd.polar.sim.ParticleSimulator;
import org.cryograd.polar.sim.Setting;
import org.cryograd.polar.sim.SimulationOptions;
import org.cryograd.polar.train.ModelKind;
import org.cryograd.polar.train.PolarDenoise;
import org.cryograd.polar.train.PolarTraining;
import org.cryograd.polar.train.TrainingOptions;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The denoising benchmark: for every SNR, trains DnCNN (residual, as published, and {@code dncnn_direct}: the same
 * network from the same initial weights predicting the clean image) and the single-image polar CNN (once: their input
 * distribution is the same in both settings), fits the Wiener filter (known CTF and SNR, projection power
 * spectrum from clean simulated projections) and trains a polar transformer per setting; measures the relative
 * MSE {@code Σ‖x̂ - x‖² / Σ‖x‖²} against the noise-free CTF-modulated images on held-out sets ({@code none} is the
 * noisy input itself). Writes {@code outDir/results.csv} ({@code method,setting,snr,rel_mse}). Downstream (the
 * paper's Fig. 3), at the lowest SNR: a stack of one molecule in directional sets is reconstructed by Fourier
 * insertion with the known orientations, shifts and CTFs from raw, Wiener-, both DnCNNs', polar-CNN- and
 * transformer-denoised images, and each volume's FSC against the true volume is written to
 * {@code outDir/fsc_downstream.csv} ({@code method,shell,frequency,fsc}) and {@code outDir/fsc_summary.csv}.
 * Trained models go to {@code outDir/models/<method>_<setting>_snr<snr>/} (usable by {@link PolarDenoise}).
 *
 * <p>Every evaluation runs through a {@link BenchmarkHarness} (metric {@code rel_mse}, data {@code <setting>_snr<snr>},
 * the model's training time as its preparation time): a method whose denoising throws gets NaN and the others go on;
 * {@link #run} throws its exception after the files are written. {@link ResultsTable#FILE} holds those rows and the
 * downstream reconstructions' (data {@code downstream_<setting>_snr<snr>}, metrics {@link #DOWNSTREAM_METRICS}).
 */
public final class PolarBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(PolarBenchmark.class);
    /** Header of {@code results.csv}. */
    public static final String HEADER = "method,setting,snr,rel_mse";
    /** The metric of every evaluation row (the harness's). */
    public static final List<String> METRICS = List.of("rel_mse");
    /** The metrics of the downstream reconstructions in the long table. */
    public static final List<String> DOWNSTREAM_METRICS = List.of("resolution_fsc05_A", "resolution_fsc0143_A", "mean_fsc");

    private PolarBenchmark() {}

    /**
     * One line of {@code results.csv}.
     *
     * @param method  none, wiener, dncnn, polar_cnn or polar_transformer
     * @param setting directional or mixed
     * @param snr     the SNR
     * @param relMse  relative MSE on the held-out sets
     */
    public record Row(String method, String setting, double snr, double relMse) {}

    /**
     * One downstream reconstruction.
     *
     * @param method source of the images (clean, none, wiener, dncnn, polar_cnn, polar_transformer)
     * @param fsc    FSC against the true volume
     */
    public record Downstream(String method, FscCurve fsc) {}

    /**
     * Everything a run measured.
     *
     * @param rows       the rel-MSE table
     * @param downstream the reconstructions' FSC curves (empty if not run)
     * @param seconds    wall time
     * @param results    the same runs as harness results, with timings (evaluations, then downstream reconstructions)
     */
    public record Result(List<Row> rows, List<Downstream> downstream, double seconds, List<MethodResult> results) {
        /** The rel MSE of one (method, setting, snr), or NaN. */
        public double relMse(String method, String setting, double snr) {
            for (Row r : rows) if (r.method.equals(method) && r.setting.equals(setting) && r.snr == snr) return r.relMse;
            return Double.NaN;
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param o        settings ({@link PolarBenchmarkOptions#quickPreset()} or {@link PolarBenchmarkOptions#fullPreset()})
     * @param outDir   output directory (created)
     * @param progress receives stages and steps (null for none)
     */
    public static Result run(PolarBenchmarkOptions o, Path outDir, TrainingListener progress) throws IOException {
        return run(o, outDir, progress, Device.cpu());
    }

    /**
     * {@link #run(PolarBenchmarkOptions, Path, TrainingListener)} with every network trained and applied on {@code device}
     * (simulation, the Wiener filter and the reconstructions stay on the CPU).
     */
    public static Result run(PolarBenchmarkOptions o, Path outDir, TrainingListener progress, Device device) throws IOException {
        if (device == null) throw new IllegalArgumentException("PolarBenchmark.run: device is null");
        TrainingListener prog = TrainingListener.orNone(progress);
        long t0 = System.nanoTime();
        Files.createDirectories(outDir);
        List<Row> rows = new ArrayList<>();
        List<Downstream> down = new ArrayList<>();
        BenchmarkHarness harness = new BenchmarkHarness("polar", o.seed(), METRICS);
        List<MethodResult> downResults = new ArrayList<>();
        double lowest = o.snrs().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        int setsPerStep = Math.max(1, o.imagesPerStep() / o.setSize()), testSets = Math.max(1, o.testImages() / o.setSize());
        for (double snr : o.snrs()) {
            SimulationOptions base = SimulationOptions.defaults(o.imageSize(), Setting.MIXED, setsPerStep, o.setSize(), snr, o.seed());
            TrainingOptions t = new TrainingOptions(ModelKind.DNCNN, base, o.polar(), o.dncnnLayers(), o.dncnnChannels(), o.dncnnSteps(),
                    o.learningRate(), 1.0, 100, o.seed() + 1);
            long tt = System.nanoTime();
            SetDenoiserModel dncnn = train(t, outDir, "mixed", prog, device).model();
            double dncnnSeconds = seconds(tt);
            tt = System.nanoTime();
            // the same network and initial weights, predicting the clean image instead of the noise
            SetDenoiserModel dncnnDirect = train(t.withKind(ModelKind.DNCNN_DIRECT), outDir, "mixed", prog, device).model();
            double dncnnDirectSeconds = seconds(tt);
            tt = System.nanoTime();
            SetDenoiserModel polarCnn = train(t.withKind(ModelKind.POLAR_CNN).withSteps(o.polarCnnSteps(), o.learningRate()), outDir, "mixed", prog, device).model();
            double polarCnnSeconds = seconds(tt);
            // Wiener: projection power spectrum from clean simulated projections (not the test images)
            tt = System.nanoTime();
            ParticleSets cal = ParticleSimulator.simulate(base.withSets(Math.max(8, 1024 / o.setSize()), o.seed() + 7));
            WienerFilter wiener = new WienerFilter(WienerFilter.radialPower(cal.projections()), cal.noiseStd() * cal.noiseStd(), base.pixelSize());
            double wienerSeconds = seconds(tt);
            for (Setting setting : Setting.values()) {
                SimulationOptions so = base.withSetting(setting);
                tt = System.nanoTime();
                SetDenoiserModel transformer = train(t.withKind(ModelKind.POLAR_TRANSFORMER).withSimulation(so)
                        .withSteps(o.transformerSteps(), o.learningRate()), outDir, setting.label(), prog, device).model();
                double transformerSeconds = seconds(tt);
                ParticleSets test = ParticleSimulator.simulate(so.withSets(testSets, o.seed() + 1000 + setting.ordinal()));
                prog.started(Stage.named("evaluate " + setting.label() + " snr=" + snr, 0));
                Tensor noisy = flat(test.noisy()), clean = flat(test.clean());
                String data = setting.label() + "_snr" + snr;
                Evaluation ev = new Evaluation(harness, rows, data, setting.label(), snr, clean);
                ev.run("none", 0, () -> noisy);
                ev.run("wiener", wienerSeconds, () -> wiener.apply(noisy, ctfs(test)));
                ev.run("dncnn", dncnnSeconds, () -> PolarDenoise.denoise(dncnn, noisy, o.setSize(), null));
                ev.run("dncnn_direct", dncnnDirectSeconds, () -> PolarDenoise.denoise(dncnnDirect, noisy, o.setSize(), null));
                ev.run("polar_cnn", polarCnnSeconds, () -> PolarDenoise.denoise(polarCnn, noisy, o.setSize(), null));
                ev.run("polar_transformer", transformerSeconds, () -> PolarDenoise.denoise(transformer, noisy, o.setSize(), null));
                for (Row r : rows.subList(rows.size() - 6, rows.size())) LOG.info("{} {} snr={} rel_mse={}", r.method, r.setting, r.snr, fmt(r.relMse));
                writeResults(outDir, rows);
                if (o.downstream() && snr == lowest && setting == Setting.DIRECTIONAL)
                    down = downstream(o, so, wiener, dncnn, dncnnDirect, polarCnn, transformer, outDir, prog, "downstream_" + data, downResults);
            }
        }
        for (MethodResult r : downResults) harness.table().add(o.seed(), r);
        harness.table().write(outDir.resolve(ResultsTable.FILE));
        double s = (System.nanoTime() - t0) / 1e9;
        LOG.info("polar benchmark finished in {} s -> {}", fmt(s), outDir.resolve("results.csv"));
        Exception failure = harness.firstFailure();
        if (failure instanceof IOException e) throw e;
        if (failure instanceof RuntimeException e) throw e;
        if (failure != null) throw new IOException("polar benchmark: " + failure.getMessage(), failure);
        List<MethodResult> all = new ArrayList<>(harness.results());
        all.addAll(downResults);
        return new Result(rows, down, s, List.copyOf(all));
    }

    /** Produces a denoised stack; may throw. */
    @FunctionalInterface
    private interface Denoising {
        Tensor apply() throws Exception;
    }

    /** One (setting, SNR) evaluation: each method's rel MSE through the harness, and its {@code results.csv} row. */
    private record Evaluation(BenchmarkHarness harness, List<Row> rows, String data, String setting, double snr, Tensor clean) {
        void run(String method, double trainSeconds, Denoising d) {
            MethodResult r = harness.run(method, data, () -> {
                long t = System.nanoTime();
                Tensor out = d.apply();
                double apply = seconds(t);
                return new BenchmarkHarness.Outcome("-", Map.of("rel_mse", relMse(clean, out)), trainSeconds, apply);
            });
            rows.add(new Row(method, setting, snr, r.metric("rel_mse")));
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static PolarTraining.Result train(TrainingOptions t, Path outDir, String setting, TrainingListener prog, Device device) throws IOException {
        String name = t.kind().label() + "_" + setting + "_snr" + t.simulation().snr();
        return PolarTraining.train(t, outDir.resolve("models").resolve(name), prog, device);
    }

    private static List<Downstream> downstream(PolarBenchmarkOptions o, SimulationOptions so, WienerFilter wiener, SetDenoiserModel dncnn,
            SetDenoiserModel dncnnDirect, SetDenoiserModel polarCnn, SetDenoiserModel transformer, Path outDir, TrainingListener prog, String dataName, List<MethodResult> results)
            throws IOException {
        prog.started(Stage.named("downstream reconstruction", 0));
        SimulationOptions one = so.withClasses(1).withSets(Math.max(1, o.downstreamImages() / o.setSize()), o.seed() + 5000);
        ParticleSets data = ParticleSimulator.simulate(one);
        Tensor truth = ParticleSimulator.molecule(one, 0).volume(o.imageSize());
        Ctf[] ctfs = ctfs(data);
        Tensor noisy = flat(data.noisy());
        String[] names = {"clean", "none", "wiener", "dncnn", "dncnn_direct", "polar_cnn", "polar_transformer"};
        Tensor[] stacks = {flat(data.clean()), noisy, wiener.apply(noisy, ctfs), PolarDenoise.denoise(dncnn, noisy, o.setSize(), null),
            PolarDenoise.denoise(dncnnDirect, noisy, o.setSize(), null),
            PolarDenoise.denoise(polarCnn, noisy, o.setSize(), null), PolarDenoise.denoise(transformer, noisy, o.setSize(), null)};
        List<Downstream> out = new ArrayList<>();
        StringBuilder curves = new StringBuilder("method,shell,frequency,fsc\n");
        StringBuilder summary = new StringBuilder("method,resolution_fsc05_A,resolution_fsc0143_A,mean_fsc\n");
        for (int i = 0; i < names.length; i++) {
            long t = System.nanoTime();
            Tensor vol = FourierReconstructor.reconstruct(stacks[i], data.rotations(), data.shifts(), ctfs, one.pixelSize(), 0.05);
            double recSeconds = seconds(t);
            FscCurve f = Fsc.compute(truth, vol, one.pixelSize());
            out.add(new Downstream(names[i], f));
            double mean = 0;
            for (int s = 1; s < f.shells(); s++) {
                curves.append(names[i]).append(',').append(s).append(',').append(fmt(f.frequency()[s])).append(',').append(fmt(f.fsc()[s])).append('\n');
                mean += f.fsc()[s] / (f.shells() - 1);
            }
            summary.append(names[i]).append(',').append(fmt(f.resolution05())).append(',').append(fmt(f.resolution0143())).append(',').append(fmt(mean)).append('\n');
            Map<String, Double> m = new java.util.LinkedHashMap<>();
            m.put("resolution_fsc05_A", f.resolution05());
            m.put("resolution_fsc0143_A", f.resolution0143());
            m.put("mean_fsc", mean);
            results.add(MethodResult.of(names[i], dataName, "-", m, 0, recSeconds));
            LOG.info("downstream {}: FSC 0.5 at {} Å, 0.143 at {} Å", names[i], fmt(f.resolution05()), fmt(f.resolution0143()));
        }
        AtomicFiles.write(outDir.resolve("fsc_downstream.csv"), curves.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(outDir.resolve("fsc_summary.csv"), summary.toString().getBytes(StandardCharsets.UTF_8));
        return out;
    }

    private static void writeResults(Path outDir, List<Row> rows) throws IOException {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) b.append(r.method).append(',').append(r.setting).append(',').append(r.snr).append(',').append(fmt(r.relMse)).append('\n');
        AtomicFiles.write(outDir.resolve("results.csv"), b.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Ctf[] ctfs(ParticleSets p) {
        Ctf[] c = new Ctf[p.count()];
        for (int i = 0; i < c.length; i++) c[i] = p.ctf(i);
        return c;
    }

    static Tensor flat(Tensor sets) {
        int[] d = sets.dims();
        return sets.reshape(d[0] * d[1], d[2], d[3]);
    }

    /** {@code Σ‖est - truth‖² / Σ‖truth‖²}. */
    public static double relMse(Tensor truth, Tensor est) {
        float[] x = truth.toArray(), y = est.toArray();
        if (x.length != y.length) throw new IllegalArgumentException("relMse: shapes " + truth.shape() + " and " + est.shape() + " differ");
        double num = 0, den = 0;
        for (int i = 0; i < x.length; i++) {
            double e = y[i] - (double) x[i];
            num += e * e;
            den += x[i] * (double) x[i];
        }
        return num / den;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
