package org.cryograd.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.cryograd.coordnet.CnConfig;
import org.cryograd.coordnet.CoordNetReconstructor;
import org.cryograd.nn.train.Stage;
import org.cryograd.nn.train.StepReport;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.em.ctf.DoseWeighting;
import org.cryograd.em.ctf.Microscope;
import org.cryograd.em.ctf.TiltCtfCorrection;
import org.cryograd.em.geometry.Projector;
import org.cryograd.em.geometry.TiltSeriesGeometry;
import org.cryograd.em.recon.FourierInversion;
import org.cryograd.em.recon.Sirt;
import org.cryograd.em.recon.SirtOptions;
import org.cryograd.em.recon.Wbp;
import org.cryograd.em.recon.WbpOptions;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.NonFinite;
import org.cryograd.tensor.Tensor;

/**
 * A tomogram from a tilt series (tilt axis y): weighted back-projection, SIRT, or a coordinate network.
 *
 * <pre>{@code
 * TiltSeries ts = TiltSeries.read(Path.of("ts.mrc"), Path.of("ts.tlt"));
 * Reconstruct.Result r = Reconstruct.run(ts, Reconstruct.Options.defaults().withMethod(Reconstruct.Method.SIRT));
 * r.writeMrc(Path.of("rec.mrc"));
 * }</pre>
 *
 * <p>Thread-safe: the calls keep no state; concurrent calls share the CPU's worker threads. The same input and options
 * give the same volume, bit for bit, as {@code cryograd reconstruct} (on the same device).
 */
public final class Reconstruct {
    private Reconstruct() {}

    /** The reconstruction method. */
    public enum Method {
        /** Weighted (filtered) back-projection: fast, noisy, missing-wedge streaks. */
        WBP,
        /** Simultaneous iterative reconstruction technique: smoother, iterative. */
        SIRT,
        /** Coordinate network (SIREN) trained on the projections: slowest; fills the missing wedge on clean data. */
        CN,
        /** Direct Fourier inversion (central-section gridding): fastest, no parameters; a baseline. */
        DFI;

        /** The lower-case name, as the command line spells it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code wbp}, {@code sirt} or {@code cn} (any case). */
        public static Method parse(String s) {
            for (Method m : values()) if (m.label().equalsIgnoreCase(s == null ? "" : s.trim())) return m;
            throw new IllegalArgumentException("method '" + s + "': choose wbp, sirt or cn");
        }
    }

