package org.cryograd.em.eval;

/**
 * Image-quality scores of one reconstruction against the truth, as defined by {@link QualityMetrics#measure}.
 *
 * @param psnr           peak signal-to-noise ratio in dB (data range of the truth); {@code +Infinity} if identical
 * @param ssim           structural similarity (scikit-image defaults: 7-voxel box window, sample covariance, 3-D)
 * @param vif            pixel-domain visual information fidelity VIF-P (sewar), mean over z-slices
 * @param vifEnlargement the integer factor by which each z-slice was enlarged (pixel replication) before VIF-P,
 *                       1 when the slices were already at least 81 x 81
 */
public record QualityScores(double psnr, double ssim, double vif, int vifEnlargement) {
    /** Validates the enlargement factor. */
    public QualityScores {
        if (vifEnlargement < 1) throw new IllegalArgumentException("QualityScores: vifEnlargement must be >= 1, got " + vifEnlargement);
    }
}
