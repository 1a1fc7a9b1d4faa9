package org.cryograd.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.cryograd.em.geometry.FourierRescale;
import org.cryograd.io.MrcFile;
import org.cryograd.io.MrcHeader;
import org.cryograd.io.MrcMode;
import org.cryograd.io.MrcWriter;
import org.cryograd.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cryograd rescale IN OUT --to-angstrom A}: Fourier cropping (binning) or padding to another voxel size. */
@Command(name = "rescale", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Resample a map, tomogram or image stack to another voxel size by Fourier cropping (a larger voxel: binning without "
                + "aliasing) or zero padding (a smaller voxel). The field of view is kept: each axis of n voxels of size v becomes "
                + "m = round(n v / A) voxels of size n v / m, which is written to the header.",
            "Image stacks (tilt series, particle stacks) are resampled in x and y only. Values keep their units (the mean is kept)."})
final class RescaleCommand extends BaseCommand {
    @Override
    boolean usesDevice() {
        return false;
    }

    @Parameters(index = "0", paramLabel = "IN.mrc", description = "Input map or stack.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT.mrc", description = "Output (float32).")
    Path out;

    @Option(names = "--to-angstrom", required = true, paramLabel = "Å", description = "Target voxel size.")
    double target;

    @Option(names = "--from-angstrom", paramLabel = "Å", description = "Voxel size of the input when its header has none (or to override it).")
    Double from;

    @Override
    void execute() throws Exception {
        Ui ui = ui();
        paths().in("IN", in).out("OUT", out).check();
        if (!(target > 0 && Double.isFinite(target))) throw new CliError("--to-angstrom must be a positive number of Å, got " + target);
        if (from != null && !(from > 0 && Double.isFinite(from))) throw new CliError("--from-angstrom must be a positive number of Å, got " + from);
        Result res = rescale(in, "IN", out, target, from);
        ui.out.printf(Locale.ROOT, "wrote %s (%dx%dx%d -> %dx%dx%d, voxel %s -> %s x %s x %s Å)%n", Ui.show(out), res.from()[0], res.from()[1],
                res.from()[2], res.to()[0], res.to()[1], res.to()[2], Reconstruction.plain(res.voxelBefore()), fmt3(res.voxel()[0]), fmt3(res.voxel()[1]),
                fmt3(res.voxel()[2]));
    }

    /**
     * What a rescale did.
     *
     * @param from        input sizes x, y, z
     * @param to          output sizes x, y, z
     * @param voxelBefore the input's x voxel size, Å
     * @param voxel       the output's voxel sizes x, y, z, Å
     */
    record Result(int[] from, int[] to, double voxelBefore, double[] voxel) {}

    /**
     * Rescales one MRC file to {@code target} Å and writes it (float32, header voxel size updated, origin and labels
     * kept); {@code from} overrides the header's voxel size.
     */
    static Result rescale(Path in, String option, Path out, double target, Double from) throws java.io.IOException {
        MrcFile f = Inputs.mrc(in, option);
        MrcHeader h = f.header();
        if (h.mode().isComplex()) throw new CliError(in + " holds complex data (mode " + h.mode().code() + "); rescale takes real maps");
        if (h.isVolumeStack()) throw new CliError(in + " is a volume stack (ispg " + h.ispg() + "); rescale one volume at a time");
        double[] v = h.voxelSize();
        if (from != null) v = new double[] {from, from, from};
        boolean stack = h.isImageStack();
        for (int a = 0; a < (stack ? 2 : 3); a++)
            if (!(v[a] > 0 && Double.isFinite(v[a])))
                throw new CliError(in + " has no voxel size in its header (" + "xyz".charAt(a) + ": " + v[a] + "); give --from-angstrom");
        int nx = h.nx(), ny = h.ny(), nz = h.nz();
        int mx = FourierRescale.newSize(nx, v[0], target), my = FourierRescale.newSize(ny, v[1], target);
        int mz = stack ? nz : FourierRescale.newSize(nz, v[2], target);
        Memory.require("rescaling a " + nx + "x" + ny + "x" + nz + " map", Memory.floats(4L * Math.max((long) nx * ny * nz, (long) mx * my * mz)),
                "the map, its spectrum and the result");
        Tensor data = f.data();
        Tensor r = stack ? FourierRescale.stack(data, my, mx) : FourierRescale.volume(data, mz, my, mx);
        double vx = v[0] * nx / mx, vy = v[1] * ny / my, vz = stack ? (v[2] > 0 ? v[2] : vx) : v[2] * nz / mz;
        MrcHeader.Builder b = MrcHeader.builder(mx, my, mz).mode(MrcMode.FLOAT32);
        if (stack) b.imageStack();
        else b.volume();
        b.voxelSize(vx, vy, vz);
        float[] o = h.origin();
        b.origin(o[0], o[1], o[2]);
        int kept = 0;
        for (String l : h.labels())
            if (!l.isBlank() && kept < 9) {
                b.addLabel(l);
                kept++;
            }
        b.addLabel(String.format(Locale.ROOT, "cryograd rescale %s to %s A", Reconstruction.plain(v[0]), Reconstruction.plain(target)));
        Outputs.prepare(out, null);
        MrcWriter.write(out, r, b.build());
        return new Result(new int[] {nx, ny, nz}, new int[] {mx, my, mz}, v[0], new double[] {vx, vy, vz});
    }

    private static String fmt3(double x) {
        return Reconstruction.plain(x);
    }
}
