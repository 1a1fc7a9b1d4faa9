package org.cryograd.fft;

import org.jtransforms.fft.DoubleFFT_1D;

/** A {@link LineBatch} of any length: JTransforms' 1-D complex transform, one line at a time. */
final class LineBatchJTransforms implements LineBatch {
    private final int n;
    private final DoubleFFT_1D plan; // null for n = 1: the identity
    private final double[] re, im, line;

    LineBatchJTransforms(int n) {
        if (n < 1) throw new IllegalArgumentException("LineBatchJTransforms: length " + n + " < 1");
        this.n = n;
        plan = n > 1 ? new DoubleFFT_1D(n) : null;
        re = new double[n * LANES];
        im = new double[n * LANES];
        line = new double[2 * n];
    }

    @Override
    public double[] re() {
        return re;
    }

    @Override
    public double[] im() {
        return im;
    }

    @Override
    public void transform(boolean inverse, int lanes) {
        if (plan == null) return;
        for (int w = 0; w < lanes; w++) {
            for (int j = 0; j < n; j++) {
                line[2 * j] = re[j * LANES + w];
                line[2 * j + 1] = im[j * LANES + w];
            }
            if (inverse) plan.complexInverse(line, false);
            else plan.complexForward(line);
            for (int j = 0; j < n; j++) {
                re[j * LANES + w] = line[2 * j];
                im[j * LANES + w] = line[2 * j + 1];
            }
        }
    }
}
