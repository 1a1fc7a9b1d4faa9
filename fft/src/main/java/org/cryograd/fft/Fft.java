package org.cryograd.fft;

import java.util.Arrays;
import org.cryograd.tensor.Tensor;

/**
 * Discrete Fourier transforms of tensors over their last 1, 2 or 3 dimensions, with numpy/torch conventions.
 *
 * <ul>
 *   <li><b>Layout.</b> Leading dimensions are batch. A complex tensor is a real tensor with a trailing dimension
 *       of size 2 holding {@code (re, im)}, as {@code torch.view_as_real}. {@link #rfftn} of a real tensor of shape
 *       {@code [..., n1, n2, n3]} has shape {@code [..., n1, n2, n3/2+1, 2]} (the half spectrum, as
 *       {@code torch.fft.rfftn}); frequencies are in FFT order (zero first), see {@link #fftshift}.</li>
 *   <li><b>Sign and scale.</b> Forward {@code X[k] = sum_j x[j] exp(-2 pi i j k / n)}; with the default
 *       {@link Norm#BACKWARD} the forward transform is unscaled and the inverse is scaled by {@code 1/n}.</li>
 *   <li><b>Precision.</b> Input is float32; each transform runs in double precision (JTransforms'
 *       {@code DoubleFFT_1D} along each axis) and the result is rounded once to float32, so results agree with
 *       numpy's float64 FFT to float32 rounding.</li>
 *   <li><b>Devices and autograd.</b> The work is done on the CPU; the result is put on the input's device. These
 *       transforms are <em>not differentiable</em>: the result is a new tensor outside the autograd graph, even
 *       when the input requires a gradient. Code that needs gradients through a Fourier transform (DUAL's spectral
 *       discriminator) uses a small DFT by matrix products instead. {@link #fftshift}, {@link #real},
 *       {@link #imag}, {@link #complex}, {@link #abs} and {@link #multiply} are compositions of tensor ops and
 *       are differentiable.</li>
 *   <li><b>Threads.</b> Work runs on the daemon pool of {@link FftThreads}; it never keeps a JVM alive.</li>
 * </ul>
 *
 * <pre>{@code
 * Tensor vol = Tensor.randn(new Rng(1), 2, 32, 32, 32);   // a batch of two volumes
 * Tensor spec = Fft.rfftn(vol, 3);                         // [2, 32, 32, 17, 2]
 * Tensor back = Fft.irfftn(spec, 32, 32, 32);              // [2, 32, 32, 32], equals vol to float rounding
 * }</pre>
 */
public final class Fft {
    private Fft() {}

    // ------------------------------------------------------------------ real transforms

    /** Real-to-complex FFT over the last {@code ndim} (1 to 3) dimensions, {@link Norm#BACKWARD}. */
    public static Tensor rfftn(Tensor x, int ndim) {
        return rfftn(x, ndim, Norm.BACKWARD);
    }

    /**
     * Real-to-complex FFT over the last {@code ndim} (1 to 3) dimensions of {@code x}: a tensor of shape
     * {@code [..., n_last/2+1, 2]} (as {@code torch.view_as_real(torch.fft.rfftn(x, dim=last ndim, norm=norm))}).
     */
    public static Tensor rfftn(Tensor x, int ndim, Norm norm) {
        int[] dims = x.dims();
        checkNdim("rfftn", dims, ndim, 0);
        int[] out = Arrays.copyOf(dims, dims.length + 1);
        out[dims.length - 1] = dims[dims.length - 1] / 2 + 1;
        out[dims.length] = 2;
        double s = norm.scale(FftEngine.product(dims, dims.length - ndim, dims.length), false);
        return Tensor.of(x.device(), FftEngine.rfftToFloat(x.toArray(), dims, ndim, s), out);
    }

