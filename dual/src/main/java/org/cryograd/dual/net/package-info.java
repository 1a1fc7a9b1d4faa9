/**
 * DUAL's network building blocks: the 3-D U-Net (Dn, Gs), the noise encoder E and decoder Gn, the discriminators
 * with a spatial PatchGAN and a spectral branch over a differentiable DFT, and the orthogonal initialisation.
 */
package org.cryograd.dual.net;
