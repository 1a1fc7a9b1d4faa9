package org.cryograd.em.recon;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.cryograd.em.geometry.Projector;
import org.cryograd.fft.Fft;
import org.cryograd.tensor.F;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.PadMode;

/**
 * Weighted (filtered) back-projection, the classical baseline: every detector row of every view is filtered along
 * the detector axis in Fourier space, weighted by the view's angular spacing, and back-projected with
 * {@link Projector#backproject} (linear interpolation, the exact adjoint of {@link Projector#project}).
 *
 * <p><b>Filter.</b> As scikit-image's {@code iradon}: each row is zero-padded at the end to
 * {@code P = max(64, 2^ceil(log2(2 nx)))} samples (no wrap-around), transformed with {@link Fft#rfft}, multiplied by
 * the ramp and inverse transformed. The ramp is the Ram-Lak filter in its Kak–Slaney form, the Fourier transform of
 * the band-limited spatial kernel {@code h(0) = 1/4}, {@code h(j) = -1/(pi j)^2} for odd {@code j}, {@code 0} for even
 * {@code j != 0} (it equals {@code |f|} up to a small positive DC term that keeps the mean of the object), optionally
 * times a window: {@code shepp-logan} ({@code sinc}), {@code cosine}, {@code hann} with {@code iradon}'s exact
 * formulas (its {@code hann} is taken as the even part that {@code iradon}'s real-part step effectively applies).
 *
 * <p><b>Scale.</b> The result is {@code sum_v w_v BP_v(ramp * p_v)} with {@code |f|} in cycles per sample and
 * {@code w_v} the angular spacing of view {@code v} in radians, the Riemann sum of the inverse Radon formula over
 * the acquired range: an object sampled over 180 degrees reconstructs at its own amplitude (for {@code N} equally
 * spaced views over 180 degrees {@code w = pi / N}, which is {@code iradon}'s {@code pi / (2 N)} times its doubled
 * filter). For a limited range each view keeps its own spacing, i.e. the scale is the angular coverage
 * {@code (max - min) * N / (N - 1)} divided by {@code N}, not {@code pi / N}: the acquired directions are weighted as
 * in a full reconstruction and the missing wedge is simply absent. With
 * {@link WbpOptions#weightBySpacing()} each view gets its own spacing (IMOD's weighting for non-uniform angle
 * sets), otherwise all get the mean spacing; a single view gets {@code pi}.
 *
 * <p>Works on any device (the FFTs run on the CPU and come back to the tilt series' device); records no gradient.
 */
public final class Wbp {
    /** Largest number of padded samples filtered in one block, to bound the FFT's double-precision workspace. */
    private static final long BLOCK = 1L << 22;

    private Wbp() {}

    /** Ramp-filtered back-projection with {@link WbpOptions#defaults()}. */
    public static Tensor reconstruct(Projector p, Tensor tilts) {
        return reconstruct(p, tilts, WbpOptions.defaults());
    }

    /**
     * Reconstructs a volume {@code [nz, ny, nx]} from a recorded tilt series {@code [recordedViews, ny, nx]}
     * (first brought into the projector's frame by {@link Projector#toModelFrame}: excluded views dropped, the rest
     * aligned; unchanged for the ideal geometry).
     *
     * @throws IllegalArgumentException if the tilt series does not match the projector
     */
    public static Tensor reconstruct(Projector p, Tensor recorded, WbpOptions options) {
        Tensor tilts = p.toModelFrame(recorded);
        double[] w = viewWeights(p.anglesDeg(), options.weightBySpacing());
        int views = p.views();
        float[] wf = new float[views];
        for (int v = 0; v < views; v++) wf[v] = (float) w[v];
        try (Grad g = Grad.disabled()) {
            Tensor weighted;
            try (MemoryScope s = MemoryScope.open()) {
                Tensor filtered = filter(tilts, options.filter());
                weighted = s.keep(filtered.mul(Tensor.of(tilts.device(), wf, views, 1, 1)));
            }
            Tensor vol = p.backproject(weighted);
            weighted.close();
            if (tilts != recorded) tilts.close();
            return vol;
        }
    }

