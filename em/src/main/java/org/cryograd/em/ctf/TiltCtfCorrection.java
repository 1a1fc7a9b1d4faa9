package org.cryograd.em.ctf;

import org.cryograd.em.geometry.Defocus;
import org.cryograd.em.geometry.TiltSeriesGeometry;
import org.cryograd.em.geometry.ViewGeometry;
import org.cryograd.fft.Ctf;
import org.cryograd.fft.Fft;
import org.cryograd.fft.FourierLayout;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.Tensor;

/**
 * Phase flipping of a tilt series, view by view, with the defocus gradient across tilted views handled in strips
 * parallel to the tilt axis, as IMOD's {@code ctfphaseflip} does.
 *
 * <p><b>Frame.</b> Works on views in the projector's ideal frame (tilt axis along y through the centre,
 * {@link org.cryograd.em.geometry.Projector#toModelFrame}). A view's defocus was measured on the raw image, so its
 * astigmatism angle is turned by {@code -rotationDeg} into the aligned frame.
 *
 * <p><b>Defocus gradient.</b> A point of the specimen's mid-plane seen at detector column {@code x} lies
 * {@code u = (x - (nx-1)/2) * pixelSize} Å from the tilt axis; with the electron source on the volume's +z side its
 * height towards the source is {@code -u tan(theta)}, and a point higher up is further underfocused, so its defocus is
 * {@code defocus - u tan(theta)} (the view's defocus is the value at the tilt axis). {@code invertGradient} takes
 * the opposite sign (IMOD's {@code -InvertTiltAngles}, for data whose handedness is the other way). Each view is
 * cut into strips of {@code w = max(1, floor(tolerance / (pixelSize |tan theta|)))} columns, so that the defocus
 * varies by at most {@code tolerance} within a strip; each strip takes the columns of the whole view phase-flipped
 * with the defocus at the strip's centre. A tolerance of 0 (or an untilted view) uses one strip.
 *
 * <p><b>Flip.</b> Each Fourier coefficient of the (periodic) view is multiplied by the sign of the CTF there
 * ({@link Ctf#phaseFlip}: {@code -sin(chi + asin w)}, +1 where it is exactly 0), which restores the contrast
 * reversals but not the amplitude modulation.
 */
public final class TiltCtfCorrection {
    /** IMOD {@code ctfphaseflip}'s default defocus tolerance, 200 nm. */
    public static final double DEFAULT_TOLERANCE = 2000;

    private TiltCtfCorrection() {}

    /**
     * The options of a correction.
     *
     * @param toleranceA     largest defocus change within a strip, Å (0: no gradient, one strip per view)
     * @param invertGradient take the opposite sign of the gradient
     */
    public record Options(double toleranceA, boolean invertGradient) {
        /** Validates. */
        public Options {
            if (!(toleranceA >= 0) || Double.isInfinite(toleranceA))
                throw new IllegalArgumentException("TiltCtfCorrection: tolerance must be >= 0 Å, got " + toleranceA);
        }

        /** IMOD's default tolerance (200 nm), gradient as described above. */
        public static Options defaults() {
            return new Options(DEFAULT_TOLERANCE, false);
        }
    }

    /** The number of columns per strip of a view tilted by {@code tiltDeg} (see the class comment). */
    public static int stripWidth(int nx, double pixelSize, double tiltDeg, double toleranceA) {
        double t = Math.abs(Math.tan(Math.toRadians(tiltDeg)));
        if (toleranceA <= 0 || t < 1e-12) return nx;
        double w = Math.floor(toleranceA / (pixelSize * t));
        return (int) Math.max(1, Math.min(nx, w));
    }

    /**
     * The defocus shift (Å) at column {@code x} of a view tilted by {@code tiltDeg}: {@code -u tan(theta)} (or
     * {@code +u tan(theta)} with {@code invert}), {@code u = (x - (nx-1)/2) pixelSize}.
     */
    public static double defocusShift(double x, int nx, double pixelSize, double tiltDeg, boolean invert) {
        double u = (x - (nx - 1) / 2.0) * pixelSize;
        double s = -u * Math.tan(Math.toRadians(tiltDeg));
        return invert ? -s : s;
    }

