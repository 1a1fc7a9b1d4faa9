package org.cryograd.dual;

/**
 * Mean and unbiased covariance of a set of noise codes {@code E(t)} ({@link DualModel#codeStatistics}): how close the
 * encoder's codes are to the {@code N(0, I_K)} that the KL term (eq. 9) asks for and that simulation draws from.
 *
 * @param count      codes measured
 * @param mean       {@code μ}, K values
 * @param covariance {@code Σ} ({@code 1/(count-1)}), K×K row-major
 */
public record CodeStatistics(int count, double[] mean, double[] covariance) {
    /** Checks the shapes. */
    public CodeStatistics {
        if (count < 2) throw new IllegalArgumentException("CodeStatistics: need at least 2 codes, got " + count);
        if (covariance.length != mean.length * mean.length)
            throw new IllegalArgumentException("CodeStatistics: covariance has " + covariance.length + " entries for K = " + mean.length);
        mean = mean.clone();
        covariance = covariance.clone();
    }

    /** The statistics of {@code n} codes, row-major {@code [n, K]}, in double precision (two passes). */
    public static CodeStatistics of(float[] codes, int n, int k) {
        if (n < 2 || codes.length != n * k)
            throw new IllegalArgumentException("CodeStatistics.of: " + codes.length + " values are not " + n + " >= 2 codes of size " + k);
        double[] mu = new double[k], cov = new double[k * k];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++) mu[j] += codes[i * k + j];
        for (int j = 0; j < k; j++) mu[j] /= n;
        double[] d = new double[k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) d[j] = codes[i * k + j] - mu[j];
            for (int p = 0; p < k; p++)
                for (int q = 0; q < k; q++) cov[p * k + q] += d[p] * d[q];
        }
        for (int i = 0; i < cov.length; i++) cov[i] /= n - 1;
        return new CodeStatistics(n, mu, cov);
    }

    /** Code size K. */
    public int codeSize() {
        return mean.length;
    }

    /** {@code μ}, a copy. */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** {@code Σ}, a copy. */
    @Override
    public double[] covariance() {
        return covariance.clone();
    }

    /** {@code max_j |μ_j|}. */
    public double maxAbsMean() {
        double m = 0;
        for (double v : mean) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** {@code max_pq |Σ_pq − δ_pq|}, the largest deviation of the covariance from the identity. */
    public double maxCovarianceError() {
        int k = mean.length;
        double m = 0;
        for (int p = 0; p < k; p++)
            for (int q = 0; q < k; q++) m = Math.max(m, Math.abs(covariance[p * k + q] - (p == q ? 1 : 0)));
        return m;
    }

    /** The closed-form {@code KL(N(0, I) || N(μ, Σ + εI))} of these statistics (eq. 9's value). */
    public double kl(double eps) {
        return GaussianKl.analytic(mean, covariance, eps).kl();
    }
}
