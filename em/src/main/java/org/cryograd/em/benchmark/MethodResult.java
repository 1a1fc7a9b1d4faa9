package org.cryograd.em.benchmark;

/**
 * One method's scores on the test tomogram.
 *
 * @param method       {@code none}, {@code gaussian}, {@code nad}, {@code nlm} or {@code dual}
 * @param parameters   the parameters used (after tuning), as text
 * @param psnr         PSNR in dB against the standardised grand model, after least-squares intensity matching
 * @param ssim         SSIM (7^3 box window, skimage's defaults) on the same volumes
 * @param precision    DoG picking precision
 * @param recall       DoG picking recall
 * @param f1           DoG picking F1
 * @param tuneSeconds  wall time of parameter tuning (baselines) or training (DUAL)
 * @param applySeconds wall time of denoising the test tomogram
 */
public record MethodResult(String method, String parameters, double psnr, double ssim, double precision, double recall, double f1,
                           double tuneSeconds, double applySeconds) {}
