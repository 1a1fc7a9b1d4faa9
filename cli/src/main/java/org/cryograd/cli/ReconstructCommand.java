package org.cryograd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cryograd.api.Cancellation;
import org.cryograd.api.Reconstruct;
import org.cryograd.api.TiltSeries;
import org.cryograd.api.VolumeData;
import org.cryograd.coordnet.CoordNetReconstructor;
import org.cryograd.em.geometry.TiltSeriesGeometry;
import org.cryograd.em.recon.WbpOptions;
import org.cryograd.io.MrcFile;
import org.cryograd.io.MrcHeader;
import org.cryograd.io.TiltAngles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cryograd reconstruct}: a tomogram from a tilt series by WBP, SIRT or a coordinate network. */
@Command(name = "reconstruct", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reconstruct a tomogram from a tilt series by weighted back-projection (wbp), SIRT (sirt) or a "
                + "coordinate network (cn).",
            "Without alignment options the series is taken as aligned (tilt axis y through the centre, no shifts). A raw stack is reconstructed "
                    + "with its alignment from --xf (IMOD), --aln (AreTomo) or --tilt-star (RELION 5); --mdoc adds tilts, dose, pixel size and "
                    + "nominal defocus; --defocus (CTFFIND output or IMOD .defocus) the measured defocus for --ctf-correct; --dose-weight filters "
                    + "each view by its prior exposure (Grant & Grigorieff 2015).",
            "cn writes a checkpoint as it goes (default OUT.ckpt/); running the same command again resumes from it. It is removed after "
                    + "a successful run unless --keep-checkpoint."})
final class ReconstructCommand extends BaseCommand {
    @Option(names = "--tilts", required = true, paramLabel = "TS.mrc", description = "Tilt series, one view per section.")
    Path tilts;

    @Option(names = "--angles", paramLabel = "TS.tlt", description = "Tilt angles, one per view (default: --tilts with .tlt).")
    Path angles;

    @Option(names = "--xf", paramLabel = "TS.xf", description = "IMOD alignment transforms (raw -> aligned), one line per view.")
    Path xf;

    @Option(names = "--mdoc", paramLabel = "TS.mdoc", description = "SerialEM mdoc: tilt angles, dose, pixel size, nominal defocus (its tilt axis "
            + "angle is reported, not applied).")
    Path mdoc;

    @Option(names = "--aln", paramLabel = "TS.aln", description = "AreTomo alignment: tilts, tilt axis, shifts; dark frames are excluded.")
    Path aln;

    @Option(names = "--tilt-star", paramLabel = "TS.star", description = "RELION 5 tilt-series STAR: tilts, alignment, defocus, pre-exposure "
            + "(rows in stack order).")
    Path tiltStar;

    @Option(names = "--defocus", paramLabel = "FILE", description = "Per-view defocus: CTFFIND4/5 output, or IMOD ctfplotter output (name ending "
            + "in .defocus).")
    Path defocus;

    @Option(names = "--ctf-correct", description = "Phase-flip every view with its defocus, in strips along the tilt axis for the defocus "
            + "gradient (as IMOD ctfphaseflip).")
    boolean ctfCorrect;

    @Option(names = "--defocus-tolerance", defaultValue = "2000", paramLabel = "Å",
            description = "--ctf-correct: largest defocus change within a strip (default: ${DEFAULT-VALUE} Å, IMOD's 200 nm; 0: no gradient).")
    double defocusTolerance;

    @Option(names = "--invert-gradient", description = "--ctf-correct: the defocus gradient the other way (IMOD's -InvertTiltAngles).")
    boolean invertGradient;

    @Option(names = "--voltage", paramLabel = "KV", description = "Acceleration voltage (default: from the CTFFIND output, else 300).")
    Double voltage;

    @Option(names = "--cs", paramLabel = "MM", description = "Spherical aberration (default: from the CTFFIND output, else 2.7).")
    Double cs;

    @Option(names = "--amplitude-contrast", paramLabel = "W", description = "Amplitude contrast (default: from the CTFFIND output, else 0.07).")
    Double amplitudeContrast;

