/**
 * Image-quality metrics for 2-D images {@code (H, W)} and 3-D volumes {@code (D, H, W)}, matched to the
 * Python tools people report with: {@link org.cryograd.fft.metrics.ImageMetrics} (MSE, relative MSE, PSNR,
 * Pearson; scikit-image / scipy), {@link org.cryograd.fft.metrics.Ssim} (scikit-image's
 * {@code structural_similarity}, Gaussian and uniform windows, 2-D and 3-D) and
 * {@link org.cryograd.fft.metrics.Vif} (sewar's pixel-domain VIF-P, slice-wise for volumes).
 *
 * <p>Everything is computed on the host in double precision from the float32 tensor values; the spatial filters
 * are separable and written here (no FFT), so the metrics depend only on {@code cryograd-tensor}.
 */
package org.cryograd.fft.metrics;