    /**
     * What to run. Start from {@link #defaults()} and change what you need with the {@code with} methods.
     *
     * @param method          the method (default {@link Method#CN}, as the command line)
     * @param thickness       volume thickness in voxels; 0 (default): the one the tilt series records, else half its width
     * @param filter          WBP filter: {@code ramp} (default), {@code shepp-logan}, {@code cosine} or {@code hann}
     * @param iterations      SIRT: iterations (0: 20); CN: optimizer steps of the middle chunk (0: the preset's)
     * @param chunkIterations CN: steps of every other chunk (0: the preset's, scaled with {@code iterations})
     * @param preset          CN settings: {@code demo} (default), {@code quick} or {@code paper}
     * @param seed            CN: seed of the network initialisation (default 0)
     * @param checkpoint      CN: checkpoint directory (a run with the same directory resumes), or null (default) for none
     * @param device          {@code auto} (default: a working GPU, else the CPU), {@code cpu}, {@code cuda} or {@code cuda:N}
     */
    public record Options(Method method, int thickness, String filter, int iterations, int chunkIterations, String preset, long seed, Path checkpoint,
            String device) {
        /**
         * Checks every value.
         *
         * @throws IllegalArgumentException naming the bad value and the choices
         */
        public Options {
            if (method == null) throw new IllegalArgumentException("method is null: choose wbp, sirt or cn");
            if (thickness < 0) throw new IllegalArgumentException("thickness must be at least 1 voxel (0: the default), got " + thickness);
            if (iterations < 0) throw new IllegalArgumentException("iterations must be at least 1 (0: the default), got " + iterations);
            if (chunkIterations < 0) throw new IllegalArgumentException("chunk iterations must be at least 1 (0: the default), got " + chunkIterations);
            if (filter == null || !WbpOptions.FILTERS.contains(filter.toLowerCase(Locale.ROOT)))
                throw new IllegalArgumentException("filter " + filter + ": choose one of " + String.join(", ", WbpOptions.FILTERS));
            filter = filter.toLowerCase(Locale.ROOT);
            preset = preset == null ? "" : preset.toLowerCase(Locale.ROOT);
            if (!List.of("demo", "quick", "paper").contains(preset)) throw new IllegalArgumentException("preset " + preset + ": choose demo, quick or paper");
            device = Devices.check(device);
        }

        /** The command line's defaults: CN, preset demo, seed 0, ramp filter, default thickness, no checkpoint, device auto. */
        public static Options defaults() {
            return new Options(Method.CN, 0, "ramp", 0, 0, "demo", 0, null, "auto");
        }

        /** A copy with another method. */
        public Options withMethod(Method m) {
            return new Options(m, thickness, filter, iterations, chunkIterations, preset, seed, checkpoint, device);
        }

        /** A copy with another thickness (0: the default). */
        public Options withThickness(int z) {
            return new Options(method, z, filter, iterations, chunkIterations, preset, seed, checkpoint, device);
        }

        /** A copy with another WBP filter. */
        public Options withFilter(String f) {
            return new Options(method, thickness, f, iterations, chunkIterations, preset, seed, checkpoint, device);
        }

        /** A copy with other iteration counts (0: the defaults). */
        public Options withIterations(int n, int chunkN) {
            return new Options(method, thickness, filter, n, chunkN, preset, seed, checkpoint, device);
        }

        /** A copy with another CN preset. */
        public Options withPreset(String p) {
            return new Options(method, thickness, filter, iterations, chunkIterations, p, seed, checkpoint, device);
        }

        /** A copy with another CN seed. */
        public Options withSeed(long s) {
            return new Options(method, thickness, filter, iterations, chunkIterations, preset, s, checkpoint, device);
        }

        /** A copy with a CN checkpoint directory (null: none). */
        public Options withCheckpoint(Path dir) {
            return new Options(method, thickness, filter, iterations, chunkIterations, preset, seed, dir, device);
        }

        /** A copy with another device. */
        public Options withDevice(String d) {
            return new Options(method, thickness, filter, iterations, chunkIterations, preset, seed, checkpoint, d);
        }

        /** The SIRT settings these options give (the iterations, else SIRT's defaults: 20 iterations). */
        public SirtOptions sirtOptions() {
            SirtOptions so = SirtOptions.defaults();
            return iterations > 0 ? so.withIterations(iterations) : so;
        }

        /**
         * The coordinate-network settings these options give (as {@code cryograd reconstruct}): the preset with the seed,
         * and the iterations when given (the other chunks' scaled with the middle chunk's unless given too).
         */
        public CnConfig cnConfig() {
            CnConfig c = switch (preset) {
                case "quick" -> CnConfig.quick();
                case "paper" -> CnConfig.paper();
                default -> CnConfig.demo();
            };
            c = c.withSeed(seed);
            if (iterations > 0 || chunkIterations > 0) {
                int first = iterations > 0 ? iterations : c.firstChunkIterations();
                int other = chunkIterations > 0 ? chunkIterations
                        : Math.max(1, (int) Math.round((double) first * c.chunkIterations() / c.firstChunkIterations()));
                c = c.withIterations(first, other);
            }
            return c;
        }
    }

