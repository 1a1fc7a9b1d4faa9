package org.cryograd.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cryograd.api.VolumeData;
import org.cryograd.em.pick.CoordinateConvention;
import org.cryograd.em.pick.DogPicker;
import org.cryograd.em.pick.ParticleCoordinates;
import org.cryograd.em.pick.Pick;
import org.cryograd.em.pick.TomogramFrame;
import org.cryograd.io.FileFormatException;
import org.cryograd.io.MrcFile;
import org.cryograd.io.StarFile;
import org.cryograd.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cryograd pick}: difference-of-Gaussians particle picking, written as RELION STAR, scored against a truth list. */
@Command(name = "pick", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pick particles in a tomogram by difference of Gaussians (sigma1, sigma2 = k sigma1), greedy non-maximum suppression "
                + "and the top N responses; writes RELION STAR (--coords: voxel = _rlnCoordinateX/Y/Z in voxels, 0-based; angstrom = the same "
                + "times the voxel size, declared as 1 A pixels; relion5 = _rlnTomoName and _rlnCenteredCoordinateX/Y/ZAngst, A from the "
                + "centre, voxel i at (i - n/2) * voxel size).",
            "With --truth (RELION 3, 4 or 5 coordinates; pixel sizes from the file, the MRC header or the options), prints precision, "
                + "recall and F1 of the picks matched one-to-one within --match voxels, both lists compared in A."})
final class PickCommand extends BaseCommand {
    @Override
    boolean usesDevice() {
        return false;
    }

    @Option(names = "--in", required = true, paramLabel = "TOMO.mrc", description = "Tomogram.")
    Path in;

    @Option(names = "--sigma", required = true, paramLabel = "S", description = "sigma1 in voxels (about particle radius / sqrt(3)).")
    double sigma;

    @Option(names = "--k", defaultValue = "1.1", description = "sigma2 / sigma1 (default: ${DEFAULT-VALUE}, as the DUAL paper).")
    double k;

    @Option(names = "--top", defaultValue = "500", paramLabel = "N", description = "Number of picks (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--nms", paramLabel = "D", description = "Minimum distance between picks in voxels (default: sqrt(3) sigma, about a radius).")
    Double nms;

    @Option(names = "--polarity", defaultValue = "dark", paramLabel = "dark|bright",
            description = "Particle contrast: dark (raw cryo-ET) or bright (density maps, DUAL-denoised output). Default: ${DEFAULT-VALUE}.")
    String polarity;

    @Option(names = "--border", paramLabel = "B",
            description = "Skip picks closer than B voxels to a face (default: sqrt(3) sigma rounded down, about a radius: a particle centred nearer "
                    + "sticks out of the tomogram, and DoG over mirrored borders peaks on the faces themselves).")
    Integer border;

    @Option(names = "--out", required = true, paramLabel = "PICKS.star", description = "Output STAR file.")
    Path out;

    @Option(names = "--coords", defaultValue = "voxel", paramLabel = "voxel|angstrom|relion5",
            description = "Coordinate convention of --out (default: ${DEFAULT-VALUE}).")
    String coords;

    @Option(names = "--tomo-name", paramLabel = "NAME",
            description = "Tomogram name: _rlnTomoName written with --coords relion5 (default: --in's file name without extension), "
                    + "and the tomogram kept from a --truth file that holds several.")
    String tomoName;

    @Option(names = "--pixel-size", paramLabel = "A", description = "Voxel size of --in in A (default: from its MRC header).")
    Double pixelSize;

    @Option(names = "--truth", paramLabel = "TRUTH.star",
            description = "True particle coordinates to score against: RELION 3/4 _rlnCoordinateX/Y/Z (pixels of the file's pixel size; "
                    + "voxels of --in when it declares none) or RELION 5 _rlnCenteredCoordinateX/Y/ZAngst; origin shifts subtracted.")
    Path truth;

    @Option(names = "--truth-pixel-size", paramLabel = "A",
            description = "Pixel size in A of --truth's _rlnCoordinateX/Y/Z, overriding the file's.")
    Double truthPixelSize;

    @Option(names = "--match", paramLabel = "D", description = "Match distance in voxels for --truth (default: sigma, the paper's 8 nm for sigma 8).")
    Double match;

