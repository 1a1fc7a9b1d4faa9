package org.cryograd.polar.baseline;

import org.cryograd.fft.Ctf;
import org.cryograd.fft.Fft;
import org.cryograd.fft.FourierLayout;
import org.cryograd.tensor.Tensor;

/**
 * The Wiener filter for images {@code y = c * x + n} with a known CTF {@code c}, white noise of known variance and
 * a known radial power spectrum {@code P(|k|)} of the CTF-free projections {@code x}. It estimates the noise-free
 * CTF-modulated image {@code c * x} (the denoising target): in Fourier space
 * {@code ŝ(k) = S(k) / (S(k) + N² σ²) · Y(k)} with {@code S(k) = c(k)² P(|k|)} (unnormalised DFT, so the noise
 * power per coefficient is {@code N² σ²}). {@code P} comes from clean training projections ({@link #radialPower}),
 * {@code σ²} from the SNR, so this is the linear MMSE estimator for a stationary Gaussian signal model.
 */
public final class WienerFilter {
    private final double[] power;
    private final double noiseVariance;
    private final double pixelSize;

    /**
     * @param power         mean {@code |DFT|²} of CTF-free projections per integer frequency shell ({@link #radialPower})
     * @param noiseVariance per-pixel noise variance
     * @param pixelSize     Å per pixel
     */
    public WienerFilter(double[] power, double noiseVariance, double pixelSize) {
        if (!(noiseVariance > 0)) throw new IllegalArgumentException("WienerFilter: noise variance must be > 0, got " + noiseVariance);
        this.power = power.clone();
        this.noiseVariance = noiseVariance;
        this.pixelSize = pixelSize;
    }

    /** Shell of DFT index {@code (iy, ix)} of an {@code n x n} image: {@code round(|k|)} in index units. */
    static int shell(int iy, int ix, int n) {
        int ky = iy <= n / 2 ? iy : iy - n, kx = ix <= n / 2 ? ix : ix - n;
        return (int) Math.round(Math.sqrt(kx * (double) kx + ky * (double) ky));
    }

    /** Mean {@code |DFT|²} per integer shell ({@code 0 .. ceil(n/√2)}) of images {@code [..., n, n]}. */
    public static double[] radialPower(Tensor images) {
        int[] d = images.dims();
        int n = d[d.length - 1];
        if (d.length < 2 || d[d.length - 2] != n) throw new IllegalArgumentException("WienerFilter.radialPower: expected [..., n, n], got " + images.shape());
        int h = n / 2 + 1, m = (int) (images.numel() / ((long) n * n));
        float[] spec = Fft.rfftn(images.reshape(m, n, n), 2).toArray();
        int shells = shell(n / 2, n / 2, n) + 1;
        double[] sum = new double[shells];
        long[] cnt = new long[shells];
        for (int b = 0; b < m; b++)
            for (int iy = 0; iy < n; iy++)
                for (int ix = 0; ix < n; ix++) {
                    // full-grid coefficient (iy, ix) from the half spectrum by Hermitian symmetry
                    int hy = ix < h ? iy : (n - iy) % n, hx = ix < h ? ix : n - ix;
                    int o = ((b * n + hy) * h + hx) * 2;
                    double re = spec[o], im = spec[o + 1];
                    int s = shell(iy, ix, n);
                    sum[s] += re * re + im * im;
                    cnt[s]++;
                }
        for (int s = 0; s < shells; s++) sum[s] = cnt[s] == 0 ? 0 : sum[s] / cnt[s];
        return sum;
    }

    /**
     * Filters images {@code [..., n, n]}, image {@code i} with CTF {@code ctfs[i]}.
     *
     * @return the estimates of the noise-free CTF-modulated images, same shape
     */
    public Tensor apply(Tensor noisy, Ctf[] ctfs) {
        int[] d = noisy.dims();
        int n = d[d.length - 1], h = n / 2 + 1, m = (int) (noisy.numel() / ((long) n * n));
        if (ctfs.length != m) throw new IllegalArgumentException("WienerFilter.apply: " + m + " images but " + ctfs.length + " CTFs");
        float[] spec = Fft.rfftn(noisy.reshape(m, n, n), 2).toArray();
        double noisePower = (double) n * n * noiseVariance;
        for (int b = 0; b < m; b++) {
            float[] c = ctfs[b].image(FourierLayout.HALF, pixelSize, n, n).toArray();
            for (int iy = 0; iy < n; iy++)
                for (int ix = 0; ix < h; ix++) {
                    int s = Math.min(shell(iy, ix, n), power.length - 1);
                    double sig = c[iy * h + ix] * (double) c[iy * h + ix] * power[s];
                    double w = sig / (sig + noisePower);
                    int o = ((b * n + iy) * h + ix) * 2;
                    spec[o] *= (float) w;
                    spec[o + 1] *= (float) w;
                }
        }
        return Fft.irfftn(Tensor.of(spec, m, n, h, 2), n, n).reshape(d);
    }
}
