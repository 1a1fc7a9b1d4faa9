package org.cryograd.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cryograd.api.Cancellation;
import org.cryograd.api.Reconstruct;
import org.cryograd.api.TiltSeries;
import org.cryograd.api.VolumeData;
import org.cryograd.coordnet.CoordNetReconstructor;
import org.cryograd.em.benchmark.BenchmarkHarness;
import org.cryograd.em.benchmark.MethodResult;
import org.cryograd.em.benchmark.ResultsTable;
import org.cryograd.em.eval.EvaluationHarness;
import org.cryograd.em.geometry.Projector;
import org.cryograd.em.geometry.TiltSimulation;
import org.cryograd.em.phantom.PhantomKind;
import org.cryograd.em.phantom.Phantoms;
import org.cryograd.em.recon.WbpOptions;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.io.TiltAngles;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.Threads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cryograd demo}: the paper's Table 1 experiment in miniature — a phantom, its noisy tilt series (±60°, step
 * 2°), WBP, SIRT and coordinate-network reconstructions, and their scores, FSC curves and slices.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate a phantom and its tilt series (-60..60 degrees, step 2, 61 views, noiseless unless --snr is given), reconstruct it "
                + "with WBP, SIRT and a coordinate network, and compare them with the truth: PSNR, SSIM, VIF, runtime, FSC and "
                + "directional FSC (present / missing Fourier regions), orthogonal slices.",
            "Default 64x64x32 voxels (x,y,z), a few minutes on 2 CPU cores; --quick 48x32x24 with fewer training steps, about a minute."})
final class DemoCommand extends BaseCommand {
    static final Size3 DEFAULT_SIZE = new Size3(64, 64, 32), QUICK_SIZE = new Size3(48, 32, 24);
    static final double DEFAULT_SNR = 10;

