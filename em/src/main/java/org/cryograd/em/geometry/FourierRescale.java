package org.cryograd.em.geometry;

import org.cryograd.fft.Fft;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.Tensor;

/**
 * Resampling of a map or image stack to another voxel size by Fourier cropping (binning, a larger voxel) or zero
 * padding (a smaller voxel), as {@code relion_image_handler --rescale_angpix} and IMOD's {@code squeezevol}-free
 * binning do: the field of view is kept, so an axis of {@code n} voxels of size {@code v} becomes
 * {@code m = max(1, round(n v / target))} voxels of size {@code n v / m} (close to {@code target}; exactly when
 * {@code n v / target} is an integer).
 *
 * <p>The coefficients of the signed frequencies both grids share are copied ({@code -floor(m/2) .. ceil(m/2) - 1}
 * of the smaller grid along each fully transformed axis, {@code 0 .. m/2} along the half axis), the rest dropped or
 * zero, and the result is scaled by {@code m_total / n_total} so that voxel values (and the mean) keep their units.
 * When the smaller size is even, its Nyquist coefficient is taken from the negative frequency only (the real
 * inverse transform then treats it as real, as numpy's {@code irfftn} does). Cropping is an ideal low-pass filter,
 * so no aliasing is introduced. Image stacks are resampled section by section in x and y only.
 */
public final class FourierRescale {
    private FourierRescale() {}

    /** The new size of an axis of {@code n} voxels of {@code voxel} Å at {@code target} Å. */
    public static int newSize(int n, double voxel, double target) {
        if (!(voxel > 0) || !(target > 0)) throw new IllegalArgumentException("FourierRescale: voxel sizes must be > 0, got " + voxel + " -> " + target);
        return (int) Math.max(1, Math.round(n * voxel / target));
    }

    /**
     * Resamples a volume {@code [nz, ny, nx]} to {@code [mz, my, mx]}.
     *
     * @return the resampled volume on the input's device
     */
    public static Tensor volume(Tensor v, int mz, int my, int mx) {
        if (v.rank() != 3) throw new IllegalArgumentException("FourierRescale.volume: expected [nz, ny, nx], got " + v.shape());
        if (mz < 1 || my < 1 || mx < 1) throw new IllegalArgumentException("FourierRescale.volume: sizes must be >= 1");
        try (Grad g = Grad.disabled()) {
            Tensor cpu = v.device().equals(Device.cpu()) ? v : v.to(Device.cpu());
            int nz = v.dim(0), ny = v.dim(1), nx = v.dim(2);
            float[] spec = Fft.rfft3(cpu).toArray();
            float[] out = new float[mz * my * (mx / 2 + 1) * 2];
            int hx = nx / 2 + 1, ox = mx / 2 + 1;
            int[] zs = map(nz, mz), ys = map(ny, my);
            int kx = Math.min(hx, ox);
            double scale = (double) mz * my * mx / ((double) nz * ny * nx);
            for (int z = 0; z < mz; z++) {
                if (zs[z] < 0) continue;
                for (int y = 0; y < my; y++) {
                    if (ys[y] < 0) continue;
                    int src = (zs[z] * ny + ys[y]) * hx, dst = (z * my + y) * ox;
                    for (int x = 0; x < kx; x++) {
                        out[2 * (dst + x)] = (float) (spec[2 * (src + x)] * scale);
                        out[2 * (dst + x) + 1] = (float) (spec[2 * (src + x) + 1] * scale);
                    }
                }
            }
            Tensor r = Fft.irfft3(Tensor.of(out, mz, my, ox, 2), mz, my, mx);
            return v.device().equals(Device.cpu()) ? r : r.to(v.device());
        }
    }

    /**
     * Resamples every section of an image stack {@code [n, ny, nx]} to {@code [n, my, mx]}.
     *
     * @return the resampled stack on the input's device
     */
    public static Tensor stack(Tensor s, int my, int mx) {
        if (s.rank() != 3) throw new IllegalArgumentException("FourierRescale.stack: expected [sections, ny, nx], got " + s.shape());
        try (Grad g = Grad.disabled()) {
            Tensor cpu = s.device().equals(Device.cpu()) ? s : s.to(Device.cpu());
            int n = s.dim(0), ny = s.dim(1), nx = s.dim(2);
            float[] spec = Fft.rfft2(cpu).toArray();
            int hx = nx / 2 + 1, ox = mx / 2 + 1, kx = Math.min(hx, ox);
            int[] ys = map(ny, my);
            double scale = (double) my * mx / ((double) ny * nx);
            float[] out = new float[n * my * ox * 2];
            for (int k = 0; k < n; k++)
                for (int y = 0; y < my; y++) {
                    if (ys[y] < 0) continue;
                    int src = (k * ny + ys[y]) * hx, dst = (k * my + y) * ox;
                    for (int x = 0; x < kx; x++) {
                        out[2 * (dst + x)] = (float) (spec[2 * (src + x)] * scale);
                        out[2 * (dst + x) + 1] = (float) (spec[2 * (src + x) + 1] * scale);
                    }
                }
            Tensor r = Fft.irfft2(Tensor.of(out, n, my, ox, 2), my, mx);
            return s.device().equals(Device.cpu()) ? r : r.to(s.device());
        }
    }

    /**
     * For each index of an {@code m}-point full FFT axis, the index of the same signed frequency on the
     * {@code n}-point axis, or -1 when it is outside the range both share.
     */
    static int[] map(int n, int m) {
        int small = Math.min(n, m);
        int lo = -(small / 2), hi = (small + 1) / 2 - 1; // signed frequencies of the smaller grid
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            int f = i <= (m - 1) / 2 ? i : i - m; // signed frequency of index i on the m grid (numpy fftfreq order)
            if (m % 2 == 0 && i == m / 2) f = -m / 2;
            out[i] = f < lo || f > hi ? -1 : (f >= 0 ? f : n + f);
        }
        return out;
    }
}
