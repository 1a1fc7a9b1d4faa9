package org.cryograd.em.ctf;

import org.cryograd.em.geometry.TiltSeriesGeometry;
import org.cryograd.fft.Fft;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.Tensor;

/**
 * The exposure filter of Grant &amp; Grigorieff (2015, eLife 4:e06980): radiation damage attenuates spatial frequency
 * {@code k} (1/Å) after an exposure of {@code N} electrons/Å² by
 * <pre>   q(k, N) = exp(-N / (2 Ne(k))),   Ne(k) = (a k^b + c) s</pre>
 * with their fitted critical exposure {@code a = 0.245}, {@code b = -1.665}, {@code c = 2.81} (e/Å², measured at 300
 * kV) and {@code s} the voltage scale of their programs ({@code summovie}/{@code unblur}, also cisTEM, Xmipp, RELION):
 * 1 at 300 kV and 0.8 at 200 kV; between them it is interpolated linearly in the voltage, outside that range the
 * nearer value is used. At {@code k = 0}, {@code Ne} is infinite and {@code q = 1}. The exposure that maximises the
 * signal-to-noise ratio at {@code k} is {@code 2.51284 Ne(k)} ({@link #optimalExposure}).
 *
 * <p>For a tilt series every view is filtered with its accumulated exposure before the view was taken
 * ({@code preExposure} of {@link org.cryograd.em.geometry.ViewGeometry}, RELION's {@code rlnMicrographPreExposure}),
 * so the first view is left unchanged. The filter multiplies the view's 2-D spectrum (periodic boundary); the
 * views are not re-normalised.
 */
public final class DoseWeighting {
    /** Grant &amp; Grigorieff's {@code a}. */
    public static final double A = 0.245;
    /** Grant &amp; Grigorieff's {@code b}. */
    public static final double B = -1.665;
    /** Grant &amp; Grigorieff's {@code c}, e/Å². */
    public static final double C = 2.81;

    private DoseWeighting() {}

    /** The voltage scale of the critical exposure: 1 at 300 kV, 0.8 at 200 kV, linear between, clamped outside. */
    public static double voltageScale(double voltageKv) {
        if (!(voltageKv > 0)) throw new IllegalArgumentException("DoseWeighting: voltage must be > 0 kV, got " + voltageKv);
        double v = Math.max(200, Math.min(300, voltageKv));
        return 0.8 + 0.2 * (v - 200) / 100;
    }

    /** The critical exposure {@code Ne(k)} in e/Å² at spatial frequency {@code k} (1/Å); infinite at {@code k = 0}. */
    public static double criticalExposure(double k, double voltageKv) {
        if (!(k >= 0)) throw new IllegalArgumentException("DoseWeighting: frequency must be >= 0, got " + k);
        if (k == 0) return Double.POSITIVE_INFINITY;
        return (A * Math.pow(k, B) + C) * voltageScale(voltageKv);
    }

    /** The exposure {@code 2.51284 Ne(k)} at which frequency {@code k} has the best signal-to-noise ratio. */
    public static double optimalExposure(double k, double voltageKv) {
        return 2.51284 * criticalExposure(k, voltageKv);
    }

    /** The attenuation {@code q(k, N) = exp(-N / (2 Ne(k)))}. */
    public static double weight(double k, double exposure, double voltageKv) {
        if (!(exposure >= 0) || Double.isInfinite(exposure)) throw new IllegalArgumentException("DoseWeighting: exposure must be >= 0 e/Å², got " + exposure);
        if (k == 0 || exposure == 0) return 1;
        return Math.exp(-exposure / (2 * criticalExposure(k, voltageKv)));
    }

    /**
     * The filter on the half spectrum of an {@code ny x nx} image with pixels of {@code pixelSize} Å, in
     * {@link Fft#rfft2} order ({@code [ny, nx/2+1]}).
     */
    public static float[] filter(int ny, int nx, double pixelSize, double exposure, double voltageKv) {
        int h = nx / 2 + 1;
        float[] f = new float[ny * h];
        for (int y = 0; y < ny; y++) {
            double ky = (y <= ny / 2 ? y : y - ny) / (ny * pixelSize);
            for (int x = 0; x < h; x++) {
                double kx = x / (nx * pixelSize);
                f[y * h + x] = (float) weight(Math.hypot(kx, ky), exposure, voltageKv);
            }
        }
        return f;
    }

    /**
     * Filters each view {@code [views, ny, nx]} with its own exposure.
     *
     * @param views     the images (any device; the FFTs run on the CPU)
     * @param exposures e/Å² per view, finite and >= 0
     * @param pixelSize Å per pixel
     * @param voltageKv acceleration voltage
     * @return the filtered views on the input's device
     */
    public static Tensor apply(Tensor views, double[] exposures, double pixelSize, double voltageKv) {
        if (views.rank() != 3 || views.dim(0) != exposures.length)
            throw new IllegalArgumentException("DoseWeighting.apply: views of shape " + views.shape() + " need " + views.dim(0) + " exposures, got " + exposures.length);
        if (!(pixelSize > 0)) throw new IllegalArgumentException("DoseWeighting.apply: pixel size must be > 0 Å, got " + pixelSize);
        int n = views.dim(0), ny = views.dim(1), nx = views.dim(2);
        try (Grad g = Grad.disabled()) {
            Tensor cpu = views.device().equals(Device.cpu()) ? views : views.to(Device.cpu());
            Tensor[] out = new Tensor[n];
            for (int v = 0; v < n; v++) {
                Tensor img = cpu.slice(0, v, v + 1);
                if (exposures[v] == 0) {
                    out[v] = img.copy();
                    continue;
                }
                Tensor spec = Fft.rfft2(img);
                Tensor f = Tensor.of(filter(ny, nx, pixelSize, exposures[v], voltageKv), 1, ny, nx / 2 + 1);
                out[v] = Fft.irfft2(Fft.multiply(spec, f), ny, nx);
            }
            Tensor r = Tensor.cat(0, out);
            return views.device().equals(Device.cpu()) ? r : r.to(views.device());
        }
    }

    /**
     * Filters the included views of a tilt series (as {@link org.cryograd.em.geometry.Projector#toModelFrame} gives
     * them, in stack order) with their pre-exposure.
     *
     * @throws IllegalArgumentException naming the first included view whose pre-exposure is unknown
     */
    public static Tensor apply(Tensor includedViews, TiltSeriesGeometry g, double pixelSize, double voltageKv) {
        int[] inc = g.included();
        double[] e = new double[inc.length];
        for (int k = 0; k < inc.length; k++) {
            e[k] = g.view(inc[k]).preExposure();
            if (Double.isNaN(e[k])) throw new IllegalArgumentException("dose weighting: the exposure before view " + (inc[k] + 1) + " (1-based) is unknown");
        }
        return apply(includedViews, e, pixelSize, voltageKv);
    }
}
