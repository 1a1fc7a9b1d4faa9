package org.cryograd.fft;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * A Fourier shell correlation curve: one entry per shell {@code 0 .. nyquist} (see {@link Shells}).
 *
 * <p><b>Crossings.</b> The resolution at a threshold {@code t} (0.5, 0.143, ...) is {@code 1/f} where {@code f}
 * is where the curve first falls below {@code t}: scanning shells from 1 (the zero-frequency shell, a single
 * voxel, is ignored) and skipping undefined (NaN) shells, the first shell {@code i} with {@code fsc[i] < t} and
 * the previous defined shell {@code p} (with {@code fsc[p] >= t}) give
 * {@code f = f_p + (fsc_p - t) / (fsc_p - fsc_i) * (f_i - f_p)} (linear interpolation). It is NaN when the curve
 * never falls below {@code t} (resolution at least Nyquist) or is already below it at the first defined shell.
 *
 * @param frequency spatial frequency of each shell, 1/Å
 * @param fsc the correlation per shell; NaN for a shell without voxels or without power in either map
 * @param voxels the number of Fourier voxels per shell, counted over the full (both-halves) spectrum
 * @param voxelSize the voxel size in Å
 */
public record FscCurve(double[] frequency, double[] fsc, long[] voxels, double voxelSize) {
    /** Validates and copies the arrays. */
    public FscCurve {
        if (frequency == null || fsc == null || voxels == null)
            throw new IllegalArgumentException("FscCurve: null array");
        if (frequency.length != fsc.length || voxels.length != fsc.length)
            throw new IllegalArgumentException("FscCurve: " + frequency.length + " frequencies, " + fsc.length + " values and "
                    + voxels.length + " voxel counts differ in length");
        if (!(voxelSize > 0)) throw new IllegalArgumentException("FscCurve: voxel size must be > 0 Å, got " + voxelSize);
        frequency = frequency.clone();
        fsc = fsc.clone();
        voxels = voxels.clone();
    }

    /** A copy of the shell frequencies (1/Å). */
    @Override
    public double[] frequency() {
        return frequency.clone();
    }

    /** A copy of the correlation values. */
    @Override
    public double[] fsc() {
        return fsc.clone();
    }

    /** A copy of the per-shell voxel counts. */
    @Override
    public long[] voxels() {
        return voxels.clone();
    }

    /** The number of shells (Nyquist shell + 1). */
    public int shells() {
        return fsc.length;
    }

    /** The resolution (Å) where the curve first falls below 0.5; NaN if it does not (see the class comment). */
    public double resolution05() {
        return resolutionAt(0.5);
    }

    /** The resolution (Å) where the curve first falls below 0.143; NaN if it does not. */
    public double resolution0143() {
        return resolutionAt(0.143);
    }

    /** The resolution (Å), {@code 1 / crossingFrequency(threshold)}; NaN if the curve does not cross. */
    public double resolutionAt(double threshold) {
        return 1.0 / crossingFrequency(frequency, fsc, threshold);
    }

    /** The interpolated frequency (1/Å) where {@code fsc} first falls below {@code threshold}; NaN if it does not. */
    public double crossingFrequency(double threshold) {
        return crossingFrequency(frequency, fsc, threshold);
    }

    /** The crossing rule of the class comment on bare arrays (frequency in any unit). */
    public static double crossingFrequency(double[] frequency, double[] fsc, double threshold) {
        if (frequency.length != fsc.length)
            throw new IllegalArgumentException("crossingFrequency: " + frequency.length + " frequencies but " + fsc.length + " values");
        int prev = -1;
        for (int i = 1; i < fsc.length; i++) {
            if (Double.isNaN(fsc[i])) continue;
            if (fsc[i] < threshold) {
                if (prev < 0) return Double.NaN; // below from the start: no crossing
                double a = fsc[prev], b = fsc[i];
                return frequency[prev] + (a - threshold) / (a - b) * (frequency[i] - frequency[prev]);
            }
            prev = i;
        }
        return Double.NaN;
    }

    /**
     * Writes the curve as CSV ({@code shell,frequency_per_A,resolution_A,fsc,voxels}; {@code inf}/{@code nan} for
     * non-finite values), atomically: a temporary file in the same directory, then a rename.
     */
    public void writeCsv(Path path) throws IOException {
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("shell,frequency_per_A,resolution_A,fsc,voxels\n");
                for (int i = 0; i < fsc.length; i++)
                    w.write(i + "," + num(frequency[i]) + "," + num(1.0 / frequency[i]) + "," + num(fsc[i]) + "," + voxels[i] + "\n");
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("FscCurve.writeCsv: cannot write " + abs + ": " + e.getMessage(), e);
        }
    }

    private static String num(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return String.format(Locale.ROOT, "%.9g", v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FscCurve c && Arrays.equals(c.frequency, frequency) && Arrays.equals(c.fsc, fsc)
                && Arrays.equals(c.voxels, voxels) && Double.compare(c.voxelSize, voxelSize) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fsc) * 31 + Arrays.hashCode(voxels) * 17 + Arrays.hashCode(frequency) + Double.hashCode(voxelSize);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "FscCurve[%d shells, voxel %.4g Å, FSC=0.5 at %.4g Å, FSC=0.143 at %.4g Å]",
                fsc.length, voxelSize, resolution05(), resolution0143());
    }
}
