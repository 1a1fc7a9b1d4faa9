package org.cryograd.em.eval;

import java.util.Objects;
import org.cryograd.fft.DirectionalFsc;
import org.cryograd.fft.FscCurve;

/**
 * Everything the {@link EvaluationHarness} measured for one reconstruction method.
 *
 * @param name        the method's name (a table row and CSV column prefix, e.g. {@code wbp})
 * @param quality     PSNR, SSIM and VIF-P against the truth ({@link QualityMetrics#measure})
 * @param seconds     the method's runtime as given by the caller
 * @param fsc         FSC against the truth over the whole spectrum
 * @param directional FSC over the present and missing Fourier regions of the tilt geometry, or {@code null} when
 *                    the harness has no geometry
 */
public record MethodResult(String name, QualityScores quality, double seconds, FscCurve fsc, DirectionalFsc directional) {
    /** Checks that the required parts are there. */
    public MethodResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(fsc, "fsc");
    }

    /** The resolution (in the harness's length unit) where the FSC against the truth first falls below 0.5. */
    public double resolution05() {
        return fsc.resolution05();
    }

    /** The resolution where the FSC against the truth first falls below 0.143. */
    public double resolution0143() {
        return fsc.resolution0143();
    }

    /** The mean of the missing-region FSC over shells 1 to Nyquist that have missing voxels; NaN without a geometry. */
    public double missingFscMean() {
        return directional == null ? Double.NaN : shellMean(directional.missing());
    }

    /** The mean of the present-region FSC over shells 1 to Nyquist; NaN without a geometry. */
    public double presentFscMean() {
        return directional == null ? Double.NaN : shellMean(directional.present());
    }

    static double shellMean(FscCurve c) {
        double[] f = c.fsc();
        double s = 0;
        int n = 0;
        for (int i = 1; i < f.length; i++)
            if (!Double.isNaN(f[i])) {
                s += f[i];
                n++;
            }
        return n == 0 ? Double.NaN : s / n;
    }
}
