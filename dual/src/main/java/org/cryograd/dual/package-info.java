/**
 * DUAL (Zeng et al. 2024): unsupervised cryo-ET denoising and simulation with a cyclic GAN and noise
 * disentanglement. Configuration ({@link org.cryograd.dual.DualConfig}), the six networks
 * ({@link org.cryograd.dual.DualNetworks}), losses (eq. 1-9: {@link org.cryograd.dual.DualLosses},
 * {@link org.cryograd.dual.GaussianKl}), training ({@link org.cryograd.dual.DualTrainer}), overlap-tile inference
 * ({@link org.cryograd.dual.TiledInference}) and the library entry points {@link org.cryograd.dual.DualTraining},
 * {@link org.cryograd.dual.DualDenoise}, {@link org.cryograd.dual.DualSimulate},
 * {@link org.cryograd.dual.WedgeCompensation}, {@link org.cryograd.dual.DualBenchmarkHook}.
 */
package org.cryograd.dual;