    @Option(names = "--dose-weight", description = "Filter every view by the exposure it received before (from --mdoc or --tilt-star).")
    boolean doseWeight;

    @Option(names = "--exclude-views", paramLabel = "LIST", description = "Views to leave out, numbered from 1 as in IMOD (e.g. 1,2,40-41).")
    String excludeViews;

    @Option(names = "--pixel-size", paramLabel = "Å", description = "Pixel size of the tilt series (default: from the metadata, else the header).")
    Double pixelSize;

    @Option(names = "--aligned-out", paramLabel = "ALI.mrc", description = "Also write the stack as reconstructed (aligned, corrected, excluded "
            + "views dropped) and its .tlt next to it.")
    Path alignedOut;

    @Option(names = "--method", defaultValue = "cn", paramLabel = "wbp|sirt|cn|dfi",
            description = "Method (default: ${DEFAULT-VALUE}); dfi = direct Fourier inversion, a baseline.")
    Method method;

    @Option(names = "--thickness", paramLabel = "Z",
            description = "Volume thickness in voxels (default: recorded by 'cryograd simulate tilts', else half the width).")
    Integer thickness;

    @Option(names = "--iterations", paramLabel = "N",
            description = "sirt: iterations (default 20); cn: steps of the middle chunk (default from --preset).")
    Integer iterations;

    @Option(names = "--chunk-iterations", paramLabel = "M",
            description = "cn: steps of every other chunk (default: the preset's, scaled with --iterations).")
    Integer chunkIterations;

    @Option(names = "--preset", defaultValue = "demo", paramLabel = "demo|quick|paper",
            description = "cn settings: demo (SIREN 64 wide, 2 y-slices per network, 1000/300 steps), quick (400/100 steps), paper (the authors': 256 wide, "
                    + "2 y-slices per network, 2000/400 steps; slow on a CPU). Default: ${DEFAULT-VALUE}.")
    String preset;

