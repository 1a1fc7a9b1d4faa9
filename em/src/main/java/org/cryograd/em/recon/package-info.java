/**
 * Classical tomogram reconstruction on the {@link org.cryograd.em.geometry.Projector}: weighted back-projection
 * ({@link org.cryograd.em.recon.Wbp}) and SIRT ({@link org.cryograd.em.recon.Sirt}).
 */
package org.cryograd.em.recon;
