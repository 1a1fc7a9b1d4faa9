/**
 * Evaluation: of tomogram reconstructions against a known truth, as in the coordinate-network paper's Table 1:
 * {@link org.cryograd.em.eval.QualityMetrics} (PSNR, SSIM, VIF-P after matching each reconstruction to the
 * truth's mean and standard deviation — the normalisation is stated there), and
 * {@link org.cryograd.em.eval.EvaluationHarness}, which adds runtimes, FSC and directional FSC curves, CSV
 * files ({@link org.cryograd.em.eval.FscFiles}), plots and orthogonal slice pictures
 * ({@link org.cryograd.em.eval.SlicePanels}); and of how close a simulated volume is to a real one: voxel statistics
 * ({@link org.cryograd.em.eval.VolumeStats}), value distributions ({@link org.cryograd.em.eval.Distributions}) and
 * radially averaged power spectra ({@link org.cryograd.em.eval.RadialSpectrum}).
 */
package org.cryograd.em.eval;