    /**
     * Corrections applied to a recorded tilt series before it is reconstructed ({@link #prepare}): dose weighting (the
     * Grant &amp; Grigorieff exposure filter, {@code em.ctf.DoseWeighting}) and CTF phase flipping in strips along the
     * tilt axis for the defocus gradient (as IMOD's ctfphaseflip, {@code em.ctf.TiltCtfCorrection}). Start from
     * {@link #none()}.
     *
     * @param doseWeight        filter every view by the exposure it received before (needs each view's pre-exposure)
     * @param ctfCorrect        phase-flip every view with its defocus (needs each view's defocus)
     * @param defocusTolerance  largest defocus change within a strip in Å (default 2000, IMOD's 200 nm; 0: no gradient)
     * @param invertGradient    the defocus gradient the other way (IMOD's {@code -InvertTiltAngles})
     * @param voltageKv         acceleration voltage in kV (default 300)
     * @param csMm              spherical aberration in mm (default 2.7)
     * @param amplitudeContrast amplitude contrast (default 0.07)
     */
    public record Correction(boolean doseWeight, boolean ctfCorrect, double defocusTolerance, boolean invertGradient, double voltageKv, double csMm,
            double amplitudeContrast) {
        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException naming the bad value
         */
        public Correction {
            if (!(defocusTolerance >= 0 && Double.isFinite(defocusTolerance)))
                throw new IllegalArgumentException("defocus tolerance must be >= 0 Å, got " + defocusTolerance);
            microscope(voltageKv, csMm, amplitudeContrast);
        }

        /** No correction; when one is switched on: 2000 Å strips, 300 kV, Cs 2.7 mm, amplitude contrast 0.07. */
        public static Correction none() {
            return new Correction(false, false, TiltCtfCorrection.DEFAULT_TOLERANCE, false, 300, 2.7, 0.07);
        }

        /** A copy with dose weighting on or off. */
        public Correction withDoseWeighting(boolean on) {
            return new Correction(on, ctfCorrect, defocusTolerance, invertGradient, voltageKv, csMm, amplitudeContrast);
        }

        /** A copy with CTF phase flipping on or off, with the strip tolerance in Å and the gradient's direction. */
        public Correction withCtfCorrection(boolean on, double toleranceA, boolean invert) {
            return new Correction(doseWeight, on, toleranceA, invert, voltageKv, csMm, amplitudeContrast);
        }

        /** A copy with other microscope parameters. */
        public Correction withMicroscope(double kv, double cs, double ampContrast) {
            return new Correction(doseWeight, ctfCorrect, defocusTolerance, invertGradient, kv, cs, ampContrast);
        }

        /** Whether any correction is on. */
        public boolean any() {
            return doseWeight || ctfCorrect;
        }

        /** The microscope parameters as {@code em.ctf.Microscope}. */
        public Microscope microscope() {
            return microscope(voltageKv, csMm, amplitudeContrast);
        }

        private static Microscope microscope(double kv, double cs, double w) {
            try {
                return new Microscope(kv, cs, w);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(String.valueOf(e.getMessage()).replace("Microscope: ", ""), e);
            }
        }

        /**
         * Checks that the geometry has what the corrections need: a pixel size, and for every included view a defocus
         * ({@code ctfCorrect}) and the exposure before it ({@code doseWeight}).
         *
         * @throws IllegalArgumentException naming the first view that lacks a value (numbered from 1)
         */
        public void check(TiltSeriesGeometry g) {
            if (any() && !(g.pixelSize() > 0))
                throw new IllegalArgumentException((ctfCorrect ? "CTF correction" : "dose weighting") + " needs the pixel size; the geometry has none");
            if (ctfCorrect)
                for (int i : g.included())
                    if (g.view(i).defocus() == null) throw new IllegalArgumentException("CTF correction needs a defocus for every view; view " + (i + 1) + " has none");
            if (doseWeight)
                for (int i : g.included())
                    if (Double.isNaN(g.view(i).preExposure()))
                        throw new IllegalArgumentException("dose weighting needs the exposure before every view; view " + (i + 1) + " has none");
        }
    }

    /**
     * A recorded tilt series brought into the ideal frame of its geometry, once: excluded views dropped, the others
     * aligned (cubic interpolation; the series itself when the geometry is ideal), then dose-weighted and phase-flipped
     * as {@code correction} says. The result is reconstructed as aligned, with
     * {@code TiltSeriesGeometry.ideal(result.anglesDeg())} (or by {@link #run(TiltSeries, Options, ProgressListener,
     * Cancellation)}); it is what {@code cryograd reconstruct --aligned-out} writes.
     *
     * @param raw        the recorded stack, one section per view of {@code geometry}
     * @param geometry   its per-view geometry (e.g. from IMOD {@code .xf}/{@code .tlt}, AreTomo {@code .aln}, RELION 5 STAR,
     *                   {@code em.geometry.TiltSeriesMetadata})
     * @param correction what to correct; {@link Correction#none()} only aligns
     * @return the included views in the ideal frame, with their tilt angles; the pixel size is the geometry's (0 when
     *         unknown) and the thickness {@code raw}'s
     * @throws IllegalArgumentException if the counts differ or the geometry lacks what a correction needs
     */
    public static TiltSeries prepare(TiltSeries raw, TiltSeriesGeometry geometry, Correction correction) {
        VolumeData in = raw.views();
        checkViews(in, geometry);
        Correction c = correction == null ? Correction.none() : correction;
        c.check(geometry);
        double px = geometry.pixelSize();
        Projector p = new Projector(geometry, in.nx(), Math.max(1, raw.thickness() > 0 ? raw.thickness() : in.nx() / 2));
        Tensor aligned = p.toModelFrame(Mrc.tensor(in));
        if (c.doseWeight()) aligned = DoseWeighting.apply(aligned, geometry, px, c.voltageKv());
        if (c.ctfCorrect()) aligned = TiltCtfCorrection.phaseFlip(aligned, geometry, c.microscope(), px,
                new TiltCtfCorrection.Options(c.defocusTolerance(), c.invertGradient()));
        VolumeData out = Mrc.volume(aligned, px > 0 ? px : 0);
        aligned.close();
        return new TiltSeries(out, geometry.includedTilts(), raw.thickness());
    }

