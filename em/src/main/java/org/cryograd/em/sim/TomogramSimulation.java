package org.cryograd.em.sim;

import org.cryograd.io.XfTransform;

import java.util.List;
import org.cryograd.tensor.Tensor;

/**
 * A simulated tilt series and what a pipeline makes of it.
 *
 * @param specimen     the specimen (ground truth)
 * @param imaging      the imaging options used
 * @param views        the tilt scheme's views in stack order (ascending angle)
 * @param geometry     per view: defocus, astigmatism (aligned frame), doses and the raw-to-aligned {@link XfTransform}
 * @param raw          the raw tilt stack {@code [views, ny, nx]}: electron counts per pixel, tilt axis at
 *                     {@code imaging.tiltAxisDeg()}, with the residual misalignment
 * @param even         counts of the even half ({@code null} unless asked for)
 * @param odd          counts of the odd half ({@code null} unless asked for)
 * @param tomogram     WBP of the aligned, mean-normalised stack, no CTF correction {@code [nz, ny, nx]}
 * @param tomogramCtf  the same after phase flipping each view with its defocus
 */
public record TomogramSimulation(Specimen specimen, ImagingOptions imaging, List<TiltScheme.View> views, List<ViewImager.View> geometry,
                                 Tensor raw, Tensor even, Tensor odd, Tensor tomogram, Tensor tomogramCtf) {
    /** The stack's tilt angles, degrees. */
    public double[] anglesDeg() {
        return views.stream().mapToDouble(TiltScheme.View::angleDeg).toArray();
    }
}
