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
     * The KL loss of a batch of codes, a differentiable scalar. DUAL trains it over the batch's codes and the codes of
     * remembered patches ({@link DualLosses#klWithMemory}), all from the current encoder.
     *
     * @param codes {@code [N, K]} with {@code N >= 2}
     * @param eps   added to the diagonal of {@code Σ̂}, > 0
     */
    public static Tensor loss(Tensor codes, double eps) {
        if (codes.rank() != 2 || codes.dim(0) < 2)
            throw new IllegalArgumentException("GaussianKl.loss: codes of shape " + codes.shape() + " must be [N >= 2, K]");
        int n = codes.dim(0), k = codes.dim(1);
        // μ̂, Σ̂, the value and the gradient in double from the float32 codes. In float32, fewer than K + 1 rows give Σ̂
        // ~1e-8 in place of its exact zero eigenvalues, and the KL moves by ½/ε² (5e5 at ε = 1e-3) per unit of such an
        // eigenvalue; G_Σ is ~1/ε² in those directions and its product with the deviations cancels to O(1), which float32
        // rounding of G_Σ would spoil.
        float[] c = codes.toArray();
        CodeStatistics st = CodeStatistics.of(c, n, k);
        double[] mu = st.mean(), dev = new double[n * k];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++) dev[i * k + j] = c[i * k + j] - mu[j];
        Analytic a = analytic(mu, st.covariance(), eps);
        // ∂μ̂_j/∂c_ij = 1/N, ∂Σ̂_pq/∂c_ij = (δ_pj dev_iq + dev_ip δ_qj)/(N-1) (the term through μ̂ sums to zero)
        double[] gs = a.gradSigma(), gm = a.gradMu();
        float[] g = new float[n * k];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++) {
                double v = gm[j] / n;
                for (int q = 0; q < k; q++) v += (gs[j * k + q] + gs[q * k + j]) * dev[i * k + q] / (n - 1);
                g[i * k + j] = (float) v;
            }
        Tensor surrogate = codes.mul(Tensor.of(codes.device(), g, n, k)).sum();
        return surrogate.sub(surrogate.detach()).add((float) a.kl());
    }

    private static boolean finite(double[] a) {
        for (double v : a) if (!Double.isFinite(v)) return false;
        return true;
    }
}
