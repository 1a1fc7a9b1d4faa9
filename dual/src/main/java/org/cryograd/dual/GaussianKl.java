package org.cryograd.dual;

import org.cryograd.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * DUAL's noise-code regulariser (eq. 9): {@code KL(N(0, I_K) || N(μ̂, Σ̂ + εI))} with {@code μ̂} the mean and
 * {@code Σ̂} the unbiased covariance ({@code 1/(B-1)}) of a batch of codes {@code [B, K]}, in closed form
 * <pre>KL = ½ [tr(Σ⁻¹) + μ̂ᵀ Σ⁻¹ μ̂ − K + log det Σ],   Σ = Σ̂ + εI.</pre>
 *
 * <p>The batch statistics and the K×K algebra (Cholesky, inverse, log-determinant) run in double precision (EJML),
 * outside autograd. The analytic gradient is injected without a custom-op API: with
 * {@code G_Σ = ∂KL/∂Σ = ½ (Σ⁻¹ − Σ⁻¹Σ⁻¹ − Σ⁻¹μ̂μ̂ᵀΣ⁻¹)} and {@code G_μ = ∂KL/∂μ̂ = Σ⁻¹μ̂}, the chain rule through
 * {@code Σ̂} and {@code μ̂} gives {@code G_c = ∂KL/∂codes} (in double), and the returned scalar is
 * {@code s − detach(s) + KL} with the linear surrogate {@code s = Σ(G_c ⊙ codes)}: its value is KL and its gradient
 * with respect to the codes is G_c. G_Σ is the gradient for Σ̂ taken as a general matrix, as autograd through
 * {@code torch.linalg} would give.
 *
 * <p>{@link #loss(Tensor, double, float[])} adds remembered codes ({@link CodeMemory}) to the batch's statistics, as
 * constants.
 */
public final class GaussianKl {
    private GaussianKl() {}

    /** Value and gradients of the closed form for given {@code μ̂} ({@code K}) and {@code Σ̂} ({@code K×K}, row-major). */
    public record Analytic(double kl, double[] gradSigma, double[] gradMu) {}

    /**
     * The closed form and its gradients in double precision. Non-finite {@code μ̂} or {@code Σ̂} (NaN codes) give a
     * NaN value and gradients, as any loss of NaN inputs does, so the training step's divergence check names the term.
     *
     * @throws IllegalArgumentException if {@code Σ̂ + εI} is finite but not positive definite
     */
    public static Analytic analytic(double[] mu, double[] sigmaHat, double eps) {
        int k = mu.length;
        if (sigmaHat.length != k * k) throw new IllegalArgumentException("GaussianKl: Σ̂ has " + sigmaHat.length + " entries, need " + k + "x" + k);
        if (!finite(mu) || !finite(sigmaHat)) {
            double[] gs = new double[k * k], gm = new double[k];
            java.util.Arrays.fill(gs, Double.NaN);
            java.util.Arrays.fill(gm, Double.NaN);
            return new Analytic(Double.NaN, gs, gm);
        }
        DMatrixRMaj s = new DMatrixRMaj(k, k, true, sigmaHat);
        for (int i = 0; i < k; i++) s.add(i, i, eps);
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(k, true);
        if (!chol.decompose(s.copy()))
            throw new IllegalArgumentException("GaussianKl: the code covariance plus " + eps + " I is not positive definite (NaN codes?)");
        DMatrixRMaj l = chol.getT(null);
        double logDet = 0;
        for (int i = 0; i < k; i++) logDet += 2 * Math.log(l.get(i, i));
        DMatrixRMaj inv = new DMatrixRMaj(k, k);
        if (!CommonOps_DDRM.invertSPD(s.copy(), inv)) throw new IllegalArgumentException("GaussianKl: covariance inversion failed");
        DMatrixRMaj m = new DMatrixRMaj(k, 1, true, mu);
        DMatrixRMaj im = new DMatrixRMaj(k, 1);
        CommonOps_DDRM.mult(inv, m, im);
        double quad = CommonOps_DDRM.dot(m, im);
        double kl = 0.5 * (CommonOps_DDRM.trace(inv) + quad - k + logDet);
        DMatrixRMaj inv2 = new DMatrixRMaj(k, k);
        CommonOps_DDRM.mult(inv, inv, inv2);
        double[] gs = new double[k * k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                gs[i * k + j] = 0.5 * (inv.get(i, j) - inv2.get(i, j) - im.get(i) * im.get(j));
        return new Analytic(kl, gs, im.getData().clone());
    }

    /**
     * The KL loss of a batch of codes, a differentiable scalar (the paper's batch-only estimate).
     *
     * @param codes {@code [B, K]} with {@code B >= 2}
     * @param eps   added to the diagonal of {@code Σ̂}, > 0
     */
    public static Tensor loss(Tensor codes, double eps) {
        if (codes.rank() != 2 || codes.dim(0) < 2)
            throw new IllegalArgumentException("GaussianKl.loss: codes of shape " + codes.shape() + " must be [B >= 2, K]");
        return loss(codes, eps, new float[0]);
    }

    /**
     * The KL loss of a batch of codes together with remembered codes ({@link CodeMemory}): the value is the closed form
     * for {@code μ̂} and the unbiased {@code Σ̂} ({@code 1/(N-1)}) over all {@code N = M + B} rows; the gradient flows to
     * the batch only (memory rows are constants). Writing the scatter over all rows as memory scatter + between-group
     * scatter {@code B (c̄ − μ̂)(c̄ − μ̂)ᵀ} + within-batch scatter {@code Σ_i (c_i − c̄)(c_i − c̄)ᵀ}, the gradient holds the
     * first two constant as well: for a batch row, {@code ∂μ̂_j/∂c_ij = 1/N} and
     * {@code ∂Σ̂_pq/∂c_ij = (δ_pj w_iq + w_ip δ_qj)/(N-1)} with {@code w_i = c_i − c̄} (the term through {@code c̄} sums
     * to zero over the batch), so {@code ∂KL/∂c_i = G_μ/N + (G_Σ + G_Σᵀ) w_i/(N-1)}.
     *
     * <p>Why not the between-group term too: the memory lags behind an encoder that is being trained, so the batch sits
     * off the memory's mean by the recent drift; differentiating {@code B (c̄ − μ̂)(c̄ − μ̂)ᵀ} would turn that drift into
     * a push on the codes' mean (away from the memory while the covariance is below I, whose gradient then has the
     * wrong sign), and a KL-only training of a linear encoder stalls there with the mean where it started. The
     * within-batch deviations carry the covariance's gradient without that bias.
     *
     * <p>Gradient scale: the batch rows' gradient is multiplied by {@code N / B}. The memory rows stand for codes of the
     * current encoder that get no gradient; the KL of N fresh codes would send the encoder the sum of N rows'
     * gradients, and the batch's B rows, scaled by {@code N / B}, estimate that sum. Unscaled, the term's gradient is
     * {@code B / N} of the batch-only KL's at the same λ3 (1/65 at B = 2, N = 130), which matters wherever it shares a
     * parameter with other terms. (In DUAL the encoder's gradient is almost all KL, so under Adam its scale, and λ3,
     * hardly change the encoder: {@code results/dual-codes/}.) An empty memory is {@link #loss(Tensor, double)} exactly.
     *
     * @param codes  {@code [B, K]}, {@code B >= 1}
     * @param eps    added to the diagonal of {@code Σ̂}, > 0
     * @param memory remembered codes, row-major {@code [M, K]} ({@code M >= 0}, {@code M + B >= 2})
     */
    public static Tensor loss(Tensor codes, double eps, float[] memory) {
        if (codes.rank() != 2 || codes.dim(0) < 1)
            throw new IllegalArgumentException("GaussianKl.loss: codes of shape " + codes.shape() + " must be [B >= 1, K]");
        int b = codes.dim(0), k = codes.dim(1);
        if (memory.length % k != 0)
            throw new IllegalArgumentException("GaussianKl.loss: memory of " + memory.length + " values is not whole rows of K = " + k);
        int m = memory.length / k, n = m + b;
        if (n < 2) throw new IllegalArgumentException("GaussianKl.loss: one code and an empty memory have no covariance");
        // μ̂, Σ̂, the value and the gradient all in double from the float32 codes. In float32, fewer than K + 1 rows
        // give Σ̂ ~1e-8 in place of its exact zero eigenvalues, and the KL moves by ½/ε² (5e5 at ε = 1e-3) per unit of
        // such an eigenvalue (3e-5 of the value in the tested rank-deficient case); G_Σ is ~1/ε² in those directions and
        // its product with the deviations cancels to O(1), which float32 rounding of G_Σ spoiled by ~2e-4 of the
        // gradient's largest entry. Rows: the memory first, then the batch.
        double[] c = new double[n * k];
        for (int i = 0; i < memory.length; i++) c[i] = memory[i];
        float[] cur = codes.toArray();
        for (int i = 0; i < cur.length; i++) c[memory.length + i] = cur[i];
        double[] mu = new double[k], dev = new double[n * k], sigma = new double[k * k];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++) mu[j] += c[i * k + j] / n;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++) dev[i * k + j] = c[i * k + j] - mu[j];
        for (int i = 0; i < n; i++)
            for (int p = 0; p < k; p++)
                for (int q = 0; q < k; q++) sigma[p * k + q] += dev[i * k + p] * dev[i * k + q] / (n - 1);
        Analytic a = analytic(mu, sigma, eps);
        // the batch's deviations from its own mean carry the covariance gradient (with an empty memory: dev)
        double[] cbar = new double[k], w = new double[b * k];
        for (int i = m; i < n; i++)
            for (int j = 0; j < k; j++) cbar[j] += c[i * k + j] / b;
        for (int i = 0; i < b; i++)
            for (int j = 0; j < k; j++) w[i * k + j] = c[(m + i) * k + j] - cbar[j];
        double[] gs = a.gradSigma(), gm = a.gradMu();
        double scale = (double) n / b; // the batch stands in for all N rows (see the javadoc); 1 without memory
        float[] g = new float[b * k];
        for (int i = 0; i < b; i++)
            for (int j = 0; j < k; j++) {
                double v = gm[j] / n;
                for (int q = 0; q < k; q++) v += (gs[j * k + q] + gs[q * k + j]) * w[i * k + q] / (n - 1);
                g[i * k + j] = (float) (scale * v);
            }
        Tensor surrogate = codes.mul(Tensor.of(codes.device(), g, b, k)).sum();
        return surrogate.sub(surrogate.detach()).add((float) a.kl());
    }

    private static boolean finite(double[] a) {
        for (double v : a) if (!Double.isFinite(v)) return false;
        return true;
    }


}
