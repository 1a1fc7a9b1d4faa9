package org.cryograd.em.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.cryograd.fft.FscCurve;
import org.cryograd.io.AtomicFiles;
import org.cryograd.io.LinePlot;

/**
 * FSC curves that share one set of shells, written as one CSV table and one PNG plot (both atomically).
 *
 * <p>CSV: {@code shell,frequency,resolution,<curve>...}, frequency in 1/unit and resolution {@code 1/frequency} in
 * the unit (Å or px), one row per shell {@code 0 .. Nyquist}; non-finite values are written {@code inf} / {@code nan}.
 */
public final class FscFiles {
    private FscFiles() {}

    /**
     * Writes the table.
     *
     * @param path      the CSV file (parent directories are created)
     * @param frequency shell frequencies
     * @param curves    column name to values per shell (same length), in column order
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if a curve's length differs or a name contains a comma or line break
     */
    public static void writeCsv(Path path, double[] frequency, Map<String, double[]> curves) throws IOException {
        StringBuilder sb = new StringBuilder("shell,frequency,resolution");
        for (Map.Entry<String, double[]> e : curves.entrySet()) {
            String name = e.getKey();
            if (name.contains(",") || name.contains("\n") || name.contains("\r"))
                throw new IllegalArgumentException("FscFiles.writeCsv: column name '" + name + "' contains a comma or line break");
            if (e.getValue().length != frequency.length)
                throw new IllegalArgumentException("FscFiles.writeCsv: curve '" + name + "' has " + e.getValue().length + " values for "
                        + frequency.length + " shells");
            sb.append(',').append(name);
        }
        sb.append('\n');
        for (int i = 0; i < frequency.length; i++) {
            sb.append(i).append(',').append(num(frequency[i])).append(',').append(num(1.0 / frequency[i]));
            for (double[] c : curves.values()) sb.append(',').append(num(c[i]));
            sb.append('\n');
        }
        write(path, sb.toString());
    }

    /**
     * Plots the curves against frequency with guides at 0.5 and 0.143.
     *
     * @param path      the PNG file (parent directories are created)
     * @param title     the plot title
     * @param unit      the length unit of the frequency axis ("Å" or "px")
     * @param frequency shell frequencies
     * @param curves    legend name to values per shell, in legend order
     * @throws IOException if the file cannot be written
     */
    public static void writePng(Path path, String title, String unit, double[] frequency, Map<String, double[]> curves) throws IOException {
        LinePlot plot = LinePlot.fsc(frequency, new LinkedHashMap<>(curves)).title(title).xLabel("spatial frequency (1/" + unit + ")");
        createParent(path);
        plot.write(path);
    }

    /**
     * A resolution for people: {@code "5.12 px"} where the curve crosses {@code threshold}; {@code "<=2.00 px"} (the
     * Nyquist resolution) when it never falls below it; {@code ">32.00 px"} (the first shell's resolution) when it is
     * already below it at shell 1; {@code "n/a"} when no shell is defined.
     *
     * @param curve     the FSC curve
     * @param threshold e.g. 0.5 or 0.143
     * @param unit      the length unit of the curve's voxel size ("Å" or "px")
     */
    public static String resolutionText(FscCurve curve, double threshold, String unit) {
        double r = curve.resolutionAt(threshold);
        if (!Double.isNaN(r)) return String.format(Locale.ROOT, "%.2f %s", r, unit);
        double[] f = curve.fsc(), freq = curve.frequency();
        int first = -1;
        for (int i = 1; i < f.length && first < 0; i++) if (!Double.isNaN(f[i])) first = i;
        if (first < 0) return "n/a";
        if (f[first] < threshold) return String.format(Locale.ROOT, ">%.2f %s", 1 / freq[first], unit);
        return String.format(Locale.ROOT, "<=%.2f %s", 1 / freq[freq.length - 1], unit);
    }

    /** Writes a text file atomically, creating parent directories. */
    static void write(Path path, String text) throws IOException {
        createParent(path);
        AtomicFiles.write(path, text.getBytes(StandardCharsets.UTF_8));
    }

    static void createParent(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
    }

    /** A number for CSV: up to 9 significant digits, {@code inf}/{@code -inf}/{@code nan} when not finite. */
    static String num(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return String.format(Locale.ROOT, "%.9g", v);
    }
}
