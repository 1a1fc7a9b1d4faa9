package org.cryograd.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.cryograd.em.pick.DogPicker;
import org.cryograd.em.pick.Pick;
import org.cryograd.em.pick.PickMatching;
import org.cryograd.em.pick.PickStar;
import org.cryograd.io.FileFormatException;
import org.cryograd.io.MrcFile;
import org.cryograd.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cryograd pick}: difference-of-Gaussians particle picking, written as RELION STAR, scored against a truth list. */
@Command(name = "pick", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pick particles in a tomogram by difference of Gaussians (sigma1, sigma2 = k sigma1), greedy non-maximum suppression "
                + "and the top N responses; writes RELION STAR (_rlnCoordinateX/Y/Z in voxels, 0-based).",
            "With --truth, prints precision, recall and F1 of the picks matched one-to-one within --match voxels."})
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

    @Option(names = "--truth", paramLabel = "TRUTH.star", description = "True particle coordinates (STAR, voxels) to score against.")
    Path truth;

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
        paths().in("--in", in).in("--truth", truth).out("--out", out).check();
        List<Pick> truthPicks = truth == null ? null : readTruth();
        MrcFile f = Inputs.mrc(in, "--in");
        Tensor v = f.data();
        if (v.rank() != 3) throw new CliError("--in " + in + ": expected a 3-D volume, got shape " + v.shape());
        int nz = v.dim(0), ny = v.dim(1), nx = v.dim(2);
        long t0 = System.nanoTime();
        List<Pick> picks = new DogPicker(sigma, k, nmsD, top, pol, borderV).pick(v.toArray(), nz, ny, nx);
        PickStar.write(out, picks);
        ui.out.printf(Locale.ROOT, "wrote %s: %d picks (sigma %.3g, k %.3g, nms %.3g, %s particles) in %s%n", Ui.show(out), picks.size(), sigma, k,
                nmsD, polarity, Ui.duration((System.nanoTime() - t0) / 1e9));
        if (truthPicks != null) {
            PickMatching.Result m = PickMatching.match(picks, truthPicks, matchD);
            ui.out.printf(Locale.ROOT, "against %s (%d particles, match within %.3g voxels): precision %.3f, recall %.3f, F1 %.3f%n", Ui.show(truth),
                    truthPicks.size(), matchD, m.precision(), m.recall(), m.f1());
        }
    }

    private List<Pick> readTruth() {
        Inputs.file(truth, "--truth");
        try {
            return PickStar.read(truth);
        } catch (FileFormatException | IllegalArgumentException e) {
            throw new CliError("--truth " + truth + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CliError("--truth " + truth + ": cannot read: " + e.getMessage(), e);
        }
    }
}
