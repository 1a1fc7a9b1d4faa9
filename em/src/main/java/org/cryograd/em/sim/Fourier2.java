package org.cryograd.em.sim;

import org.cryograd.fft.Fft;
import org.cryograd.tensor.Tensor;

/** 2-D complex FFTs of interleaved {@code (re, im)} float arrays {@code [ny][nx][2]} through {@link Fft}. */
final class Fourier2 {
    private Fourier2() {}

    static float[] forward(float[] interleaved, int ny, int nx) {
        try (Tensor t = Tensor.of(interleaved, ny, nx, 2); Tensor f = Fft.fft2(t)) {
            return f.toArray();
        }
    }

    static float[] inverse(float[] interleaved, int ny, int nx) {
        try (Tensor t = Tensor.of(interleaved, ny, nx, 2); Tensor f = Fft.ifft2(t)) {
            return f.toArray();
        }
    }

    /** A real image as interleaved complex. */
    static float[] complex(float[] real) {
        float[] c = new float[2 * real.length];
        for (int i = 0; i < real.length; i++) c[2 * i] = real[i];
        return c;
    }

    /** The real parts. */
    static float[] real(float[] interleaved) {
        float[] r = new float[interleaved.length / 2];
        for (int i = 0; i < r.length; i++) r[i] = interleaved[2 * i];
        return r;
    }

    /** {@code numpy.fft.fftfreq(n)[i]}: cycles per sample. */
    static double freq(int i, int n) {
        return (i < (n + 1) / 2 ? i : i - n) / (double) n;
    }

    /** A real image filtered by a real, even transfer function {@code h(nuX, nuY)} (cycles per pixel). */
    static float[] filter(float[] image, int ny, int nx, java.util.function.DoubleBinaryOperator h) {
        float[] f = forward(complex(image), ny, nx);
        for (int y = 0; y < ny; y++) {
            double fy = freq(y, ny);
            for (int x = 0; x < nx; x++) {
                double g = h.applyAsDouble(freq(x, nx), fy);
                int i = 2 * (y * nx + x);
                f[i] *= (float) g;
                f[i + 1] *= (float) g;
            }
        }
        return real(inverse(f, ny, nx));
    }
}