    @Option(names = "--seed", defaultValue = "0", description = "cn: seed of the network initialisation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--filter", defaultValue = "ramp", paramLabel = "NAME", description = "wbp: ramp, shepp-logan, cosine or hann (default: ${DEFAULT-VALUE}).")
    String filter;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "cn: checkpoint directory (default: OUT.ckpt next to --out).")
    Path checkpoint;

    @Option(names = "--keep-checkpoint", description = "cn: keep the checkpoint directory after success.")
    boolean keepCheckpoint;

    @Option(names = "--out", required = true, paramLabel = "REC.mrc", description = "Output volume.")
    Path out;

    @Override
    void execute() throws Exception {
        Ui ui = ui();
        TiltSeriesInputs meta = new TiltSeriesInputs();
        meta.angles = angles;
        meta.defaultAngles = SimulateCommand.defaultAngles(tilts);
        meta.xf = xf;
        meta.mdoc = mdoc;
        meta.aln = aln;
        meta.tiltStar = tiltStar;
        meta.defocus = defocus;
        meta.excludeViews = excludeViews;
        meta.pixelSize = pixelSize;
        Path tlt = meta.anglesFile();
        Path alignedTlt = alignedOut == null ? null : SimulateCommand.defaultAngles(alignedOut);
        paths().in("--tilts", tilts).in(angles != null ? "--angles" : "--angles (default)", tlt).in("--xf", xf).in("--mdoc", mdoc).in("--aln", aln)
                .in("--tilt-star", tiltStar).in("--defocus", defocus).out("--out", out).out("--aligned-out", alignedOut)
                .out("--aligned-out (angles)", alignedTlt);
        if (method == Method.CN) paths().outDir("--checkpoint", checkpointDir(), n -> CHECKPOINT_FILE.matcher(n).matches());
        paths().check();
        if (pixelSize != null && !(pixelSize > 0 && Double.isFinite(pixelSize))) throw new CliError("--pixel-size must be a positive number of Å, got " + pixelSize);
        if (!(defocusTolerance >= 0 && Double.isFinite(defocusTolerance))) throw new CliError("--defocus-tolerance must be >= 0 Å, got " + defocusTolerance);
        MrcHeader th = Inputs.mrcHeaderOnly(tilts, "--tilts"); // sizes only: Inputs.mrc below reads and checks the data
        int views = th.nz(), ny = th.ny(), nx = th.nx();
        meta.headerPixel = Inputs.voxelSize(th);
        TiltSeriesGeometry geometry = meta.build(views, tilts);
        Reconstruct.Correction correction = correction(meta);
        boolean prepare = correction.any() || alignedOut != null;
        double px = geometry.pixelSize();
        try {
            correction.check(geometry);
        } catch (IllegalArgumentException e) {
            throw new CliError(correctionError(e.getMessage()), e);
        }
        if (thickness != null && thickness < 1) throw new CliError("--thickness must be at least 1 voxel, got " + thickness);
        int nz = thickness != null ? thickness : defaultThickness(th, nx);
        Reconstruct.Options o = options(nz);
        if ((long) nx * ny * nz > Size3.MAX_VOXELS)
            throw new CliError((thickness != null ? "--thickness " + nz + ": " : "") + "a volume of " + nx + "x" + ny + "x" + nz + " = "
                    + (long) nx * ny * nz + " voxels is more than one volume can hold (" + Size3.MAX_VOXELS + ")");
        // known before the series is read: refuse what cannot fit (sirt holds a second volume; an aligned copy of the series)
        boolean copy = prepare || !geometry.isIdeal();
        Memory.require(method.label() + " of a " + nx + "x" + ny + "x" + nz + " volume from " + views + " views",
                Memory.floats((long) nx * ny * views * (copy ? 2 : 1) + (long) nx * ny * nz * (method == Method.SIRT ? 2 : 1)),
                "the tilt series" + (copy ? " twice" : "") + " and the volume" + (method == Method.SIRT ? " twice" : ""));
        MrcFile ts = Inputs.mrc(tilts, "--tilts");
        Inputs.noteHeader(ui, "--tilts", tilts, ts.header(), null);
        double headerVoxel = Inputs.voxelSize(ts.header());
        TiltSeries series = new TiltSeries(Inputs.volume(ts), geometry.tilts(), nz);
        ts.data().close();
        if (thickness == null) logDefaultThickness(th, nz, ui);
        for (String n : meta.notes) ui.log("note: %s", n);
        if (meta.any()) ui.log("geometry: %s", TiltSeriesInputs.summary(geometry));
        TiltSeriesGeometry used = geometry;
        if (prepare) {
            // the series brought into the projector's frame once, corrected there, and reconstructed as aligned
            series = Reconstruct.prepare(series, geometry, correction);
            if (!geometry.isIdeal()) ui.log("aligned %d views (cubic interpolation)", geometry.included().length);
            if (doseWeight)
                ui.log("dose weighting: Grant & Grigorieff exposure filter, %s kV, exposures %s..%s e/Å²", Reconstruction.plain(correction.voltageKv()),
                        fmtDose(geometry, true), fmtDose(geometry, false));
            if (ctfCorrect)
                ui.log("ctf: phase flipped, %s kV, Cs %s mm, amplitude contrast %s, %s", Reconstruction.plain(correction.voltageKv()),
                        Reconstruction.plain(correction.csMm()), Reconstruction.plain(correction.amplitudeContrast()), defocusTolerance > 0
                                ? "strips within " + Reconstruction.plain(defocusTolerance) + " Å of defocus" + (invertGradient ? " (gradient inverted)" : "")
                                : "no defocus gradient");
            if (alignedOut != null) {
                Outputs.mrc(alignedOut, series.views(), true, List.of("cryograd reconstruct: aligned/corrected " + tilts.getFileName()));
                TiltAngles.write(alignedTlt, geometry.includedTilts());
                ui.log("wrote %s and %s", Ui.show(alignedOut), Ui.show(alignedTlt));
            }
            used = TiltSeriesGeometry.ideal(geometry.includedTilts());
        }
        if (method == Method.CN) {
            if (Files.exists(o.checkpoint()) && !Files.isDirectory(o.checkpoint()))
                throw new CliError("--checkpoint " + o.checkpoint() + ": exists and is not a directory");
            if (Files.isDirectory(o.checkpoint()) && !isEmpty(o.checkpoint())) ui.log("cn: resuming from the checkpoint in %s", Ui.show(o.checkpoint()));
        }
        o = o.withDevice(DeviceChoice.resolve(root().device, ui).toString());
        Reconstruction.Settings s = new Reconstruction.Settings(WbpOptions.defaults().withFilter(o.filter()), o.sirtOptions(), o.cnConfig(), o.checkpoint());
        int chunks = new CoordNetReconstructor(s.cn()).chunkCount(ny);
        Reconstruction.announce(ui, method, s, used.included().length, nx, ny, nz, chunks);
        ProgressDisplay display = new ProgressDisplay(ui, method == Method.CN ? new CnProgressReporter(ui, "cn", s.cn(), chunks, ny) : null);
        Reconstruct.Result r;
        try {
            r = Reconstruct.run(series, used, o, display, Cancellation.NONE);
        } catch (RuntimeException thrown) {
            // the API's NaN/Inf volume: nothing is written
            RuntimeException e = thrown instanceof IllegalStateException && String.valueOf(thrown.getMessage()).startsWith(method.label() + ": the reconstruction has ")
                    ? new CliError(thrown.getMessage() + "; nothing written", thrown) : thrown;
            if (method == Method.CN && Files.isDirectory(o.checkpoint()) && !isEmpty(o.checkpoint())) {
                // a failure that names the checkpoint directory is about the checkpoint itself: a re-run would meet it again
                if (String.valueOf(e.getMessage()).contains(o.checkpoint().toString()))
                    throw new CliError("--checkpoint " + o.checkpoint() + " cannot be used: " + Main.oneLine(e.getMessage())
                            + "; delete it (or give another --checkpoint) to start afresh", e);
                ui.log("cn: the checkpoint in %s is kept; run the same command again to resume", Ui.show(o.checkpoint()));
            }
            throw e;
        }
        display.finish("sirt", "iterations");
        ui.log("%s: done in %s", method.label(), Ui.duration(r.seconds()));
        VolumeData v = r.volume();
        double voxel = headerVoxel > 0 || Double.isNaN(px) ? headerVoxel : px;
        Outputs.mrc(out, new VolumeData(v.data(), v.nx(), v.ny(), v.nz(), voxel), false, List.of(String.format(Locale.ROOT,
                "cryograd reconstruct --method %s from %s", method.label(), tilts.getFileName())));
        if (method == Method.CN) {
            if (keepCheckpoint) ui.log("cn: checkpoint kept in %s", Ui.show(o.checkpoint()));
            else if (removeCheckpoint(o.checkpoint())) ui.debug("cn: removed the checkpoint %s", Ui.show(o.checkpoint()));
            else ui.log("cn: removed the checkpoint files; %s holds other files and is kept", Ui.show(o.checkpoint()));
        }
        ui.out.printf(Locale.ROOT, "wrote %s (%s, %dx%dx%d, %s)%n", Ui.show(out), method.label(), nx, ny, nz, Ui.duration(r.seconds()));
    }

    /** The API's message about a correction that lacks a value, in the command line's words with the options that give it. */
    private String correctionError(String m) {
        if (m.contains("needs the pixel size"))
            return (m.startsWith("CTF") ? "--ctf-correct" : "--dose-weight") + " needs the pixel size: the header of " + tilts
                    + " has none; give --pixel-size (or an --mdoc with PixelSpacing)";
        if (m.startsWith("CTF correction"))
            return "--ctf-correct" + m.substring("CTF correction".length()) + " (give --defocus, --tilt-star with rlnDefocusU/V, or --mdoc with TargetDefocus)";
        if (m.startsWith("dose weighting"))
            return "--dose-weight" + m.substring("dose weighting".length()) + " (give --mdoc with ExposureDose, or --tilt-star with rlnMicrographPreExposure)";
        return m;
    }

    /**
     * The corrections asked for, with voltage, Cs and amplitude contrast from the options, else the CTFFIND header, else
     * 300 kV, 2.7 mm, 0.07.
     */
    private Reconstruct.Correction correction(TiltSeriesInputs meta) {
        double kv = voltage != null ? voltage : meta.ctffind != null && meta.ctffind.voltage() > 0 ? meta.ctffind.voltage() : 300;
        double c = cs != null ? cs : meta.ctffind != null && meta.ctffind.sphericalAberration() >= 0 ? meta.ctffind.sphericalAberration() : 2.7;
        double w = amplitudeContrast != null ? amplitudeContrast
                : meta.ctffind != null && meta.ctffind.amplitudeContrast() >= 0 ? meta.ctffind.amplitudeContrast() : 0.07;
        try {
            return new Reconstruct.Correction(doseWeight, ctfCorrect, defocusTolerance, invertGradient, kv, c, w);
        } catch (IllegalArgumentException e) {
            throw new CliError("--voltage/--cs/--amplitude-contrast: " + e.getMessage(), e);
        }
    }

    private static String fmtDose(TiltSeriesGeometry g, boolean min) {
        double v = min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        for (int i : g.included()) v = min ? Math.min(v, g.view(i).preExposure()) : Math.max(v, g.view(i).preExposure());
        return Reconstruction.plain(v);
    }

    /** The API's options for this command (thickness {@code nz}); the CLI's one-line errors for bad values. */
    private Reconstruct.Options options(int nz) {
        if (!WbpOptions.FILTERS.contains(filter.toLowerCase(Locale.ROOT)))
            throw new CliError("--filter " + filter + ": choose one of " + String.join(", ", WbpOptions.FILTERS));
        if (iterations != null && iterations < 1) throw new CliError("--iterations must be at least 1, got " + iterations);
        if (chunkIterations != null && chunkIterations < 1) throw new CliError("--chunk-iterations must be at least 1, got " + chunkIterations);
        if (!List.of("demo", "quick", "paper").contains(preset.toLowerCase(Locale.ROOT))) throw new CliError("--preset " + preset + ": choose demo, quick or paper");
        // iterations count for the chosen method only (sirt: iterations; cn: the chunks' steps), as the API reads them
        int it = iterations == null || method == Method.WBP ? 0 : iterations;
        int chunkIt = chunkIterations == null || method != Method.CN ? 0 : chunkIterations;
        return Reconstruct.Options.defaults().withMethod(Reconstruct.Method.valueOf(method.name())).withFilter(filter).withIterations(it, chunkIt)
                .withPreset(preset).withSeed(seed).withThickness(nz).withCheckpoint(method == Method.CN ? checkpointDir() : null).withDevice("cpu");
    }

    private Path checkpointDir() {
        return checkpoint != null ? checkpoint : out.resolveSibling(out.getFileName() + ".ckpt");
    }

    /** The thickness when --thickness is not given, recorded by 'simulate tilts' in a label, else half the width. */
    private static int defaultThickness(MrcHeader h, int nx) {
        int recorded = TiltSeries.recordedThickness(h.labels());
        return recorded > 0 ? recorded : Math.max(1, nx / 2);
    }

    /** Says where the default thickness came from (after the data passed their checks, so an error stays one line). */
    private static void logDefaultThickness(MrcHeader h, int nz, Ui ui) {
        boolean recorded = TiltSeries.recordedThickness(h.labels()) > 0;
        ui.log(recorded ? "thickness: %d (recorded in the tilt series by 'cryograd simulate tilts'; --thickness to change)"
                : "thickness: %d (half the width; --thickness to change)", nz);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** The files a coordinate-network run writes into its checkpoint directory (CnCheckpoints), and their temporaries. */
    private static final Pattern CHECKPOINT_FILE = Pattern.compile("cn-run\\.txt|(chunk-\\d+|whole)(\\.partial)?\\.safetensors|\\..*\\.tmp");

    /**
     * Deletes the checkpoint files of a run and then the directory if nothing else is in it.
     *
     * @return whether the directory is gone
     */
    static boolean removeCheckpoint(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return true;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList())
                if (Files.isRegularFile(p) && CHECKPOINT_FILE.matcher(p.getFileName().toString()).matches()) Files.delete(p);
        }
        if (!isEmpty(dir)) return false;
        Files.delete(dir);
        return true;
    }
}
