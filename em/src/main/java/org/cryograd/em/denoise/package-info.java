/**
 * Classical volume denoisers behind one interface ({@link org.cryograd.em.denoise.VolumeDenoiser}): Gaussian
 * smoothing, Perona–Malik anisotropic diffusion, non-local means; each is a benchmark baseline
 * ({@link org.cryograd.em.denoise.Baseline}: name, description, parameter grid) listed in the registry
 * {@link org.cryograd.em.denoise.Baselines}, and tuned on a training pair by
 * {@link org.cryograd.em.denoise.ParameterSearch}.
 */
package org.cryograd.em.denoise;
