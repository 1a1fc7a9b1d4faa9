package org.cryograd.fft;

/**
 * {@link #LANES} complex lines of one length, transformed together: the unit of work of {@link FftEngine}. The lines
 * sit side by side in split real / imaginary buffers, element {@code j} of lane {@code w} at {@code j * LANES + w}.
 * Each lane's result is that of its line transformed alone (lanes never mix), unscaled in both directions.
 *
 * <p>One instance per thread: it owns its buffers.
 */
interface LineBatch {
    /** Lines held. */
    int LANES = 4;

    /** Real parts, {@code [n][LANES]}: fill before {@link #transform}, read after (the buffer may change). */
    double[] re();

    /** Imaginary parts, {@code [n][LANES]}: fill before {@link #transform}, read after (the buffer may change). */
    double[] im();

    /**
     * Transforms the first {@code lanes} lines (others may be transformed too, or left as they are):
     * {@code X[k] = Σ x[j] exp(∓2πijk/n)}, minus sign forward, plus inverse, no scaling.
     */
    void transform(boolean inverse, int lanes);

    /** The fastest batch for length {@code n >= 1}: {@link LineBatchFft} for sizes {@code 2^a 3^b 5^c}, else JTransforms per line. */
    static LineBatch of(int n) {
        return LineBatchFft.supports(n) ? new LineBatchFft(n) : new LineBatchJTransforms(n);
    }
}
