/**
 * ImageJ 1.x plugins of cryograd (menu Plugins &gt; cryograd, descriptor {@code plugins.config}), thin over the
 * embedding API {@code org.cryograd.api}: each command reads its parameters through a {@link ij.gui.GenericDialog} (so
 * macros run it with {@code run("Command", "key=value ...")}, headless too), works on the current image (a stack is a
 * tilt series or a volume; the calibration carries the voxel size in Å), reports progress in the status bar, stops on
 * Esc, and shows a failure as one line in an error dialog.
 */
package org.cryograd.fiji;
