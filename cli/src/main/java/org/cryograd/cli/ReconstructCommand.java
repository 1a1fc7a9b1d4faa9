package org.cryograd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cryograd.coordnet.CnConfig;
import org.cryograd.em.geometry.Projector;
import org.cryograd.em.recon.SirtOptions;
import org.cryograd.em.recon.WbpOptions;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.io.MrcFile;
import org.cryograd.io.MrcHeader;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cryograd reconstruct}: a tomogram from a tilt series by WBP, SIRT or a coordinate network. */
@Command(name = "reconstruct", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reconstruct a tomogram from a tilt series (tilt axis y) by weighted back-projection (wbp), SIRT (sirt) or a "
                + "coordinate network (cn).",
            "cn writes a checkpoint as it goes (default OUT.ckpt/); running the same command again resumes from it. It is removed after "
                    + "a successful run unless --keep-checkpoint."})
final class ReconstructCommand extends BaseCommand {
    private static final Pattern THICKNESS = Pattern.compile(Pattern.quote(SimulateCommand.THICKNESS_LABEL) + "(\\d+)");

    @Option(names = "--tilts", required = true, paramLabel = "TS.mrc", description = "Tilt series, one view per section.")
    Path tilts;

    @Option(names = "--angles", paramLabel = "TS.tlt", description = "Tilt angles, one per view (default: --tilts with .tlt).")
    Path angles;