    private static void checkViews(VolumeData in, TiltSeriesGeometry geometry) {
        if (geometry == null) throw new IllegalArgumentException("the tilt-series geometry is null");
        if (geometry.size() != in.nz())
            throw new IllegalArgumentException("the geometry describes " + geometry.size() + " view" + (geometry.size() == 1 ? "" : "s") + " but the tilt series has "
                    + in.nz() + " (sections); they must match");
    }

    /**
     * A reconstruction and how it was made.
     *
     * @param volume          the tomogram {@code [thickness][ny][nx]}, voxel size = the tilt series' pixel size
     * @param method          the method
     * @param anglesDeg       the tilt angles used (tilt axis y)
     * @param thicknessSource where the thickness came from: {@code "given"}, {@code "recorded"} or {@code "half the width"}
     * @param seconds         wall time of the reconstruction itself
     * @param label           the MRC label {@code cryograd reconstruct} writes for this run
     */
    public record Result(VolumeData volume, Method method, double[] anglesDeg, String thicknessSource, double seconds, String label) {
        /** The volume's thickness in voxels. */
        public int thickness() {
            return volume.nz();
        }

        /** Writes the volume as a float32 MRC with this run's label, as {@code cryograd reconstruct --out} does. */
        public void writeMrc(Path path) throws IOException {
            volume.writeMrc(path, List.of(label));
        }
    }

    /** {@link #run(TiltSeries, Options, ProgressListener, Cancellation)} without progress or cancellation. */
    public static Result run(TiltSeries tilts, Options options) {
        return run(tilts, options, ProgressListener.NONE, Cancellation.NONE);
    }

    /**
     * Reconstructs a volume from a tilt series held in memory.
     *
     * @param tilts    the tilt series
     * @param options  what to run
     * @param progress receives progress (SIRT iterations, CN steps per chunk); may be {@link ProgressListener#NONE}
     * @param cancel   checked between iterations and steps; may be {@link Cancellation#NONE}
     * @throws IllegalArgumentException if the options do not fit the data (e.g. a thickness too large)
     * @throws CancelledException       if cancelled; a CN run with a checkpoint directory resumes from it
     * @throws IllegalStateException    if the method produced a NaN or infinite value
     */
    public static Result run(TiltSeries tilts, Options options, ProgressListener progress, Cancellation cancel) {
        return run(tilts, null, options, progress, cancel, "cryograd reconstruct --method " + options.method().label());
    }

    /**
     * Reconstructs a volume from a recorded tilt series with its per-view geometry: the projector aligns the raw views
     * (in-plane rotation, shifts, magnification, excluded views) as it reconstructs, so the stack needs no resampling.
     * The angles of {@code tilts} are not used; the result's angles are the included views' tilts. For dose weighting or
     * CTF correction, {@link #prepare} the series first and reconstruct the prepared series.
     *
     * @param tilts    the recorded stack, one section per view of {@code geometry} (its thickness is used as in
     *                 {@link #run(TiltSeries, Options, ProgressListener, Cancellation)})
     * @param geometry its per-view geometry
     * @throws IllegalArgumentException if the counts differ or the options do not fit the data
     * @see #run(TiltSeries, Options, ProgressListener, Cancellation)
     */
    public static Result run(TiltSeries tilts, TiltSeriesGeometry geometry, Options options, ProgressListener progress, Cancellation cancel) {
        checkViews(tilts.views(), geometry);
        return run(tilts, geometry, options, progress, cancel, "cryograd reconstruct --method " + options.method().label());
    }

    /**
     * Reads a tilt series (MRC stack + IMOD {@code .tlt} or SerialEM {@code .mdoc} angles) and reconstructs it, as {@code cryograd reconstruct --tilts
     * MRC --angles TLT} does; {@link Result#writeMrc} then writes the same file as its {@code --out}.
     *
     * @throws IOException if a file cannot be read
     * @see #run(TiltSeries, Options, ProgressListener, Cancellation)
     */
    public static Result run(Path tiltsMrc, Path anglesTlt, Options options, ProgressListener progress, Cancellation cancel) throws IOException {
        TiltSeries ts = TiltSeries.read(tiltsMrc, anglesTlt);
        return run(ts, null, options, progress, cancel, String.format(Locale.ROOT, "cryograd reconstruct --method %s from %s", options.method().label(),
                tiltsMrc.getFileName()));
    }

