package org.cryograd.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.cryograd.api.Simulate;
import org.cryograd.api.TiltSeries;
import org.cryograd.api.VolumeData;
import org.cryograd.em.phantom.PhantomKind;
import org.cryograd.io.MrcHeader;
import org.cryograd.io.TiltAngles;
import org.cryograd.tensor.Device;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code cryograd simulate phantom|tilts|tomogram|particles|dual}: synthetic volumes, tilt series and particle images. */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Simulate a phantom volume, the tilt series of a volume, a physics-based cryo-ET tilt series or particle images of real macromolecules, or tomograms from a density map with a trained DUAL model.",
        subcommands = {SimulateCommand.Phantom.class, SimulateCommand.Tilts.class, SimulatorCommands.Tomogram.class, SimulatorCommands.Particles.class,
            DualCommands.Simulate.class, CommandLine.HelpCommand.class})
final class SimulateCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say what to simulate: 'phantom', 'tilts', 'tomogram', 'particles' or 'dual'");
    }

    /** The label that {@code reconstruct} reads the volume thickness from (the API's, {@link TiltSeries#THICKNESS_LABEL}). */
    static final String THICKNESS_LABEL = TiltSeries.THICKNESS_LABEL;

    /** Picocli converter for --kind with the list of choices in its message. */
    static final class KindConverter implements ITypeConverter<PhantomKind> {
        @Override
        public PhantomKind convert(String s) {
            try {
                return PhantomKind.parse(s);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code simulate phantom}. */
    @Command(name = "phantom", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Write a synthetic volume in [0, 1]: spheres (hollow spheres in a slab), shapes, particle, or shepp (Shepp-Logan).")
    static final class Phantom extends BaseCommand {
        @Override
        boolean usesDevice() {
            return false;
        }

        @Option(names = "--kind", paramLabel = "KIND", defaultValue = "spheres", converter = KindConverter.class,
                description = "spheres, shapes, particle or shepp (default: ${DEFAULT-VALUE}).")
        PhantomKind kind;

        @Option(names = "--size", required = true, paramLabel = "X,Y,Z", converter = Size3.Converter.class,
                description = "Volume size in voxels: width, height (tilt axis), thickness.")
        Size3 size;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--voxel-size", paramLabel = "Å", defaultValue = "0", description = "Voxel size written to the header (default 0: unknown).")
        double voxelSize;

        @Option(names = "--out", required = true, paramLabel = "VOL.mrc", description = "Output volume.")
        Path out;

        @Override
        void execute() throws Exception {
            Ui ui = ui();
            if (!(voxelSize >= 0 && Double.isFinite(voxelSize))) throw new CliError("--voxel-size must be >= 0 Å, got " + voxelSize);
            paths().out("--out", out).check();
            long n = (long) size.x() * size.y() * size.z();
            Memory.require("a " + size + " phantom", Memory.floats(4 * n), "the volume, its smoothing in double precision and the result");
            ui.log("phantom: %s, %s voxels, seed %d", kind.label(), size, seed);
            Simulate.Phantom p = Simulate.phantom(new Simulate.PhantomOptions(kind.label(), size.x(), size.y(), size.z(), seed, voxelSize));
            Outputs.mrc(out, p.volume(), false, List.of(p.label()));
            ui.out.println("wrote " + Ui.show(out) + " (" + kind.label() + ", " + size + ")");
        }
    }

    /** {@code simulate tilts}. */
    @Command(name = "tilts", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Project a volume into a single-axis tilt series (tilt axis y, parallel beam) with optional Gaussian noise.")
    static final class Tilts extends BaseCommand {
        @Option(names = "--volume", required = true, paramLabel = "VOL.mrc", description = "The volume to project.")
        Path volume;

        @Option(names = "--range", defaultValue = "-60,60", paramLabel = "MIN,MAX", converter = AngleRange.Converter.class,
                description = "Tilt range in degrees (default: ${DEFAULT-VALUE}).")
        AngleRange range;

        @Option(names = "--step", defaultValue = "2", paramLabel = "DEG", description = "Tilt increment in degrees (default: ${DEFAULT-VALUE}).")
        double step;

        @Option(names = "--snr", paramLabel = "S",
                description = "Add Gaussian noise with SNR = var(signal) / var(noise) over the whole series (default: no noise).")
        Double snr;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed of the noise (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", required = true, paramLabel = "TS.mrc", description = "Output tilt series (views as sections).")
        Path out;

        @Option(names = "--angles", paramLabel = "TS.tlt", description = "Output tilt angles (default: --out with .tlt).")
        Path angles;

        @Override
        void execute() throws Exception {
            Ui ui = ui();
            if (!(step > 0 && Double.isFinite(step))) throw new CliError("--step must be a positive number of degrees, got " + step);
            if (snr != null && !(snr > 0 && Double.isFinite(snr))) throw new CliError("--snr must be a positive number, got " + snr);
            Path tlt = angles != null ? angles : defaultAngles(out);
            paths().in("--volume", volume).out("--out", out).out("--angles", tlt).check();
            Simulate.TiltOptions o = new Simulate.TiltOptions(range.min(), range.max(), step, snr == null ? 0 : snr, seed, "cpu");
            double[] angles = o.anglesDeg();
            MrcHeader h = Inputs.mrcHeaderOnly(volume, "--volume"); // sizes only: Inputs.mrc below reads and checks the data
            Memory.require("projecting a " + h.nx() + "x" + h.ny() + "x" + h.nz() + " volume into " + angles.length + " views",
                    Memory.floats((long) h.nx() * h.ny() * h.nz() + (long) angles.length * h.ny() * h.nx()), "the volume and the tilt series");
            VolumeData v = Inputs.volume(Inputs.mrc(volume, "--volume"));
            int ny = v.ny(), nx = v.nx();
            Device device = DeviceChoice.resolve(root().device, ui);
            Simulate.Tilts t = Simulate.tiltSeries(v, o.withDevice(device.toString()));
            TiltSeries ts = t.series();
            Outputs.mrc(out, ts.views(), true, List.of(THICKNESS_LABEL + ts.thickness(), t.label()));
            TiltAngles.write(tlt, ts.anglesDeg());
            ui.out.printf(Locale.ROOT, "wrote %s (%d views of %dx%d, %s to %s degrees step %s, %s) and %s%n", Ui.show(out), ts.viewCount(), nx, ny,
                    Reconstruction.fmt(range.min()), Reconstruction.fmt(angles[angles.length - 1]), Reconstruction.fmt(step),
                    snr == null ? "no noise" : "SNR " + Reconstruction.fmt(snr), Ui.show(tlt));
        }
    }

    /** {@code x.mrc -> x.tlt} (any other name: name + ".tlt"). */
    static Path defaultAngles(Path mrc) {
        String n = mrc.getFileName().toString();
        String base = n.toLowerCase(Locale.ROOT).endsWith(".mrc") || n.toLowerCase(Locale.ROOT).endsWith(".st") ? n.substring(0, n.lastIndexOf('.')) : n;
        return mrc.resolveSibling(base + ".tlt");
    }
}