    /**
     * Filters every row of a tilt series {@code [views, ny, nx]} along the detector axis (zero-padded as described
     * above), without angular weights.
     *
     * @param filter one of {@link WbpOptions#FILTERS}
     */
    public static Tensor filter(Tensor tilts, String filter) {
        if (tilts.rank() != 3) throw new IllegalArgumentException("Wbp.filter: tilt series of shape " + tilts.shape() + " must be [views, ny, nx]");
        String name = new WbpOptions(filter, false).filter();
        int views = tilts.dim(0), ny = tilts.dim(1), nx = tilts.dim(2);
        int padded = paddedSize(nx);
        double[] h = transfer(padded, name);
        float[] hf = new float[h.length];
        for (int k = 0; k < h.length; k++) hf[k] = (float) h[k];
        try (Grad g = Grad.disabled()) {
            Tensor transfer = Tensor.of(tilts.device(), hf, h.length, 1);
            int chunk = (int) Math.max(1, Math.min(views, BLOCK / ((long) ny * padded)));
            Tensor[] parts = new Tensor[(views + chunk - 1) / chunk];
            for (int i = 0, v0 = 0; v0 < views; i++, v0 += chunk) {
                try (MemoryScope s = MemoryScope.open()) {
                    Tensor block = chunk == views ? tilts : tilts.slice(0, v0, Math.min(views, v0 + chunk));
                    Tensor spec = Fft.rfft(F.pad(block, PadMode.ZERO, 0, padded - nx));
                    Tensor rows = Fft.irfft(spec.mul(transfer), padded);
                    parts[i] = s.keep(rows.slice(2, 0, nx));
                }
            }
            if (parts.length == 1) return parts[0];
            Tensor out = Tensor.cat(0, parts);
            for (Tensor t : parts) t.close();
            return out;
        }
    }

    /** The padded row length: {@code max(64, 2^ceil(log2(2 nx)))}, as scikit-image's {@code iradon}. */
    public static int paddedSize(int nx) {
        int p = 64;
        while (p < 2L * nx) p <<= 1;
        return p;
    }

    /**
     * The filter's transfer function on the half spectrum of a row of length {@code padded}: {@code padded/2 + 1}
     * real values for frequencies {@code k / padded}, {@code k = 0 .. padded/2}, in units where the ramp is
     * {@code |f|} (cycles per sample) at high frequency.
     */
    public static double[] transfer(int padded, String filter) {
        String name = new WbpOptions(filter, false).filter();
        if (padded < 2 || (padded & 1) != 0) throw new IllegalArgumentException("Wbp.transfer: padded size must be even and >= 2, got " + padded);
        // scikit-image's full-length filter 2 Re(FFT(h)) times its window, then the even part, halved (|f| units)
        double[] cos = new double[padded], coef = new double[padded];
        for (int m = 0; m < padded; m++) cos[m] = Math.cos(2 * Math.PI * m / padded);
        for (int j = 1; j < padded; j += 2) {
            double n = Math.min(j, padded - j);
            coef[j] = 1 / (Math.PI * Math.PI * n * n);
        }
        double[] full = new double[padded];
        for (int k = 0; k < padded; k++) {
            double s = 0.25;
            for (int j = 1; j < padded; j += 2) s -= coef[j] * cos[(int) ((long) j * k % padded)];
            full[k] = 2 * s * window(name, k, padded);
        }
        double[] half = new double[padded / 2 + 1];
        for (int k = 0; k < half.length; k++) half[k] = 0.25 * (full[k] + full[(padded - k) % padded]);
        return half;
    }

    private static double window(String name, int k, int n) {
        switch (name) {
            case "ramp":
                return 1;
            case "shepp-logan": {
                if (k == 0) return 1;
                double omega = Math.PI * (k < (n + 1) / 2 ? k : k - n) / n; // pi * fftfreq(n)[k]
                return Math.sin(omega) / omega;
            }
            case "cosine": // fftshift(sin(linspace(0, pi, n, endpoint=False)))
                return Math.sin(Math.PI * ((k + n / 2) % n) / n);
            case "hann": // fftshift(np.hanning(n))
                return 0.5 - 0.5 * Math.cos(2 * Math.PI * ((k + n / 2) % n) / (n - 1));
            default:
                throw new IllegalArgumentException("Wbp: unknown filter " + name);
        }
    }

    /**
     * The angular weight of every view in radians (see the class comment): its own spacing when
     * {@code bySpacing}, else the mean spacing {@code (max - min) / (N - 1)}; {@code pi} for a single view or when all
     * angles coincide.
     */
    public static double[] viewWeights(double[] anglesDeg, boolean bySpacing) {
        int n = anglesDeg.length;
        double[] w = new double[n];
        if (n == 0) return w;
        double min = Arrays.stream(anglesDeg).min().getAsDouble(), max = Arrays.stream(anglesDeg).max().getAsDouble();
        if (n == 1 || max == min) {
            Arrays.fill(w, Math.PI / n);
            return w;
        }
        if (!bySpacing) {
            Arrays.fill(w, Math.toRadians((max - min) / (n - 1)));
            return w;
        }
        Integer[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> anglesDeg[i])).toArray(Integer[]::new);
        for (int r = 0; r < n; r++) {
            double lo = anglesDeg[order[Math.max(0, r - 1)]], hi = anglesDeg[order[Math.min(n - 1, r + 1)]];
            double spacing = (r == 0 || r == n - 1) ? hi - lo : (hi - lo) / 2;
            w[order[r]] = Math.toRadians(spacing);
        }
        return w;
    }
}
