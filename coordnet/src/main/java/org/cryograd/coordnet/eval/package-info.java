/**
 * Evaluation of tomogram reconstructions against a known truth, as in the coordinate-network paper's Table 1:
 * {@link org.cryograd.coordnet.eval.QualityMetrics} (PSNR, SSIM, VIF-P after matching each reconstruction to the
 * truth's mean and standard deviation — the normalisation is stated there), and
 * {@link org.cryograd.coordnet.eval.EvaluationHarness}, which adds runtimes, FSC and directional FSC curves, CSV
 * files, plots and orthogonal slice pictures.
 */
package org.cryograd.coordnet.eval;
