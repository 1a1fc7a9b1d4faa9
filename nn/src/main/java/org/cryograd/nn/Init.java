package org.cryograd.nn;

import org.cryograd.tensor.Grad;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Shape;
import org.cryograd.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * Weight initializers with {@code torch.nn.init}'s formulas, filling a tensor in place from a seeded {@link Rng}
 * (the same seed gives the same weights on every device). Each returns the tensor it filled.
 *
 * <p>Fans follow PyTorch: for a weight of shape {@code [d0, d1, k...]}, {@code fanIn = d1 * prod(k)} and
 * {@code fanOut = d0 * prod(k)} (so for a transposed convolution's {@code [in, out/groups, k...]} weight the
 * "fan in" is {@code out/groups * prod(k)}, as in PyTorch).
 */
public final class Init {
    /** Which fan {@code kaiming*} scales by. */
    public enum FanMode {
        /** preserves the variance of activations in the forward pass */ FAN_IN,
        /** preserves the variance of gradients in the backward pass */ FAN_OUT
    }

    /** Nonlinearities known to {@link #gain}, as in {@code torch.nn.init.calculate_gain}. */
    public enum Nonlinearity {
        /** gain 1 */ LINEAR,
        /** gain 1 */ SIGMOID,
        /** gain 5/3 */ TANH,
        /** gain sqrt(2) */ RELU,
        /** gain sqrt(2 / (1 + slope^2)) */ LEAKY_RELU,
        /** gain 3/4 */ SELU
    }

    private Init() {}

    /**
     * The recommended gain for a nonlinearity ({@code torch.nn.init.calculate_gain}).
     *
     * @param param the negative slope for {@link Nonlinearity#LEAKY_RELU}; ignored otherwise
     */
    public static double gain(Nonlinearity nl, double param) {
        return switch (nl) {
            case LINEAR, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3.0;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> Math.sqrt(2.0 / (1.0 + param * param));
            case SELU -> 0.75;
        };
    }

    /** PyTorch's fan in of a weight of rank at least 2: {@code dim(1) * prod(dims[2:])}. */
    public static int fanIn(Shape s) {
        checkFans("fanIn", s);
        return s.dim(1) * receptive(s);
    }

    /** PyTorch's fan out of a weight of rank at least 2: {@code dim(0) * prod(dims[2:])}. */
    public static int fanOut(Shape s) {
        checkFans("fanOut", s);
        return s.dim(0) * receptive(s);
    }

    private static void checkFans(String op, Shape s) {
        if (s.rank() < 2) throw new IllegalArgumentException(op + ": fans need a tensor of rank >= 2, got shape " + s);
    }

    private static int receptive(Shape s) {
        int r = 1;
        for (int i = 2; i < s.rank(); i++) r *= s.dim(i);
        return r;
    }

    /** Fills with {@code U(lo, hi)}. */
    public static Tensor uniform(Tensor t, double lo, double hi, Rng rng) {
        if (!(hi >= lo)) throw new IllegalArgumentException("Init.uniform: need lo <= hi, got [" + lo + ", " + hi + "]");
        try (Grad g = Grad.disabled(); Tensor u = Tensor.rand(t.device(), rng, t.dims()); Tensor s = u.mul((float) (hi - lo));
             Tensor v = s.add((float) lo)) {
            t.copyFrom(v);
        }
        return t;
    }

    /** Fills with {@code N(mean, std^2)}. */
    public static Tensor normal(Tensor t, double mean, double std, Rng rng) {
        if (!(std >= 0)) throw new IllegalArgumentException("Init.normal: negative std " + std);
        try (Grad g = Grad.disabled(); Tensor n = Tensor.randn(t.device(), rng, t.dims()); Tensor s = n.mul((float) std);
             Tensor v = s.add((float) mean)) {
            t.copyFrom(v);
        }
        return t;
    }

    /** Fills with a constant. */
    public static Tensor constant(Tensor t, float value) {
        try (Grad g = Grad.disabled()) {
            t.fillInPlace(value);
        }
        return t;
    }

