/**
 * Noise2noise denoising of tomograms from their even/odd half reconstructions (Topaz-Denoise 3D and cryo-CARE style):
 * a 3-D U-Net learns to map one half to the other on random patches, and a tomogram is denoised as the average of the
 * network applied to its two halves. The learned baseline of the simulator-based DUAL benchmark; independent of
 * DUAL's model (it reuses only the U-Net and the tiling).
 */
package org.cryograd.dual.n2n;
