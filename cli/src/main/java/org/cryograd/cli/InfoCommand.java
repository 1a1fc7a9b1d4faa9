package org.cryograd.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.cryograd.io.Compression;
import org.cryograd.io.MrcHeader;
import org.cryograd.io.NonFiniteVoxels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cryograd info FILE.mrc}: the header of an MRC file. */
@Command(name = "info", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the header of MRC files (also gzip/bzip2-compressed): size, mode, voxel size, origin, axis order, space group, "
                + "statistics, labels, and how many values are NaN or infinite.",
            "A file with such values is reported and then refused (exit 1), as every other command refuses it, unless --allow-nonfinite."})
final class InfoCommand extends BaseCommand {
    @Override
    boolean usesDevice() {
        return false;
    }

    @Parameters(arity = "1..*", paramLabel = "FILE.mrc", description = "MRC files (volumes, tilt series, image stacks).")
    List<Path> files;

    @Option(names = "--allow-nonfinite", description = "Report NaN/infinite values but exit 0.")
    boolean allowNonFinite;

    @Override
    void execute() {
        Ui ui = ui();
        boolean first = true;
        NonFiniteVoxels.Found bad = null;
        int badFiles = 0;
        for (Path f : files) {
            MrcHeader h = Inputs.mrcHeaderOnly(f, null);
            NonFiniteVoxels.Found nf = Inputs.nonFinite(f, null);
            if (!first) ui.out.println();
            first = false;
            ui.out.print(describe(f, h));
            ui.out.print(String.format(Locale.ROOT, "%-17s %s%n", "non-finite:", nf == null ? "none" : nf.detail()));
            if (nf != null && badFiles++ == 0) bad = nf;
        }
        // one error line after the report, so the user sees both what the file is and why commands refuse it
        if (bad != null && !allowNonFinite)
            throw new CliError(Inputs.nonFiniteMessage(null, bad) + (badFiles > 1 ? " (and " + (badFiles - 1) + " more of the files)" : "")
                    + "; --allow-nonfinite to only report it");
    }

    static String describe(Path f, MrcHeader h) {
        StringBuilder sb = new StringBuilder();
        double[] vs = h.voxelSize();
        float[] o = h.origin();
        long size;
        try {
            size = Files.size(f);
        } catch (java.io.IOException e) {
            size = -1;
        }
        String kind = h.isImageStack() ? "image stack / tilt series" : h.isVolumeStack() ? "volume stack (" + h.volumeCount() + " volumes)" : "volume";
        String packed = compression(f);
        line(sb, "file", f + (size >= 0 ? "  (" + size + " bytes" + (packed.isEmpty() ? "" : ", " + packed + "-compressed") + ")" : ""));
        line(sb, "dimensions", h.nx() + " x " + h.ny() + " x " + h.nz() + "  (nx, ny, nz; tensor [" + h.nz() + ", " + h.ny() + ", " + h.nx() + "])");
        line(sb, "mode", h.mode().code() + " (" + h.mode().name().toLowerCase(Locale.ROOT) + ", " + h.mode().bytesPerVoxel() + " bytes/voxel)");
        line(sb, "voxel size", vs[0] > 0 || vs[1] > 0 || vs[2] > 0 ? fmt("%.4f x %.4f x %.4f Å", vs[0], vs[1], vs[2]) : "unknown (0)");
        line(sb, "grid (mx,my,mz)", h.grid()[0] + " x " + h.grid()[1] + " x " + h.grid()[2]);
        line(sb, "origin", fmt("%.3f, %.3f, %.3f Å", o[0], o[1], o[2]));
        line(sb, "start", h.nstart()[0] + ", " + h.nstart()[1] + ", " + h.nstart()[2]);
        line(sb, "axis order", axisOrder(h));
        line(sb, "ispg", h.ispg() + "  (" + kind + ")");
        if (h.dmin() > h.dmax()) line(sb, "dmin/dmax", "undetermined");
        else line(sb, "dmin/dmax", fmt("%.6g / %.6g", h.dmin(), h.dmax()));
        line(sb, "dmean", fmt("%.6g", h.dmean()));
        line(sb, "rms", h.rms() < 0 ? "undetermined" : fmt("%.6g", h.rms()));
        line(sb, "extended header", h.nsymbt() + " bytes" + (h.nsymbt() > 0 && !h.exttyp().isBlank() ? " (" + h.exttyp().strip() + ")" : ""));
        line(sb, "byte order", h.byteOrder().toString().toLowerCase(Locale.ROOT).replace('_', '-') + ", version " + h.nversion());
        List<String> labels = h.labels();
        line(sb, "labels", Integer.toString(labels.size()));
        for (int i = 0; i < labels.size(); i++) sb.append(String.format(Locale.ROOT, "  %2d: %s%n", i, labels.get(i).stripTrailing()));
        return sb.toString();
    }

    /** The file's axis map and how the data are presented (the reader reorders single volumes to x, y, z). */
    static String axisOrder(MrcHeader h) {
        int[] m = h.fileAxisMap();
        String file = m[0] + ", " + m[1] + ", " + m[2] + " in the file (columns=" + axis(m[0]) + " rows=" + axis(m[1])
                + " sections=" + axis(m[2]) + ")";
        if (h.reordered()) return file + "; data reordered and presented x, y, z (tensor [z, y, x])";
        if (m[0] == 1 && m[1] == 2 && m[2] == 3) return file + "; data presented x, y, z (tensor [z, y, x])";
        return file + "; not applied (" + (h.isImageStack() || h.isVolumeStack() ? "a stack" : "not a permutation")
                + "): data presented in file order";
    }

    private static String axis(int a) {
        return a >= 1 && a <= 3 ? String.valueOf("xyz".charAt(a - 1)) : "?" + a;
    }

    /** "gzip"/"bzip2" for a compressed file, "" otherwise (the header was read, so detection cannot fail here). */
    private static String compression(Path f) {
        try {
            Compression c = Compression.detect(f);
            return c == Compression.NONE ? "" : c.label();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(String.format(Locale.ROOT, "%-17s %s%n", key + ":", value));
    }

    private static String fmt(String f, Object... a) {
        return String.format(Locale.ROOT, f, a);
    }
}