    @Option(names = "--method", defaultValue = "cn", paramLabel = "wbp|sirt|cn", description = "Method (default: ${DEFAULT-VALUE}).")
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
        Path tlt = angles != null ? angles : SimulateCommand.defaultAngles(tilts);
        paths().in("--tilts", tilts).in(angles != null ? "--angles" : "--angles (default)", tlt).out("--out", out);
        if (method == Method.CN) paths().outDir("--checkpoint", checkpointDir(), n -> CHECKPOINT_FILE.matcher(n).matches());
        paths().check();
        MrcHeader th = Inputs.mrcHeaderOnly(tilts, "--tilts"); // sizes only: Inputs.mrc below reads and checks the data
        double[] a = Inputs.angles(tlt, angles != null ? "--angles" : "--angles (default)");
        int views = th.nz(), ny = th.ny(), nx = th.nx();
        Inputs.checkViews(a, tlt, views, tilts);
        Reconstruction.Settings s = settings();
        if (thickness != null && thickness < 1) throw new CliError("--thickness must be at least 1 voxel, got " + thickness);
        int nz = thickness != null ? thickness : defaultThickness(th, nx);
        if ((long) nx * ny * nz > Size3.MAX_VOXELS)
            throw new CliError((thickness != null ? "--thickness " + nz + ": " : "") + "a volume of " + nx + "x" + ny + "x" + nz + " = "
                    + (long) nx * ny * nz + " voxels is more than one volume can hold (" + Size3.MAX_VOXELS + ")");
        // known before the series is read: refuse what cannot fit (sirt holds a second volume)
        Memory.require(method.label() + " of a " + nx + "x" + ny + "x" + nz + " volume from " + views + " views",
                Memory.floats((long) nx * ny * views + (long) nx * ny * nz * (method == Method.SIRT ? 2 : 1)),
                "the tilt series and the volume" + (method == Method.SIRT ? " twice" : ""));
        MrcFile ts = Inputs.mrc(tilts, "--tilts");
        Tensor data = ts.data();
        if (thickness == null) logDefaultThickness(th, nz, ui);
        if (method == Method.CN) {
            if (Files.exists(s.checkpoint()) && !Files.isDirectory(s.checkpoint()))
                throw new CliError("--checkpoint " + s.checkpoint() + ": exists and is not a directory");
            if (Files.isDirectory(s.checkpoint()) && !isEmpty(s.checkpoint())) ui.log("cn: resuming from the checkpoint in %s", Ui.show(s.checkpoint()));
        }
        Device device = DeviceChoice.resolve(root().device, ui);
        Projector p = new Projector(new TiltGeometry(a, TiltAxis.Y), nx, nz);
        Reconstruction.Result r;
        try {
            r = Reconstruction.run(ui, method, p, data, device, s);
        } catch (RuntimeException e) {
            if (method == Method.CN && Files.isDirectory(s.checkpoint()) && !isEmpty(s.checkpoint())) {
                // a failure that names the checkpoint directory is about the checkpoint itself: a re-run would meet it again
                if (String.valueOf(e.getMessage()).contains(s.checkpoint().toString()))
                    throw new CliError("--checkpoint " + s.checkpoint() + " cannot be used: " + Main.oneLine(e.getMessage())
                            + "; delete it (or give another --checkpoint) to start afresh", e);
                ui.log("cn: the checkpoint in %s is kept; run the same command again to resume", Ui.show(s.checkpoint()));
            }
            throw e;
        }
        Outputs.mrc(out, r.volume(), Inputs.voxelSize(ts.header()), false, List.of(String.format(Locale.ROOT,
                "cryograd reconstruct --method %s from %s", method.label(), tilts.getFileName())));
        if (method == Method.CN) {
            if (keepCheckpoint) ui.log("cn: checkpoint kept in %s", Ui.show(s.checkpoint()));
            else if (removeCheckpoint(s.checkpoint())) ui.debug("cn: removed the checkpoint %s", Ui.show(s.checkpoint()));
            else ui.log("cn: removed the checkpoint files; %s holds other files and is kept", Ui.show(s.checkpoint()));
        }
        ui.out.printf(Locale.ROOT, "wrote %s (%s, %dx%dx%d, %s)%n", Ui.show(out), method.label(), nx, ny, nz, Ui.duration(r.seconds()));
    }

    private Reconstruction.Settings settings() {
        WbpOptions w;
        try {
            w = WbpOptions.defaults().withFilter(filter);
        } catch (IllegalArgumentException e) {
            throw new CliError("--filter " + filter + ": choose one of " + String.join(", ", WbpOptions.FILTERS));
        }
        if (iterations != null && iterations < (method == Method.SIRT ? 0 : 1))
            throw new CliError("--iterations must be at least " + (method == Method.SIRT ? 0 : 1) + ", got " + iterations);
        if (chunkIterations != null && chunkIterations < 1) throw new CliError("--chunk-iterations must be at least 1, got " + chunkIterations);
        SirtOptions so = SirtOptions.defaults();
        if (method == Method.SIRT && iterations != null) so = so.withIterations(iterations);
        CnConfig c = switch (preset.toLowerCase(Locale.ROOT)) {
            case "demo" -> CnConfig.demo();
            case "quick" -> CnConfig.quick();
            case "paper" -> CnConfig.paper();
            default -> throw new CliError("--preset " + preset + ": choose demo, quick or paper");
        };
        c = c.withSeed(seed);
        if (method == Method.CN && (iterations != null || chunkIterations != null)) {
            int first = iterations != null ? iterations : c.firstChunkIterations();
            int other = chunkIterations != null ? chunkIterations
                    : Math.max(1, (int) Math.round((double) first * c.chunkIterations() / c.firstChunkIterations()));
            c = c.withIterations(first, other);
        }
        return new Reconstruction.Settings(w, so, c, method == Method.CN ? checkpointDir() : null);
    }

    private Path checkpointDir() {
        return checkpoint != null ? checkpoint : out.resolveSibling(out.getFileName() + ".ckpt");
    }

    /** The thickness when --thickness is not given, recorded by 'simulate tilts' in a label, else half the width. */
    private static int defaultThickness(MrcHeader h, int nx) {
        for (String l : h.labels()) {
            Matcher m = THICKNESS.matcher(l);
            if (m.find()) return Integer.parseInt(m.group(1));
        }
        return Math.max(1, nx / 2);
    }

    /** Says where the default thickness came from (after the data passed their checks, so an error stays one line). */
    private static void logDefaultThickness(MrcHeader h, int nz, Ui ui) {
        boolean recorded = h.labels().stream().anyMatch(l -> THICKNESS.matcher(l).find());
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