    /** Inverse of {@link #rfftn} ({@link Norm#BACKWARD}); {@code shape} gives the real sizes of the transformed dimensions. */
    public static Tensor irfftn(Tensor spectrum, int... shape) {
        return irfftn(spectrum, shape, Norm.BACKWARD);
    }

    /**
     * Complex-to-real inverse FFT over the last {@code shape.length} (1 to 3) complex dimensions of
     * {@code spectrum} ({@code [..., m1, m2, m3, 2]}), giving a real tensor {@code [..., shape]}. The complex
     * sizes must be {@code shape} with the last one {@code shape[last]/2+1} (no implicit cropping or padding).
     * As in numpy, the stored half is taken to be one side of a Hermitian spectrum: the imaginary parts of the
     * zero-frequency and (even sizes) Nyquist coefficients along the last axis do not contribute.
     */
    public static Tensor irfftn(Tensor spectrum, int[] shape, Norm norm) {
        int[] sd = spectrum.dims();
        int ndim = shape.length;
        checkComplex("irfftn", sd);
        int[] cd = Arrays.copyOf(sd, sd.length - 1);
        checkNdim("irfftn", cd, ndim, 1);
        int lead = cd.length - ndim;
        for (int i = 0; i < ndim; i++) {
            int expect = i == ndim - 1 ? shape[i] / 2 + 1 : shape[i];
            if (shape[i] < 1 || cd[lead + i] != expect)
                throw new IllegalArgumentException("irfftn: spectrum shape " + Arrays.toString(sd) + " does not match output sizes "
                        + Arrays.toString(shape) + " (expected complex sizes " + Arrays.toString(halfSizes(shape)) + " before the trailing 2)");
        }
        int[] realDims = cd.clone();
        System.arraycopy(shape, 0, realDims, lead, ndim);
        double s = norm.scale(FftEngine.product(shape, 0, ndim), true);
        float[] out = FftEngine.irfft(spectrum.toArray(), realDims, ndim, s);
        return Tensor.of(spectrum.device(), out, realDims);
    }

    private static int[] halfSizes(int[] shape) {
        int[] h = shape.clone();
        h[h.length - 1] = h[h.length - 1] / 2 + 1;
        return h;
    }

    // ------------------------------------------------------------------ complex transforms

    /** Complex FFT over the last {@code ndim} complex dimensions, {@link Norm#BACKWARD}. */
    public static Tensor fftn(Tensor x, int ndim) {
        return complex("fftn", x, ndim, Norm.BACKWARD, false);
    }

    /** Complex FFT of a complex tensor {@code [..., n1, n2, n3, 2]} over its last {@code ndim} (1 to 3) complex dimensions. */
    public static Tensor fftn(Tensor x, int ndim, Norm norm) {
        return complex("fftn", x, ndim, norm, false);
    }

    /** Inverse complex FFT over the last {@code ndim} complex dimensions, {@link Norm#BACKWARD} (scaled by {@code 1/n}). */
    public static Tensor ifftn(Tensor x, int ndim) {
        return complex("ifftn", x, ndim, Norm.BACKWARD, true);
    }

    /** Inverse complex FFT of a complex tensor {@code [..., n1, n2, n3, 2]} over its last {@code ndim} complex dimensions. */
    public static Tensor ifftn(Tensor x, int ndim, Norm norm) {
        return complex("ifftn", x, ndim, norm, true);
    }

    private static Tensor complex(String op, Tensor x, int ndim, Norm norm, boolean inverse) {
        int[] sd = x.dims();
        checkComplex(op, sd);
        int[] cd = Arrays.copyOf(sd, sd.length - 1);
        checkNdim(op, cd, ndim, 1);
        double s = norm.scale(FftEngine.product(cd, cd.length - ndim, cd.length), inverse);
        return Tensor.of(x.device(), FftEngine.complexLast(x.toArray(), cd, ndim, inverse, s), sd);
    }

    // ------------------------------------------------------------------ conveniences

    /** {@code rfftn(x, 1)}. */
    public static Tensor rfft(Tensor x) {
        return rfftn(x, 1);
    }