    private static Result run(TiltSeries ts, TiltSeriesGeometry geometry, Options o, ProgressListener progress, Cancellation cancel, String label) {
        ProgressListener pl = progress == null ? ProgressListener.NONE : progress;
        Cancellation cx = cancel == null ? Cancellation.NONE : cancel;
        cx.check("reconstruct");
        VolumeData in = ts.views();
        int views = in.nz(), ny = in.ny(), nx = in.nx();
        int nz = o.thickness() > 0 ? o.thickness() : ts.thickness() > 0 ? ts.thickness() : Math.max(1, nx / 2);
        String source = o.thickness() > 0 ? "given" : ts.thickness() > 0 ? "recorded" : "half the width";
        if ((long) nx * ny * nz > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("a volume of " + nx + "x" + ny + "x" + nz + " = " + (long) nx * ny * nz + " voxels is more than one volume can hold");
        Device device = Devices.resolve(o.device());
        Projector p = geometry == null ? new Projector(new TiltGeometry(ts.anglesDeg(), TiltAxis.Y), nx, nz) : new Projector(geometry, nx, nz);
        Tensor data = Mrc.tensor(in);
        Tensor t = device.equals(Device.cpu()) ? data : data.to(device);
        long start = System.nanoTime();
        Tensor v;
        switch (o.method()) {
            case WBP -> {
                pl.progress("wbp", 0, 1, "weighted back-projection, " + o.filter() + " filter");
                v = Wbp.reconstruct(p, t, WbpOptions.defaults().withFilter(o.filter()));
                pl.progress("wbp", 1, 1, "done");
            }
            case SIRT -> {
                SirtOptions so = o.sirtOptions();
                int n = so.iterations();
                pl.progress("sirt", 0, n, "");
                v = Sirt.reconstruct(p, t, so, it -> {
                    cx.check("reconstruct");
                    pl.progress("sirt", it, n, "iteration " + it + "/" + n);
                });
            }
            case CN -> {
                CnConfig c = o.cnConfig();
                CoordNetReconstructor r = new CoordNetReconstructor(c);
                v = r.reconstruct(p, t, o.checkpoint(), new CnListener(pl, cx));
            }
            case DFI -> {
                pl.progress("dfi", 0, 1, "direct Fourier inversion");
                v = FourierInversion.reconstruct(p, t);
                pl.progress("dfi", 1, 1, "done");
            }
            default -> throw new IllegalStateException("unknown method " + o.method());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Tensor cpu = v.device().equals(Device.cpu()) ? v : v.to(Device.cpu());
        NonFinite bad = NonFinite.of(cpu);
        if (bad.any()) throw new IllegalStateException(o.method().label() + ": the reconstruction has " + bad.summary() + " (first at flat index "
                + bad.firstIndex() + ")");
        VolumeData out = Mrc.volume(cpu, in.voxelSize());
        cx.check("reconstruct");
        return new Result(out, o.method(), geometry == null ? ts.anglesDeg() : geometry.includedTilts(), source, seconds, label);
    }

    /**
     * Coordinate-network progress to the listener (serialised: parallel chunks report from two threads) and
     * cancellation: a cancelled token stops the run at the next step through the training harness's cancel request.
     */
    private static final class CnListener implements TrainingListener {
        private final ProgressListener pl;
        private final Cancellation cancel;

        CnListener(ProgressListener pl, Cancellation cancel) {
            this.pl = pl;
            this.cancel = cancel;
        }

        @Override
        public synchronized void started(Stage stage) {
            cancel.check("reconstruct");
            pl.progress(stage(stage), 0, stage.totalSteps(), "training");
        }

        @Override
        public synchronized void step(Stage stage, StepReport step) {
            cancel.check("reconstruct");
            pl.progress(stage(stage), step.step(), stage.totalSteps(),
                    String.format(Locale.ROOT, "step %d, loss %.5f", step.step(), step.losses().get("total")));
        }

        @Override
        public synchronized void finished(Stage stage) {
            pl.progress(stage(stage), stage.totalSteps(), stage.totalSteps(), "done");
        }

        @Override
        public synchronized void restored(Stage stage) {
            pl.progress(stage(stage), stage.totalSteps(), stage.totalSteps(), "restored from the checkpoint");
        }

        private static String stage(Stage stage) {
            return "cn chunk " + (stage.index() + 1) + "/" + stage.count();
        }
    }
}
