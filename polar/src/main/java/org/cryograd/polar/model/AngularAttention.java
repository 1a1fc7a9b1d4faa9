package org.cryograd.polar.model;

import org.cryograd.nn.Module;
import org.cryograd.tensor.F;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.PadMode;

/**
 * Multi-head angular attention over one set of {@code n} polar feature maps {@code [n, channels, nTheta]}.
 *
 * <p>Queries, keys and values are angular convolutions of the input. For head {@code h}, query image {@code i},
 * key image {@code j} and every angular shift {@code φ}, the score is
 * {@code s_ij(φ) = <q_i, roll(k_j, φ)> / sqrt(d · nTheta)} (a circular cross-correlation along θ; {@code d} is the
 * head's channel count, so {@code d · nTheta} is the length of the compared vectors). A softmax runs over
 * {@code (j, φ)} jointly, and the head's output is {@code Σ_j Σ_φ a_ij(φ) roll(v_j, φ)}. The heads are
 * concatenated and mixed by a final angular convolution. Each head's scores are also multiplied by a learned
 * {@code exp(logit_scale[h])} (initially 1) so the attention can sharpen early in training. Rotating one input (a circular shift along θ) rotates
 * only its own output; permuting the set permutes the outputs.
 *
 * <p>Both correlations are grouped 1-D convolutions with kernel length {@code nTheta} over circularly padded
 * inputs (the images of the set play the role of channels), so the whole layer is ordinary differentiable ops.
 */
public final class AngularAttention extends Module {
    private final int heads;
    private final int channels;

    /**
     * Builds the layer.
     *
     * @param rng      initialisation stream
     * @param channels feature channels (a multiple of {@code heads})
     * @param heads    number of heads
     * @param kernel   odd angular kernel of the query/key/value/output convolutions
     */
    public AngularAttention(Rng rng, int channels, int heads, int kernel) {
        if (heads < 1 || channels % heads != 0)
            throw new IllegalArgumentException("AngularAttention: channels " + channels + " must be a positive multiple of heads " + heads);
        this.heads = heads;
        this.channels = channels;
        // a learned log temperature per head: attention can sharpen (align) without first growing q and k
        param("logit_scale", Tensor.zeros(heads));
        child("query", AngularConv.of(rng, channels, channels, kernel, true));
        child("key", AngularConv.of(rng, channels, channels, kernel, true));
        child("value", AngularConv.of(rng, channels, channels, kernel, true));
        child("out", AngularConv.of(rng, channels, channels, kernel, true));
    }

    /** Number of heads. */
    public int heads() {
        return heads;
    }

    /**
     * Attends within one set.
     *
     * @param x {@code [n, channels, nTheta]}
     * @return {@code [n, channels, nTheta]}
     */
    @Override
    public Tensor forward(Tensor x) {
        int[] d = x.dims();
        if (d.length != 3 || d[1] != channels)
            throw new IllegalArgumentException("AngularAttention: expected [n, " + channels + ", nTheta], got " + x.shape());
        Tensor q = children().get("query").forward(x);
        Tensor k = children().get("key").forward(x);
        Tensor v = children().get("value").forward(x);
        Tensor a = attentionWeights(q, k, heads, param("logit_scale").exp());
        return children().get("out").forward(aggregate(a, v, heads));
    }

    /**
     * The attention weights {@code a[h, i, j, u]} for shift {@code φ = (nTheta/2 - u) mod nTheta}, shape
     * {@code [heads * n, n, nTheta]}, normalised over {@code (j, u)}.
     *
     * @param q queries {@code [n, heads * d, nTheta]}
     * @param k keys of the same shape
     * @param heads number of heads
     */
    public static Tensor attentionWeights(Tensor q, Tensor k, int heads) {
        return attentionWeights(q, k, heads, null);
    }

    /**
     * {@link #attentionWeights(Tensor, Tensor, int)} with the scores of head {@code h} multiplied by
     * {@code scale[h]} before the softmax (null: no extra scale).
     */
    public static Tensor attentionWeights(Tensor q, Tensor k, int heads, Tensor scale) {
        int n = q.dim(0), c = q.dim(1), len = q.dim(2), dh = c / heads;
        int pad = len / 2;
        // conv1d: out[j, h*n + i, u] = Σ_c Σ_m q_i[h,c,m] kpad_j[h,c,u+m] = <q_i, roll(k_j, pad - u)>
        Tensor kp = F.pad(k, PadMode.CIRCULAR, pad, len - 1 - pad);
        Tensor w = q.reshape(n, heads, dh, len).permute(1, 0, 2, 3).reshape(heads * n, dh, len);
        Tensor s = F.conv1d(kp, w, null, new int[] {1}, new int[] {0}, heads, PadMode.ZERO);
        s = s.mul((float) (1.0 / Math.sqrt((double) dh * len)));
        if (scale != null) s = s.reshape(n, heads, n, len).mul(scale.reshape(1, heads, 1, 1));
        Tensor logits = s.reshape(n, heads * n, len).permute(1, 0, 2).reshape(heads * n, n * len);
        return F.softmax(logits, 1).reshape(heads * n, n, len);
    }

    /**
     * {@code out_i[h] = Σ_j Σ_u a[h,i,j,u] roll(v_j[h], nTheta/2 - u)}.
     *
     * @param a weights {@code [heads * n, n, nTheta]}
     * @param v values {@code [n, heads * d, nTheta]}
     * @param heads number of heads
     * @return {@code [n, heads * d, nTheta]}
     */
    public static Tensor aggregate(Tensor a, Tensor v, int heads) {
        int n = v.dim(0), c = v.dim(1), len = v.dim(2), dh = c / heads;
        int pad = len / 2;
        // roll(v, pad - u)[t] = v[t - pad + u]: a cross-correlation of v (channels (h, j), batch c) with kernel a
        Tensor vb = v.reshape(n, heads, dh, len).permute(2, 1, 0, 3).reshape(dh, heads * n, len);
        Tensor vp = F.pad(vb, PadMode.CIRCULAR, pad, len - 1 - pad);
        Tensor o = F.conv1d(vp, a, null, new int[] {1}, new int[] {0}, heads, PadMode.ZERO);
        return o.reshape(dh, heads, n, len).permute(2, 1, 0, 3).reshape(n, c, len);
    }
}
