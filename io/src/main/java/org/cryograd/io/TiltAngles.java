package org.cryograd.io;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * IMOD tilt-angle files ({@code .tlt}, {@code .rawtlt}): one angle in degrees per line.
 *
 * <p>Reading tolerates blank lines, leading/trailing whitespace and Windows line ends; any other content is an
 * error naming the file and line ({@code "tilt.tlt:4: 'abc' is not a number"}). Non-finite angles and lines with
 * more than one number are rejected too. Writing puts one angle per line in the shortest decimal form that reads
 * back to the same {@code double} (so write-then-read is exact), without exponent notation.
 */
public final class TiltAngles {
    private TiltAngles() {}

    /**
     * Reads the angles in file order.
     *
     * @param path a .tlt or .rawtlt file
     * @return the angles in degrees
     * @throws FileFormatException naming the file and line of the first bad line, or if there are no angles
     * @throws IOException if the file cannot be read
     */
    public static double[] read(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        List<String> lines = TextFiles.read(path, "a tilt-angle file").lines().toList();
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (t.isEmpty()) continue;
            String[] parts = t.split("\\s+");
            if (parts.length > 1)
                throw new FileFormatException(path, null, i + 1, "'" + t + "' has " + parts.length + " values; expected one angle per line");
            double v;
            try {
                v = Double.parseDouble(parts[0]);
            } catch (NumberFormatException e) {
                throw new FileFormatException(path, null, i + 1, "'" + t + "' is not a number");
            }
            // Double.parseDouble accepts "NaN", "Infinity" and a trailing 'd'/'f'; angles must be plain finite numbers.
            if (!Double.isFinite(v) || !parts[0].matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?"))
                throw new FileFormatException(path, null, i + 1, "'" + t + "' is not a number");
            out.add(v);
        }
        if (out.isEmpty()) throw new FileFormatException(path, null, -1, "contains no tilt angles");
        double[] a = new double[out.size()];
        for (int i = 0; i < a.length; i++) a[i] = out.get(i);
        return a;
    }

    /**
     * Writes the angles, one per line, atomically.
     *
     * @param path the file to create or replace
     * @param anglesDeg angles in degrees (finite)
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if an angle is NaN or infinite
     */
    public static void write(Path path, double[] anglesDeg) throws IOException {
        Objects.requireNonNull(path, "path");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < anglesDeg.length; i++) {
            if (!Double.isFinite(anglesDeg[i]))
                throw new IllegalArgumentException("TiltAngles.write: " + path + ": angle " + i + " is " + anglesDeg[i]);
            sb.append(format(anglesDeg[i])).append('\n');
        }
        AtomicFiles.write(path, sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Shortest round-trip decimal without exponent (Double.toString digits, plain notation). */
    static String format(double v) {
        if (v == 0) return "0.0";
        String s = new BigDecimal(Double.toString(v)).toPlainString();
        return s.contains(".") ? s : s + ".0";
    }
}
