package org.cryograd.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cryograd.em.eval.FscFiles;
import org.cryograd.em.eval.QualityMetrics;
import org.cryograd.em.eval.QualityScores;
import org.cryograd.fft.DirectionalFsc;
import org.cryograd.fft.FscCurve;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.tensor.Tensor;

/**
 * Scores of a volume against a reference (PSNR, SSIM, VIF-P, FSC resolutions, as {@code cryograd metrics}) and the
 * Fourier shell correlation of two volumes, optionally split into the Fourier regions a tilt series did and did not
 * measure (as {@code cryograd fsc}).
 *
 * <p>Thread-safe: the calls keep no state. Each is one short computation; the API does not interrupt it.
 */
public final class Evaluate {
    private Evaluate() {}

    /**
     * Quality of a test volume against a reference. The test volume is first matched to the reference's mean and
     * standard deviation; PSNR and SSIM use the reference's data range; VIF-P maps the reference to 0..255 and enlarges
     * slices smaller than 81 px by pixel replication ({@code vifEnlargement} times).
     *
     * @param psnr            peak signal-to-noise ratio in dB
     * @param ssim            structural similarity (7-voxel box window, 3-D)
     * @param vif             pixel-domain visual information fidelity, mean over z-slices
     * @param vifEnlargement  the pixel replication factor VIF-P used (1: none)
     * @param resolution05    FSC 0.5 resolution in {@code unit} (NaN when the curve does not cross)
     * @param resolution0143  FSC 0.143 resolution in {@code unit} (NaN when the curve does not cross)
     * @param unit            {@code "Å"} when the reference's voxel size is known, else {@code "px"}
     */
    public record Scores(double psnr, double ssim, double vif, int vifEnlargement, double resolution05, double resolution0143, String unit) {}

    /**
     * A Fourier shell correlation.
     *
     * @param frequency      shell frequencies in 1/{@code unit}
     * @param fsc            the FSC per shell
     * @param present        the FSC over the measured Fourier region of the tilt geometry, or null without angles
     * @param missing        the FSC over the missing region, or null without angles
     * @param resolution05   the 0.5 resolution in {@code unit} (NaN when the curve does not cross)
     * @param resolution0143 the 0.143 resolution in {@code unit} (NaN when the curve does not cross)
     * @param text05         the 0.5 resolution as the command line prints it, e.g. {@code "12.80 Å"} or {@code "<=4.00 px"}
     * @param text0143       the 0.143 resolution, likewise
     * @param unit           {@code "Å"} or {@code "px"}
     */
    public record Fsc(double[] frequency, double[] fsc, double[] present, double[] missing, double resolution05, double resolution0143, String text05,
            String text0143, String unit) {
        /** The curves by column name ({@code fsc}, then {@code present} and {@code missing} when computed), in order. */
        public Map<String, double[]> curves() {
            Map<String, double[]> m = new LinkedHashMap<>();
            m.put("fsc", fsc.clone());
            if (present != null) {
                m.put("present", present.clone());
                m.put("missing", missing.clone());
            }
            return m;
        }

        /** Writes {@code shell,frequency,resolution,fsc[,present,missing]} as {@code cryograd fsc --out} does. */
        public void writeCsv(Path path) throws IOException {
            FscFiles.writeCsv(path, frequency, curves());
        }

        /** Plots the curves with guides at 0.5 and 0.143 to a PNG, as {@code cryograd fsc --png} does. */
        public void writePng(Path path, String title) throws IOException {
            FscFiles.writePng(path, title, unit, frequency, curves());
        }
    }

    /**
     * Scores {@code test} against {@code reference} (same size, every side at least 7 voxels).
     *
     * @throws IllegalArgumentException if the sizes differ or are too small, or the reference is constant
     */
    public static Scores metrics(VolumeData reference, VolumeData test) {
        sameShape(reference, test, "the reference", "the test volume");
        if (reference.nx() < 7 || reference.ny() < 7 || reference.nz() < 7)
            throw new IllegalArgumentException("the reference is " + reference.sizeText() + "; SSIM needs every side to be at least 7 voxels");
        try (Tensor r = Mrc.tensor(reference); Tensor t = Mrc.tensor(test)) {
            QualityScores q;
            try {
                q = QualityMetrics.measure(r, t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().replace("QualityMetrics.measure: ", ""), e);
            }
            double voxel = reference.voxelSize();
            FscCurve fsc = org.cryograd.fft.Fsc.compute(r, t, voxel > 0 ? voxel : 1.0);
            return new Scores(q.psnr(), q.ssim(), q.vif(), q.vifEnlargement(), fsc.resolution05(), fsc.resolution0143(), voxel > 0 ? "Å" : "px");
        }
    }

    /** {@link #fsc(VolumeData, VolumeData, double, double[])} with {@code a}'s voxel size and no tilt geometry. */
    public static Fsc fsc(VolumeData a, VolumeData b) {
        return fsc(a, b, 0, null);
    }

    /**
     * The FSC of two volumes of the same size.
     *
     * @param voxelSize voxel size in Å, or 0 for {@code a}'s (pixels when that is unknown too)
     * @param anglesDeg tilt angles (tilt axis y) for the FSC over the present and missing Fourier regions, or null
     * @throws IllegalArgumentException if the sizes differ or the voxel size is negative
     */
    public static Fsc fsc(VolumeData a, VolumeData b, double voxelSize, double[] anglesDeg) {
        sameShape(a, b, "the first volume", "the second volume");
        if (!(voxelSize >= 0 && Double.isFinite(voxelSize))) throw new IllegalArgumentException("voxel size must be a positive number of Å (0: the first volume's), got " + voxelSize);
        double voxel = voxelSize > 0 ? voxelSize : a.voxelSize();
        String unit = voxel > 0 ? "Å" : "px";
        double vs = voxel > 0 ? voxel : 1.0;
        try (Tensor va = Mrc.tensor(a); Tensor vb = Mrc.tensor(b)) {
            FscCurve f = org.cryograd.fft.Fsc.compute(va, vb, vs);
            DirectionalFsc d = anglesDeg == null ? null : DirectionalFsc.compute(va, vb, vs, new TiltGeometry(anglesDeg, TiltAxis.Y));
            return new Fsc(f.frequency(), f.fsc(), d == null ? null : d.present().fsc(), d == null ? null : d.missing().fsc(), f.resolution05(),
                    f.resolution0143(), FscFiles.resolutionText(f, 0.5, unit), FscFiles.resolutionText(f, 0.143, unit), unit);
        }
    }

    private static void sameShape(VolumeData a, VolumeData b, String an, String bn) {
        if (a.nx() != b.nx() || a.ny() != b.ny() || a.nz() != b.nz())
            throw new IllegalArgumentException(an + " is " + a.sizeText() + " but " + bn + " is " + b.sizeText() + "; the sizes must match");
    }
}
