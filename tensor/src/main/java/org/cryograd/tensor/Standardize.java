package org.cryograd.tensor;

/**
 * {@code (x - mean) / sqrt(var + eps)} over the trailing axes, as one backend operation each way
 * ({@link org.cryograd.tensor.spi.Backend#standardizeRows}) instead of the seven elementwise and reduction ops it is
 * made of, which dominated the backward pass of small-channel 3-D U-Nets.
 */
final class Standardize {
    private Standardize() {}

    static Tensor apply(Tensor x, int fromAxis, float eps) {
        if (fromAxis < 0 || fromAxis >= x.rank())
            throw new IllegalArgumentException("standardize: fromAxis " + fromAxis + " is not an axis of " + x.shape());
        if (!(eps >= 0) || Float.isInfinite(eps)) throw new IllegalArgumentException("standardize: eps must be finite and >= 0, got " + eps);
        int rows = x.shape().prod(0, fromAxis), n = x.shape().prod(fromAxis, x.rank());
        if (n == 0) throw new IllegalArgumentException("standardize: no elements to standardise over in " + x.shape() + " from axis " + fromAxis);
        Tensor y = Tensor.empty(x.device(), x.shape());
        Tensor invStd = Tensor.empty(x.device(), Shape.of(rows));
        x.backend().standardizeRows(x.storage("standardize"), rows, n, eps, y.storage("standardize"), invStd.storage("standardize"));
        return Autograd.record("standardize", y, g -> {
            Tensor gx = Tensor.empty(x.device(), x.shape());
            gx.backend().standardizeRowsBackward(g.storage("standardize"), y.storage("standardize"), invStd.storage("standardize"), rows, n,
                    gx.storage("standardize"));
            return new Tensor[] {gx};
        }, x);
    }
}
