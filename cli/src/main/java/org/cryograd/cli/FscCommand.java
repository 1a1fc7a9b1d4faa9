package org.cryograd.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.cryograd.em.eval.FscFiles;
import org.cryograd.fft.DirectionalFsc;
import org.cryograd.fft.Fsc;
import org.cryograd.fft.FscCurve;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.io.MrcFile;
import org.cryograd.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cryograd fsc a.mrc b.mrc}: the Fourier shell correlation of two volumes, optionally split by tilt geometry. */
@Command(name = "fsc", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fourier shell correlation of two volumes, with the 0.5 and 0.143 resolutions; as CSV and a plot.",
            "With --angles and --directional also the FSC over the present and the missing Fourier regions of that tilt series."})
final class FscCommand extends BaseCommand {
    @Override
    boolean usesDevice() {
        return false;
    }

    @Parameters(index = "0", paramLabel = "A.mrc", description = "First volume.")
    Path a;

    @Parameters(index = "1", paramLabel = "B.mrc", description = "Second volume (same size).")
    Path b;

    @Option(names = "--out", paramLabel = "FSC.csv", description = "CSV file: shell, frequency, resolution, fsc[, present, missing].")
    Path out;

    @Option(names = "--png", paramLabel = "FSC.png", description = "Plot of the curves.")
    Path png;

    @Option(names = "--angles", paramLabel = "TS.tlt", description = "Tilt angles (tilt axis y) for the directional FSC.")
    Path angles;

    @Option(names = "--directional", description = "Also the FSC over the present / missing Fourier regions (needs --angles).")
    boolean directional;

    @Option(names = "--voxel-size", paramLabel = "Å", description = "Voxel size (default: from the first file's header; unknown: pixels).")
    Double voxelSize;

    @Override
    void execute() throws Exception {
        Ui ui = ui();
        if (directional && angles == null) throw new CliError("--directional needs --angles TS.tlt (the tilt angles that define the missing region)");
        if (angles != null && !directional) throw new CliError("--angles is only used with --directional; add --directional");
        if (voxelSize != null && !(voxelSize > 0 && Double.isFinite(voxelSize))) throw new CliError("--voxel-size must be a positive number of Å, got " + voxelSize);
        paths().in("the first volume", a).in("the second volume", b).in("--angles", angles).out("--out", out).out("--png", png).check();
        MrcFile fa = Inputs.mrc(a, null), fb = Inputs.mrc(b, null);
        Inputs.noteHeader(ui, null, a, fa.header(), voxelSize == null ? "the FSC" : null);
        Inputs.noteHeader(ui, null, b, fb.header(), null);
        double[] tilt = angles == null ? null : Inputs.angles(angles, "--angles");
        Tensor va = fa.data(), vb = fb.data();
        MetricsCommand.sameShape(a, va, b, vb);
        double voxel = voxelSize != null ? voxelSize : Inputs.voxelSize(fa.header());
        String unit = voxel > 0 ? "Å" : "px";
        double vs = voxel > 0 ? voxel : 1.0;
        FscCurve fsc = Fsc.compute(va, vb, vs);
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("fsc", fsc.fsc());
        DirectionalFsc d = null;
        if (tilt != null) {
            d = DirectionalFsc.compute(va, vb, vs, new TiltGeometry(tilt, TiltAxis.Y));
            curves.put("present", d.present().fsc());
            curves.put("missing", d.missing().fsc());
        }
        ui.out.printf(Locale.ROOT, "FSC of %s and %s (%s, %d shells, voxel %s)%n", a, b, MetricsCommand.size(va), fsc.shells(),
                voxel > 0 ? voxel + " Å" : "unknown: pixels");
        ui.out.printf(Locale.ROOT, "  FSC 0.5:   %s%n", FscFiles.resolutionText(fsc, 0.5, unit));
        ui.out.printf(Locale.ROOT, "  FSC 0.143: %s%n", FscFiles.resolutionText(fsc, 0.143, unit));
        if (d != null) {
            ui.out.printf(Locale.ROOT, "  present region: FSC 0.5 %s, 0.143 %s%n", FscFiles.resolutionText(d.present(), 0.5, unit),
                    FscFiles.resolutionText(d.present(), 0.143, unit));
            ui.out.printf(Locale.ROOT, "  missing region: FSC 0.5 %s, 0.143 %s%n", FscFiles.resolutionText(d.missing(), 0.5, unit),
                    FscFiles.resolutionText(d.missing(), 0.143, unit));
        }
        if (out != null) {
            FscFiles.writeCsv(out, fsc.frequency(), curves);
            ui.out.println("wrote " + Ui.show(out));
        }
        if (png != null) {
            FscFiles.writePng(png, "FSC of " + a.getFileName() + " and " + b.getFileName(), unit, fsc.frequency(), curves);
            ui.out.println("wrote " + Ui.show(png));
        }
    }
}