    @Option(names = "--out", defaultValue = "cryograd-demo", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--quick", description = "Smaller volume and fewer training steps (about a minute on 2 cores).")
    boolean quick;

    @Option(names = "--kind", defaultValue = "spheres", paramLabel = "KIND", converter = SimulateCommand.KindConverter.class,
            description = "Phantom: spheres, shapes, particle or shepp (default: ${DEFAULT-VALUE}).")
    PhantomKind kind;

    @Option(names = "--snr", defaultValue = "0", paramLabel = "S",
            description = "Noise: SNR = var(signal) / var(noise) of the tilt series; 0 for none, the paper's in-silico setting "
                    + "(default: ${DEFAULT-VALUE}).")
    double snr;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the phantom and the noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--size", hidden = true, paramLabel = "X,Y,Z", converter = Size3.Converter.class, description = "Volume size (tests).")
    Size3 size;

    @Option(names = "--cn-iterations", hidden = true, paramLabel = "FIRST,OTHER", split = ",", description = "CN steps (tests).")
    int[] cnIterations;

    @Option(names = "--sirt-iterations", hidden = true, paramLabel = "N", description = "SIRT iterations (tests).")
    Integer sirtIterations;

    @Override
    void execute() throws Exception {
        Ui ui = ui();
        long t0 = System.nanoTime();
        java.time.Instant start = java.time.Instant.now();
        Size3 sz = size != null ? size : quick ? QUICK_SIZE : DEFAULT_SIZE;
        if (sz.x() < 8 || sz.y() < 8 || sz.z() < 8) throw new CliError("--size " + sz + ": the demo needs at least 8 voxels along each axis");
        if (!(snr >= 0 && Double.isFinite(snr))) throw new CliError("--snr must be >= 0 (0: no noise), got " + snr);
        if (cnIterations != null && (cnIterations.length != 2 || cnIterations[0] < 1 || cnIterations[1] < 1))
            throw new CliError("--cn-iterations needs two positive numbers FIRST,OTHER");
        if (sirtIterations != null && sirtIterations < 1) throw new CliError("--sirt-iterations must be >= 1, got " + sirtIterations);
        paths().outDir("--out", out, rel -> true).check();
        Device device = DeviceChoice.resolve(root().device, ui);
        TiltGeometry geometry = TiltGeometry.range(-60, 60, 2, TiltAxis.Y);
        ui.log("demo: %s phantom %s (x,y,z), %d views -60..60 step 2, %s, %d CPU thread%s; outputs in %s", kind.label(), sz, geometry.views(),
                snr > 0 ? "SNR " + Reconstruction.fmt(snr) : "no noise", Threads.count(), Threads.count() == 1 ? "" : "s", Ui.show(out));

        Tensor truth = Phantoms.make(kind, new Rng(seed), sz.x(), sz.y(), sz.z());
        Path phantom = out.resolve("phantom.mrc"), tiltsMrc = out.resolve("tilts.mrc"), tlt = out.resolve("tilts.tlt");
        Outputs.mrc(phantom, truth, 0, false, List.of("cryograd demo: " + kind.label() + " phantom, seed " + seed));
        Projector p = new Projector(geometry, sz.x(), sz.z());
        Tensor tilts = TiltSimulation.project(p, truth);
        if (snr > 0) tilts = TiltSimulation.addNoise(tilts, snr, new Rng(seed + 1));
        Outputs.mrc(tiltsMrc, tilts, 0, true, List.of(SimulateCommand.THICKNESS_LABEL + sz.z(),
                "cryograd demo: " + (snr > 0 ? "SNR " + Reconstruction.fmt(snr) : "no noise") + ", seed " + seed));
        TiltAngles.write(tlt, geometry.anglesDeg());

        EvaluationHarness h = new EvaluationHarness(truth, 0, geometry, kind.label());
        // every method runs even if one fails; the files of the others are written, then the first failure is raised
        BenchmarkHarness bench = new BenchmarkHarness("demo", seed, EvaluationHarness.METRICS);
        // the three reconstructions go through the embedding API, as `cryograd reconstruct` does
        TiltSeries series = new TiltSeries(new VolumeData(tilts.toArray(), sz.x(), sz.y(), geometry.views(), 0), geometry.anglesDeg(), sz.z());
        Reconstruct.Options base = Reconstruct.Options.defaults().withPreset(quick ? "quick" : "demo").withThickness(sz.z())
                .withDevice(device.toString());
        List<Path> recs = new ArrayList<>();
        for (Method m : Method.DEMO)
            bench.run(m.label(), kind.label(), () -> {
                Reconstruct.Options o = base.withMethod(Reconstruct.Method.valueOf(m.name()));
                if (m == Method.SIRT && sirtIterations != null) o = o.withIterations(sirtIterations, 0);
                if (m == Method.CN && cnIterations != null) o = o.withIterations(cnIterations[0], cnIterations[1]);
                Reconstruction.Settings s = new Reconstruction.Settings(WbpOptions.defaults(), o.sirtOptions(), o.cnConfig(), null);
                int chunks = new CoordNetReconstructor(s.cn()).chunkCount(sz.y());
                Reconstruction.announce(ui, m, s, geometry.views(), sz.x(), sz.y(), sz.z(), chunks);
                ProgressDisplay display = new ProgressDisplay(ui, m == Method.CN ? new CnProgressReporter(ui, "cn", s.cn(), chunks, sz.y()) : null);
                Reconstruct.Result r;
                try {
                    r = Reconstruct.run(series, o, display, Cancellation.NONE);
                } catch (IllegalStateException e) {
                    if (String.valueOf(e.getMessage()).startsWith(m.label() + ": the reconstruction has "))
                        throw new CliError(e.getMessage() + "; nothing written", e);
                    throw e;
                }
                display.finish("sirt", "iterations");
                ui.log("%s: done in %s", m.label(), Ui.duration(r.seconds()));
                VolumeData v = r.volume();
                Tensor vol = Tensor.of(v.data(), v.nz(), v.ny(), v.nx());
                Path f = out.resolve("rec_" + m.label() + ".mrc");
                Outputs.mrc(f, vol, 0, false, List.of("cryograd demo: " + m.label() + " reconstruction"));
                recs.add(f);
                return h.outcome(m.label(), vol, r.seconds());
            });
        if (h.results().isEmpty()) bench.rethrowFirstFailure();
        ui.log("scoring and writing curves and pictures");
        List<Path> files = h.writeAll(out);
        bench.table().write(out.resolve(ResultsTable.FILE));
        RunRecords.write(spec, out, start, t0);
        bench.rethrowFirstFailure();
        double total = (System.nanoTime() - t0) / 1e9;
        summary(ui, sz, geometry, device, total, h, phantom, tiltsMrc, tlt, recs, files);
    }

    private void summary(Ui ui, Size3 sz, TiltGeometry g, Device device, double total, EvaluationHarness h, Path phantom, Path tiltsMrc,
            Path tlt, List<Path> recs, List<Path> files) {
        var o = ui.out;
        o.println();
        o.printf(Locale.ROOT, "cryograd demo: %s phantom %s, %d views (-60..60, step 2), %s, on %s: %s in all%n", kind.label(), sz, g.views(),
                snr > 0 ? "SNR " + Reconstruction.fmt(snr) : "no noise", device, Ui.duration(total));
        o.println();
        o.print(h.formatTable());
        o.println();
        o.println("outputs in " + Ui.show(out) + "/");
        row(o, "phantom.mrc", "the truth");
        row(o, names(List.of(tiltsMrc, tlt)), "the simulated tilt series and its angles");
        row(o, names(recs), "the reconstructions");
        row(o, "metrics.csv", "PSNR, SSIM, VIF and seconds per method (the table above)");
        row(o, "results_long.csv  run.txt", "every score and timing, one per line; the command, commit, machine, wall time");
        row(o, "fsc.csv  fsc.png", "FSC of each reconstruction against the truth");
        row(o, "fsc_directional.csv", "FSC over the present / missing Fourier regions of this tilt scheme");
        row(o, "fsc_present.png  fsc_missing.png", "plots of those");
        row(o, "slices.png", "orthogonal slices: truth | " + String.join(" | ", h.results().stream().map(MethodResult::method).toList()));
        row(o, "slices_<name>.png", "the same, one picture each (truth, wbp, sirt, cn)");
        o.flush();
        assert files.contains(out.resolve("metrics.csv")) && phantom.getFileName().toString().equals("phantom.mrc");
    }

    private static String names(List<Path> ps) {
        return String.join("  ", ps.stream().map(p -> p.getFileName().toString()).toList());
    }

    private static void row(java.io.PrintWriter o, String what, String why) {
        if (what.length() > 34) {
            o.printf(Locale.ROOT, "  %s%n  %-34s %s%n", what, "", why);
        } else {
            o.printf(Locale.ROOT, "  %-34s %s%n", what, why);
        }
    }
}