    /** {@code rfftn(x, 2)}. */
    public static Tensor rfft2(Tensor x) {
        return rfftn(x, 2);
    }

    /** {@code rfftn(x, 3)}. */
    public static Tensor rfft3(Tensor x) {
        return rfftn(x, 3);
    }

    /** {@code irfftn(spectrum, n)}. */
    public static Tensor irfft(Tensor spectrum, int n) {
        return irfftn(spectrum, n);
    }

    /** {@code irfftn(spectrum, ny, nx)}. */
    public static Tensor irfft2(Tensor spectrum, int ny, int nx) {
        return irfftn(spectrum, ny, nx);
    }

    /** {@code irfftn(spectrum, nz, ny, nx)}. */
    public static Tensor irfft3(Tensor spectrum, int nz, int ny, int nx) {
        return irfftn(spectrum, nz, ny, nx);
    }

    /** {@code fftn(x, 1)}. */
    public static Tensor fft(Tensor x) {
        return fftn(x, 1);
    }

    /** {@code ifftn(x, 1)}. */
    public static Tensor ifft(Tensor x) {
        return ifftn(x, 1);
    }

    /** {@code fftn(x, 2)}. */
    public static Tensor fft2(Tensor x) {
        return fftn(x, 2);
    }

    /** {@code ifftn(x, 2)}. */
    public static Tensor ifft2(Tensor x) {
        return ifftn(x, 2);
    }

    /** {@code fftn(x, 3)}. */
    public static Tensor fft3(Tensor x) {
        return fftn(x, 3);
    }

    /** {@code ifftn(x, 3)}. */
    public static Tensor ifft3(Tensor x) {
        return ifftn(x, 3);
    }

    // ------------------------------------------------------------------ shifts and grids

    /**
     * Moves the zero frequency to the centre along the given axes (negative axes count from the end), as
     * {@code numpy.fft.fftshift}: a roll by {@code n/2}. For a complex tensor name only complex axes, never the
     * trailing {@code (re, im)} axis (e.g. {@code -2, -3} for a 2-D spectrum). Differentiable.
     */
    public static Tensor fftshift(Tensor x, int... axes) {
        return shift("fftshift", x, axes, true);
    }

    /** Inverse of {@link #fftshift} ({@code numpy.fft.ifftshift}: a roll by {@code -(n/2)}); differs from it for odd sizes. */
    public static Tensor ifftshift(Tensor x, int... axes) {
        return shift("ifftshift", x, axes, false);
    }

