/**
 * CTF and dose correction of tilt series: per-view phase flipping with the defocus gradient across a tilted view
 * ({@link org.cryograd.em.ctf.TiltCtfCorrection}, strip-based as IMOD's {@code ctfphaseflip}) and the exposure filter
 * of Grant &amp; Grigorieff (2015) ({@link org.cryograd.em.ctf.DoseWeighting}).
 */
package org.cryograd.em.ctf;
