package org.cryograd.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.cryograd.coordnet.bench.CnBenchmark;
import org.cryograd.coordnet.bench.CnBenchmarkOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code benchmark cn}: the reconstruction benchmark on physically simulated tilt series. */
@Command(name = "cn", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Coordinate network against WBP, SIRT (iterations chosen on a validation tomogram, or by held-out views) and direct "
                + "Fourier inversion, on tilt series simulated from density templates (CTF, shot noise, MTF, damage).",
            "Settings are chosen on one validation tomogram and scored on held-out test tomograms. Writes DIR/results_long.csv "
                    + "(benchmark,method,data,seed,metric,value), summary.csv (mean, sd over the tests), validation.csv, choices.txt."})
final class CnBenchmarkCommand extends BaseCommand {
    @Option(names = "--quick", description = "64x48x32 voxels, 3 test tomograms, small networks; otherwise 96x96x48 and 7 test tomograms.")
    boolean quick;

    @Option(names = "--no-ctf-correct", description = "Do not phase-flip the views (only invert their contrast).")
    boolean noCtf;

    @Option(names = "--voxel-size", paramLabel = "A",
            description = "Voxel (and detector pixel) size in Å (default: the preset's, 10); the templates are resampled to it, the box keeps its "
                    + "voxel counts. At 10 Å and 3 µm underfocus the CTF's first zero lies near Nyquist; 5 Å puts several zeros in the band.")
    Double voxelSize;

    @Option(names = "--templates", defaultValue = "../shared/templates", paramLabel = "DIR",
            description = "Directory of density templates NAME.mrc (default: ${DEFAULT-VALUE}).")
    Path templates;

    @Option(names = "--seeds", split = ",", paramLabel = "S,...", description = "Test tomogram seeds (default: the preset's; the validation seed is 100).")
    List<Long> seeds;

    @Option(names = "--out", defaultValue = "cryograd-benchmark-cn", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    boolean usesDevice() {
        return false;
    }

    @Override
    void execute() throws Exception {
        Ui ui = ui();
        CnBenchmarkOptions o = quick ? CnBenchmarkOptions.quick(templates) : CnBenchmarkOptions.standard(templates);
        if (noCtf) o = o.withCtfCorrect(false);
        if (voxelSize != null) {
            if (!(voxelSize > 0) || voxelSize.isInfinite()) throw new CliError("--voxel-size must be a positive number of Å, got " + voxelSize);
            o = o.withBox(o.nx(), o.ny(), o.nz(), voxelSize, o.particles());
        }
        if (seeds != null) {
            long[] s = seeds.stream().mapToLong(Long::longValue).toArray();
            for (long v : s) if (v == o.validationSeed()) throw new CliError("--seeds: " + v + " is the validation seed; choose others");
            o = o.withSeeds(o.validationSeed(), s);
        }
        paths().outDir("--out", out, rel -> true).check();
        ui.log("benchmark cn: %s preset, %s Å voxels%s; output in %s", quick ? "quick" : "standard", Reconstruction.plain(o.voxelSize()), noCtf ? ", no CTF correction" : "",
                Ui.show(out));
        long t0 = System.nanoTime();
        java.time.Instant start = java.time.Instant.now();
        try {
            CnBenchmark.run(o, out, line -> ui.log("%s", line));
        } catch (Exception e) {
            RunRecords.afterFailure(spec, out, start, t0, e);
            throw e;
        }
        RunRecords.write(spec, out, start, t0);
        ui.out.printf(Locale.ROOT, "%nwrote %s (and summary.csv, validation.csv, choices.txt, run.txt) in %s%n", Ui.show(out.resolve("results_long.csv")),
                Ui.duration((System.nanoTime() - t0) / 1e9));
        ui.out.print(java.nio.file.Files.readString(out.resolve("summary.csv")));
    }
}
