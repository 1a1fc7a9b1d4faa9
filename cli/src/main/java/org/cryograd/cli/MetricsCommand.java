package org.cryograd.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.cryograd.em.eval.FscFiles;
import org.cryograd.em.eval.QualityMetrics;
import org.cryograd.em.eval.QualityScores;
import org.cryograd.fft.Fsc;
import org.cryograd.fft.FscCurve;
import org.cryograd.io.MrcFile;
import org.cryograd.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cryograd metrics --ref a.mrc --test b.mrc}: PSNR, SSIM, VIF-P and FSC resolutions of a volume against a reference. */
@Command(name = "metrics", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score a volume against a reference: PSNR, SSIM, VIF-P and the FSC 0.5 / 0.143 resolutions.",
            "The test volume is first matched to the reference's mean and standard deviation; PSNR and SSIM use the reference's data "
                    + "range (max - min); VIF-P maps the reference to 0..255 and enlarges slices smaller than 81 px by pixel replication."})
final class MetricsCommand extends BaseCommand {
    @Override
    boolean usesDevice() {
        return false;
    }

    @Option(names = "--ref", required = true, paramLabel = "REF.mrc", description = "The reference (ground truth) volume.")
    Path ref;

    @Option(names = "--test", required = true, paramLabel = "TEST.mrc", description = "The volume to score (same size).")
    Path test;

    @Option(names = "--csv", description = "Print one CSV header and row instead of the table.")
    boolean csv;

    @Override
    void execute() {
        Ui ui = ui();
        MrcFile a = Inputs.mrc(ref, "--ref"), b = Inputs.mrc(test, "--test");
        Inputs.noteHeader(ui, "--ref", ref, a.header(), "the FSC");
        Inputs.noteHeader(ui, "--test", test, b.header(), null);
        Tensor r = a.data(), t = b.data();
        sameShape(ref, r, test, t);
        if (r.dim(0) < 7 || r.dim(1) < 7 || r.dim(2) < 7)
            throw new CliError(ref + " is " + size(r) + "; SSIM needs every side to be at least 7 voxels");
        QualityScores q;
        try {
            q = QualityMetrics.measure(r, t);
        } catch (IllegalArgumentException e) {
            throw new CliError(e.getMessage().replace("QualityMetrics.measure: ", "").replace("reference volume", ref.toString())
                    .replace("test value", test + " value").replace("reference value", ref + " value"), e);
        }
        double voxel = Inputs.voxelSize(a.header());
        String unit = voxel > 0 ? "Å" : "px";
        FscCurve fsc = Fsc.compute(r, t, voxel > 0 ? voxel : 1.0);
        if (csv) {
            ui.out.println("psnr,ssim,vif,fsc05_resolution,fsc0143_resolution,resolution_unit");
            ui.out.println(String.join(",", num(q.psnr()), num(q.ssim()), num(q.vif()), num(fsc.resolution05()), num(fsc.resolution0143()),
                    unit.equals("Å") ? "A" : "px"));
            return;
        }
        double range = range(r);
        ui.out.printf(Locale.ROOT, "reference      %s  (%s)%n", ref, size(r));
        ui.out.printf(Locale.ROOT, "test           %s%n", test);
        ui.out.printf(Locale.ROOT, "normalisation  test matched to the reference's mean and std; data range R = %.6g (reference max - min)%n", range);
        ui.out.printf(Locale.ROOT, "PSNR           %.3f dB%n", q.psnr());
        ui.out.printf(Locale.ROOT, "SSIM           %.4f  (7-voxel box window, as scikit-image's default, 3-D)%n", q.ssim());
        ui.out.printf(Locale.ROOT, "VIF-P          %.4f  (mean over z-slices%s)%n", q.vif(),
                q.vifEnlargement() > 1 ? ", slices enlarged " + q.vifEnlargement() + "x to reach 81 px" : "");
        ui.out.printf(Locale.ROOT, "FSC 0.5        %s%n", FscFiles.resolutionText(fsc, 0.5, unit));
        ui.out.printf(Locale.ROOT, "FSC 0.143      %s%n", FscFiles.resolutionText(fsc, 0.143, unit));
    }

    static void sameShape(Path pa, Tensor a, Path pb, Tensor b) {
        if (!Arrays.equals(a.dims(), b.dims())) throw new CliError(pa + " is " + size(a) + " but " + pb + " is " + size(b) + "; the sizes must match");
    }

    static String size(Tensor v) {
        int[] d = v.dims();
        return d[2] + "x" + d[1] + "x" + d[0] + " (x,y,z)";
    }

    static String num(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static double range(Tensor v) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float x : v.toArray()) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return (double) hi - lo;
    }
}