    private static Tensor shift(String op, Tensor x, int[] axes, boolean forward) {
        if (axes.length == 0) throw new IllegalArgumentException(op + ": no axes given for shape " + Arrays.toString(x.dims()));
        int[] shifts = new int[axes.length];
        int rank = x.rank();
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] < -rank || axes[i] >= rank)
                throw new IllegalArgumentException(op + ": axis " + axes[i] + " out of range for shape " + Arrays.toString(x.dims()));
            int n = x.dim(Math.floorMod(axes[i], rank));
            shifts[i] = forward ? n / 2 : -(n / 2);
        }
        return x.roll(shifts, axes);
    }

    /** Sample frequencies of an {@code n}-point FFT for sample spacing {@code d}, in FFT order ({@code numpy.fft.fftfreq}). */
    public static double[] fftfreq(int n, double d) {
        if (n < 1 || !(d > 0)) throw new IllegalArgumentException("fftfreq: need n >= 1 and d > 0, got n=" + n + ", d=" + d);
        double[] f = new double[n];
        for (int i = 0; i < n; i++) f[i] = signedIndex(i, n) / (n * d);
        return f;
    }

    /** Sample frequencies of an {@code n}-point real FFT ({@code n/2+1} values, all non-negative; {@code numpy.fft.rfftfreq}). */
    public static double[] rfftfreq(int n, double d) {
        if (n < 1 || !(d > 0)) throw new IllegalArgumentException("rfftfreq: need n >= 1 and d > 0, got n=" + n + ", d=" + d);
        double[] f = new double[n / 2 + 1];
        for (int i = 0; i < f.length; i++) f[i] = i / (n * d);
        return f;
    }

    /** The signed frequency index of FFT bin {@code i} of {@code n}: {@code i} for {@code i < (n+1)/2}, else {@code i - n}. */
    static int signedIndex(int i, int n) {
        return i < (n + 1) / 2 ? i : i - n;
    }

    // ------------------------------------------------------------------ complex helpers (tensor compositions)

    /** The real parts of a complex tensor {@code [..., 2]}: shape {@code [...]}. Differentiable. */
    public static Tensor real(Tensor z) {
        checkComplex("real", z.dims());
        try (Tensor s = z.slice(-1, 0, 1)) {
            return s.squeeze(-1);
        }
    }

    /** The imaginary parts of a complex tensor {@code [..., 2]}: shape {@code [...]}. Differentiable. */
    public static Tensor imag(Tensor z) {
        checkComplex("imag", z.dims());
        try (Tensor s = z.slice(-1, 1, 2)) {
            return s.squeeze(-1);
        }
    }

    /** A complex tensor {@code [..., 2]} from real and imaginary parts of equal shape. Differentiable. */
    public static Tensor complex(Tensor re, Tensor im) {
        if (!Arrays.equals(re.dims(), im.dims()))
            throw new IllegalArgumentException("complex: real part " + Arrays.toString(re.dims()) + " and imaginary part "
                    + Arrays.toString(im.dims()) + " differ in shape");
        return Tensor.stack(-1, re, im);
    }

    /** The modulus {@code sqrt(re^2 + im^2)} of a complex tensor {@code [..., 2]}. Differentiable (not at 0). */
    public static Tensor abs(Tensor z) {
        checkComplex("abs", z.dims());
        Tensor sq = z.square(), s = sq.sum(-1, false);
        Tensor out = s.sqrt();
        if (!z.needsGrad()) { // intermediates are needed only by a backward pass
            sq.close();
            s.close();
        }
        return out;
    }

    /**
     * Multiplies a complex tensor {@code [..., 2]} by a real factor that broadcasts against its complex shape
     * {@code [...]} (e.g. a half-spectrum filter {@code [ny, nx/2+1]} against {@code [batch, ny, nx/2+1, 2]}).
     * Differentiable.
     */
    public static Tensor multiply(Tensor z, Tensor realFactor) {
        checkComplex("multiply", z.dims());
        Tensor f = realFactor.unsqueeze(-1);
        Tensor out = z.mul(f);
        if (!z.needsGrad() && !realFactor.needsGrad()) f.close(); // a backward pass reads f
        return out;
    }

    // ------------------------------------------------------------------ checks

    static void checkComplex(String op, int[] dims) {
        if (dims.length < 2 || dims[dims.length - 1] != 2)
            throw new IllegalArgumentException(op + ": expected a complex tensor [..., 2] (re, im) with at least one complex dimension, got shape "
                    + Arrays.toString(dims));
    }

    static void checkNdim(String op, int[] dims, int ndim, int trailing) {
        if (ndim < 1 || ndim > 3)
            throw new IllegalArgumentException(op + ": ndim must be 1, 2 or 3, got " + ndim);
        if (dims.length < ndim)
            throw new IllegalArgumentException(op + ": cannot transform the last " + ndim + " dimensions of "
                    + (trailing == 0 ? "shape " : "complex sizes ") + Arrays.toString(dims));
        for (int i = dims.length - ndim; i < dims.length; i++)
            if (dims[i] < 1)
                throw new IllegalArgumentException(op + ": transformed dimension " + i + " of " + (trailing == 0 ? "shape " : "complex sizes ")
                        + Arrays.toString(dims) + " is empty");
    }
}
