/**
 * File formats of cryo-EM and cryo-ET work: MRC2014 volumes and stacks ({@link org.cryograd.io.MrcFile},
 * {@link org.cryograd.io.MrcReader}, {@link org.cryograd.io.MrcWriter}, {@link org.cryograd.io.MrcHeader}), IMOD
 * tilt-angle files ({@link org.cryograd.io.TiltAngles}), RELION STAR files ({@link org.cryograd.io.StarFile}),
 * 8-bit PNG pictures of slices, orthogonal views and montages ({@link org.cryograd.io.SliceImages}) and line plots
 * ({@link org.cryograd.io.LinePlot}).
 *
 * <p>Every reader reports a malformed file with a {@link org.cryograd.io.FileFormatException} whose message starts
 * with the file name and names the field, block, column or line at fault. Every writer writes atomically through
 * {@link org.cryograd.io.AtomicFiles}. Warnings (a repaired byte order, extra trailing bytes) go to SLF4J.
 */
package org.cryograd.io;