    @Override
    void execute() throws Exception {
        Ui ui = ui();
        if (!(sigma > 0) || Double.isInfinite(sigma)) throw new CliError("--sigma must be a positive number of voxels, got " + sigma);
        if (!(k > 1) || Double.isInfinite(k)) throw new CliError("--k must be greater than 1, got " + k);
        if (top < 1) throw new CliError("--top must be at least 1, got " + top);
        int borderV = border != null ? border : (int) Math.floor(Math.sqrt(3) * sigma);
        if (borderV < 0) throw new CliError("--border must be >= 0, got " + borderV);
        double nmsD = nms != null ? nms : Math.sqrt(3) * sigma;
        if (!(nmsD >= 0)) throw new CliError("--nms must be >= 0, got " + nmsD);
        double matchD = match != null ? match : sigma;
        if (!(matchD > 0)) throw new CliError("--match must be positive, got " + matchD);
        DogPicker.Polarity pol = switch (polarity.toLowerCase(Locale.ROOT)) {
            case "dark" -> DogPicker.Polarity.DARK;
            case "bright" -> DogPicker.Polarity.BRIGHT;
            default -> throw new CliError("--polarity " + polarity + ": choose dark or bright");
        };
        CoordinateConvention conv;
        try {
            conv = CoordinateConvention.parse(coords);
        } catch (IllegalArgumentException e) {
            throw new CliError("--coords " + e.getMessage());
        }
        if (pixelSize != null && !(pixelSize > 0 && Double.isFinite(pixelSize))) throw new CliError("--pixel-size must be a positive number of A, got " + pixelSize);
        if (truthPixelSize != null && !(truthPixelSize > 0 && Double.isFinite(truthPixelSize)))
            throw new CliError("--truth-pixel-size must be a positive number of A, got " + truthPixelSize);
        if (tomoName != null && tomoName.isBlank()) throw new CliError("--tomo-name must not be empty");
        paths().in("--in", in).in("--truth", truth).out("--out", out).check();
        StarFile truthStar = truth == null ? null : readTruth();
        MrcFile f = Inputs.mrc(in, "--in");
        Tensor v = f.data();
        if (v.rank() != 3) throw new CliError("--in " + in + ": expected a 3-D volume, got shape " + v.shape());
        int nz = v.dim(0), ny = v.dim(1), nx = v.dim(2);
        TomogramFrame frame = new TomogramFrame(nx, ny, nz, pixelSize != null ? pixelSize : headerVoxelSize(f));
        List<Pick> truthPicks = truthStar == null ? null : truthPicks(truthStar, frame, ui);
        if (conv != CoordinateConvention.VOXEL && !frame.hasVoxelSize())
            throw new CliError("--coords " + coords + ": the voxel size of --in " + in + " is unknown (MRC header cell is 0); give --pixel-size");
        long t0 = System.nanoTime();
        VolumeData tomogram = new VolumeData(v.toArray(), nx, ny, nz, frame.hasVoxelSize() ? frame.voxelSize() : 0);
        org.cryograd.api.Pick.Result picks = org.cryograd.api.Pick.run(tomogram, new org.cryograd.api.Pick.Options(sigma, k, top, nmsD, pol.name(), borderV));
        String name = tomoName != null ? tomoName : defaultTomoName(in);
        picks.writeStar(out, conv.name(), name);
        ui.out.printf(Locale.ROOT, "wrote %s: %d picks (sigma %.3g, k %.3g, nms %.3g, %s particles; coordinates: %s) in %s%n", Ui.show(out),
                picks.particles().size(), sigma, k, nmsD, polarity, describe(conv, frame, name), Ui.duration((System.nanoTime() - t0) / 1e9));
        if (truthPicks != null) {
            List<org.cryograd.api.Pick.Particle> t = new ArrayList<>(truthPicks.size());
            for (Pick p : truthPicks) t.add(new org.cryograd.api.Pick.Particle(p.x(), p.y(), p.z(), p.score()));
            org.cryograd.api.Pick.Match m = picks.match(t, matchD);
            String inA = frame.hasVoxelSize() ? String.format(Locale.ROOT, " = %.4g A", matchD * frame.voxelSize()) : "";
            ui.out.printf(Locale.ROOT, "against %s (%d particles, match within %.3g voxels%s): precision %.3f, recall %.3f, F1 %.3f%n", Ui.show(truth),
                    truthPicks.size(), matchD, inA, m.precision(), m.recall(), m.f1());
        }
    }

    private static double headerVoxelSize(MrcFile f) {
        double vx = f.header().voxelSize()[0];
        return vx > 0 && Double.isFinite(vx) ? vx : 0;
    }

    /** {@code tomo.mrc} -> {@code tomo}; {@code tomo.rec.gz} -> {@code tomo}. */
    static String defaultTomoName(Path p) {
        String s = p.getFileName().toString();
        for (String ext : new String[] {".gz", ".bz2"}) if (s.endsWith(ext)) s = s.substring(0, s.length() - ext.length());
        return ParticleCoordinates.stem(s);
    }

    /** Shortest decimal form: 13.1, 125. */
    private static String num(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static String describe(CoordinateConvention c, TomogramFrame frame, String name) {
        return switch (c) {
            case VOXEL -> "voxels, 0-based";
            case ANGSTROM -> String.format(Locale.ROOT, "A from the first voxel at %s A/voxel", num(frame.voxelSize()));
            case RELION5 -> String.format(Locale.ROOT, "RELION 5 centred A at %s A/voxel, rlnTomoName %s", num(frame.voxelSize()), name);
        };
    }

    private StarFile readTruth() {
        Inputs.file(truth, "--truth");
        try {
            return StarFile.read(truth);
        } catch (FileFormatException | IllegalArgumentException e) {
            throw new CliError("--truth " + truth + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CliError("--truth " + truth + ": cannot read: " + e.getMessage(), e);
        }
    }

    private List<Pick> truthPicks(StarFile star, TomogramFrame frame, Ui ui) {
        ParticleCoordinates.Result r;
        try {
            r = ParticleCoordinates.fromStar(star, truth.toString(), frame, new ParticleCoordinates.Options(tomoName, truthPixelSize));
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new CliError(m.startsWith(truth.toString()) ? "--truth " + m : "--truth " + truth + ": " + m, e);
        }
        String units = r.convention().equals("relion5") ? "RELION 5 centred A"
                : Double.isNaN(r.pixelSize()) ? "voxels of --in (no pixel size in the file)"
                : "pixels of " + num(r.pixelSize()) + " A (" + r.pixelSizeFrom() + ")";
        ui.out.printf(Locale.ROOT, "truth %s: %d particles%s, %s, compared in voxels of %s%n", Ui.show(truth), r.picks().size(),
                r.tomoName() != null ? " of tomogram " + r.tomoName() : "", units, frame.hasVoxelSize() ? num(frame.voxelSize()) + " A" : "unknown size");
        return r.picks();
    }
}