    /**
     * He/Kaiming uniform: {@code U(-b, b)} with {@code b = gain(nl, a) * sqrt(3 / fan)}. PyTorch's default layer
     * initialisation is {@code kaimingUniform(w, sqrt(5), FAN_IN, LEAKY_RELU, rng)}, i.e. {@code b = 1/sqrt(fanIn)}.
     *
     * @param a the negative slope for {@link Nonlinearity#LEAKY_RELU}
     */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nl, Rng rng) {
        double std = gain(nl, a) / Math.sqrt(fan("kaimingUniform", t, mode));
        double bound = Math.sqrt(3.0) * std;
        return uniform(t, -bound, bound, rng);
    }

    /** He/Kaiming normal: {@code N(0, std^2)} with {@code std = gain(nl, a) / sqrt(fan)}. */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nl, Rng rng) {
        double std = gain(nl, a) / Math.sqrt(fan("kaimingNormal", t, mode));
        return normal(t, 0, std, rng);
    }

    private static int fan(String op, Tensor t, FanMode mode) {
        int f = mode == FanMode.FAN_IN ? fanIn(t.shape()) : fanOut(t.shape());
        if (f == 0) throw new IllegalArgumentException(op + ": zero fan for shape " + t.shape());
        return f;
    }

    /** Glorot/Xavier uniform: {@code U(-b, b)} with {@code b = gain * sqrt(6 / (fanIn + fanOut))}. */
    public static Tensor xavierUniform(Tensor t, double gain, Rng rng) {
        double bound = gain * Math.sqrt(6.0 / (fanIn(t.shape()) + fanOut(t.shape())));
        return uniform(t, -bound, bound, rng);
    }

    /** Glorot/Xavier normal: {@code N(0, std^2)} with {@code std = gain * sqrt(2 / (fanIn + fanOut))}. */
    public static Tensor xavierNormal(Tensor t, double gain, Rng rng) {
        double std = gain * Math.sqrt(2.0 / (fanIn(t.shape()) + fanOut(t.shape())));
        return normal(t, 0, std, rng);
    }

    /**
     * SIREN's first layer (Sitzmann et al. 2020): {@code U(-1/fanIn, 1/fanIn)}, so that {@code sin(w0 * W x)} with
     * {@code w0 = 30} spans several periods over inputs in [-1, 1].
     */
    public static Tensor sirenFirst(Tensor t, Rng rng) {
        double b = 1.0 / fan("sirenFirst", t, FanMode.FAN_IN);
        return uniform(t, -b, b, rng);
    }

    /** SIREN's hidden layers: {@code U(-sqrt(6/fanIn)/w0, +sqrt(6/fanIn)/w0)}, keeping pre-activations ~ arcsine-distributed. */
    public static Tensor sirenHidden(Tensor t, double w0, Rng rng) {
        if (!(w0 > 0)) throw new IllegalArgumentException("Init.sirenHidden: w0 must be positive, got " + w0);
        double b = Math.sqrt(6.0 / fan("sirenHidden", t, FanMode.FAN_IN)) / w0;
        return uniform(t, -b, b, rng);
    }

    /**
     * A (semi-)orthogonal matrix as {@code torch.nn.init.orthogonal_}: the tensor is viewed as
     * {@code [dim(0), numel/dim(0)]}, a standard-normal matrix of that shape (transposed when it has fewer rows than
     * columns) is factored {@code QR}, {@code Q}'s columns are multiplied by {@code sign(diag(R))} (which makes the
     * result Haar-distributed and independent of the QR algorithm), transposed back, and scaled by {@code gain}.
     * Rows are orthonormal when {@code rows <= cols}, columns otherwise.
     */
    public static Tensor orthogonal(Tensor t, double gain, Rng rng) {
        if (t.rank() < 2) throw new IllegalArgumentException("Init.orthogonal: needs a tensor of rank >= 2, got shape " + t.shape());
        int rows = t.dim(0);
        int cols = (int) (t.numel() / Math.max(rows, 1));
        if (rows == 0 || cols == 0) return t;
        float[] gauss;
        try (Tensor n = Tensor.randn(rng, rows, cols)) {
            gauss = n.toArray();
        }
        float[] q = orthogonalFrom(gauss, rows, cols, gain);
        try (Grad g = Grad.disabled(); Tensor v = Tensor.of(t.device(), q, t.dims())) {
            t.copyFrom(v);
        }
        return t;
    }

    /**
     * The deterministic part of {@link #orthogonal}: {@code gauss} ({@code rows x cols}, row-major) to the scaled,
     * sign-corrected orthogonal factor, computed in double precision.
     */
    static float[] orthogonalFrom(float[] gauss, int rows, int cols, double gain) {
        boolean transpose = rows < cols;
        int m = transpose ? cols : rows, n = transpose ? rows : cols; // m >= n
        DMatrixRMaj a = new DMatrixRMaj(m, n);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                double v = gauss[i * cols + j];
                if (transpose) a.set(j, i, v);
                else a.set(i, j, v);
            }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(m, n);
        if (!qr.decompose(a.copy())) throw new IllegalStateException("Init.orthogonal: QR of a " + m + "x" + n + " Gaussian matrix failed");
        DMatrixRMaj qm = qr.getQ(null, true); // reduced: m x n
        DMatrixRMaj rm = qr.getR(null, true); // n x n
        float[] out = new float[rows * cols];
        for (int j = 0; j < n; j++) {
            double d = rm.get(j, j);
            double sign = d > 0 ? 1 : d < 0 ? -1 : 0; // torch: d.sign(), 0 for an exactly singular column
            for (int i = 0; i < m; i++) {
                double v = qm.get(i, j) * sign * gain;
                if (transpose) out[j * cols + i] = (float) v;
                else out[i * cols + j] = (float) v;
            }
        }
        return out;
    }
}
