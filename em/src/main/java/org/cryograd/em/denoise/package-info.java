/**
 * Classical volume denoisers behind one interface ({@link org.cryograd.em.denoise.VolumeDenoiser}): Gaussian
 * smoothing, Perona–Malik anisotropic diffusion, non-local means, and the exhaustive
 * {@link org.cryograd.em.denoise.ParameterSearch} that tunes them on a training pair.
 */
package org.cryograd.em.denoise;