    /**
     * Phase-flips one view {@code [ny, nx]} (or {@code [1, ny, nx]}) in the ideal frame.
     *
     * @param view      the image
     * @param tiltDeg   its tilt angle
     * @param defocus   its defocus at the tilt axis, astigmatism angle in this image's frame
     * @param mic       voltage, Cs, amplitude contrast
     * @param pixelSize Å per pixel
     * @param options   strips and gradient sign
     * @return the corrected image, same shape and device
     */
    public static Tensor phaseFlipView(Tensor view, double tiltDeg, Defocus defocus, Microscope mic, double pixelSize, Options options) {
        if (!(pixelSize > 0)) throw new IllegalArgumentException("TiltCtfCorrection: pixel size must be > 0 Å, got " + pixelSize);
        int ny = view.dim(view.rank() - 2), nx = view.dim(view.rank() - 1);
        try (Grad g = Grad.disabled()) {
            Tensor img = (view.device().equals(Device.cpu()) ? view : view.to(Device.cpu())).reshape(ny, nx);
            Tensor spec = Fft.rfft2(img);
            int w = stripWidth(nx, pixelSize, tiltDeg, options.toleranceA());
            float[] out = new float[ny * nx];
            for (int x0 = 0; x0 < nx; x0 += w) {
                int x1 = Math.min(nx, x0 + w);
                double shift = w >= nx ? 0 : defocusShift((x0 + x1 - 1) / 2.0, nx, pixelSize, tiltDeg, options.invertGradient());
                Ctf ctf = new Ctf(defocus.u() + shift, defocus.v() + shift, defocus.angleDeg(), mic.voltageKv(), mic.csMm(), mic.amplitudeContrast(), 0,
                        defocus.phaseShiftDeg());
                float[] sign = ctf.image(FourierLayout.HALF, pixelSize, ny, nx).toArray();
                for (int i = 0; i < sign.length; i++) sign[i] = sign[i] < 0 ? -1f : 1f;
                float[] flipped = Fft.irfft2(Fft.multiply(spec, Tensor.of(sign, ny, nx / 2 + 1)), ny, nx).toArray();
                for (int y = 0; y < ny; y++) System.arraycopy(flipped, y * nx + x0, out, y * nx + x0, x1 - x0);
            }
            Tensor r = Tensor.of(out, view.dims());
            return view.device().equals(Device.cpu()) ? r : r.to(view.device());
        }
    }

    /**
     * Phase-flips the included views of a tilt series, as {@link org.cryograd.em.geometry.Projector#toModelFrame}
     * gives them ({@code [included, ny, nx]}, stack order).
     *
     * @throws IllegalArgumentException naming the first included view (1-based) without a defocus, or if the pixel
     *                                  size is unknown
     */
    public static Tensor phaseFlip(Tensor includedViews, TiltSeriesGeometry g, Microscope mic, double pixelSize, Options options) {
        int[] inc = g.included();
        if (includedViews.rank() != 3 || includedViews.dim(0) != inc.length)
            throw new IllegalArgumentException("TiltCtfCorrection.phaseFlip: views of shape " + includedViews.shape() + " must be [" + inc.length + ", ny, nx]");
        for (int k : inc)
            if (g.view(k).defocus() == null) throw new IllegalArgumentException("CTF correction: view " + (k + 1) + " (1-based) has no defocus");
        Tensor[] out = new Tensor[inc.length];
        for (int k = 0; k < inc.length; k++) {
            ViewGeometry v = g.view(inc[k]);
            out[k] = phaseFlipView(includedViews.slice(0, k, k + 1), v.tiltDeg(), v.defocus().rotated(-v.rotationDeg()), mic, pixelSize, options);
        }
        Tensor r = Tensor.cat(0, out);
        for (Tensor t : out) t.close();
        return r;
    }
}
