package org.cryograd.polar.model;

import static org.cryograd.polar.Fixtures.maxAbs;
import static org.cryograd.polar.Fixtures.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.cryograd.polar.Fixtures;
import org.cryograd.polar.Interpolation;
import org.cryograd.polar.PolarGrid;
import org.cryograd.tensor.GradCheck;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SymmetryTest {
    static final int N = 16;
    static final PolarModelConfig CFG = new PolarModelConfig(N, 8, 2, 2, 5, 2, 2, 2, Interpolation.bilinear());

    @Test
    void attentionMatchesTheDefinitionComputedWithNumpyRoll() {
        Tensor q = Fixtures.get("attn_q"), k = Fixtures.get("attn_k"), v = Fixtures.get("attn_v");
        Tensor out = AngularAttention.aggregate(AngularAttention.attentionWeights(q, k, 2), v, 2);
        assertTrue(maxAbsDiff(out, Fixtures.get("attn_out")) < 2e-5, "diff " + maxAbsDiff(out, Fixtures.get("attn_out")));
    }

    @Test
    void angularBlockMatchesTorchCircularConvGroupNormRelu() {
        PolarCnn.Block b = new PolarCnn.Block(new Rng(1), 6, 8, 5, 2);
        b.loadStateDict(Map.of("conv.weight", Fixtures.get("block_w"), "conv.bias", Fixtures.get("block_b"),
                "norm.weight", Fixtures.get("block_gnw"), "norm.bias", Fixtures.get("block_gnb")), true);
        Tensor y = b.forward(Fixtures.get("block_x"));
        assertTrue(maxAbsDiff(y, Fixtures.get("block_y")) < 1e-5);
    }

    @Test
    void attentionGradientsMatchFiniteDifferences() {
        Rng rng = new Rng(5);
        Tensor q = Tensor.randn(rng, 3, 4, 6).requiresGrad(), k = Tensor.randn(rng, 3, 4, 6).requiresGrad(), v = Tensor.randn(rng, 3, 4, 6).requiresGrad();
        Tensor scale = Tensor.of(new float[] {0.7f, 1.6f}, 2).requiresGrad();
        GradCheck.Result r = GradCheck.check(in -> AngularAttention.aggregate(AngularAttention.attentionWeights(in[0], in[1], 2, in[3]), in[2], 2),
                q, k, v, scale);
        assertTrue(r.ok(), r.worst());
    }

    @Test
    void polarCnnIsExactlyEquivariantToCircularShifts() {
        PolarGrid g = CFG.grid();
        PolarCnn cnn = new PolarCnn(new Rng(2), g.nr(), 8, g.nr(), 3, 5, 2);
        Tensor x = Tensor.randn(new Rng(3), 3, g.nr(), g.nTheta());
        try (Grad off = Grad.disabled()) {
            Tensor y = cnn.forward(x);
            for (int k : new int[] {1, 7, g.nTheta() - 3}) {
                Tensor ys = cnn.forward(x.roll(new int[] {k}, new int[] {2}));
                assertTrue(maxAbsDiff(ys, y.roll(new int[] {k}, new int[] {2})) < 1e-5 * Math.max(1, maxAbs(y)), "shift " + k);
            }
        }
    }

    @Test
    void transformerRotatingOneImageRotatesOnlyItsOutput() {
        PolarGrid g = CFG.grid();
        PolarTransformer t = new PolarTransformer(new Rng(4), CFG);
        Tensor x = Tensor.randn(new Rng(6), 2, 4, g.nr(), g.nTheta());
        try (Grad off = Grad.disabled()) {
            Tensor y = t.forwardPolar(x);
            double tol = 1e-5 * Math.max(1, maxAbs(y));
            for (int[] c : new int[][] {{0, 1, 5}, {1, 3, 17}, {0, 0, g.nTheta() - 1}}) {
                int set = c[0], img = c[1], k = c[2];
                Tensor rotated = replace(x, set, img, image(x, set, img).roll(new int[] {k}, new int[] {1}));
                Tensor yr = t.forwardPolar(rotated);
                for (int s = 0; s < 2; s++)
                    for (int i = 0; i < 4; i++) {
                        Tensor expect = (s == set && i == img) ? image(y, s, i).roll(new int[] {k}, new int[] {1}) : image(y, s, i);
                        assertTrue(maxAbsDiff(image(yr, s, i), expect) < tol, "set " + s + " image " + i + " after rotating (" + set + "," + img + ") by " + k
                                + ": " + maxAbsDiff(image(yr, s, i), expect));
                    }
            }
        }
    }

    @Test
    void transformerPermutingTheSetPermutesTheOutputs() {
        PolarGrid g = CFG.grid();
        PolarTransformer t = new PolarTransformer(new Rng(7), CFG);
        Tensor x = Tensor.randn(new Rng(8), 1, 4, g.nr(), g.nTheta());
        int[] perm = {2, 0, 3, 1};
        try (Grad off = Grad.disabled()) {
            Tensor y = t.forwardPolar(x);
            Tensor[] px = new Tensor[4];
            for (int i = 0; i < 4; i++) px[i] = image(x, 0, perm[i]);
            Tensor yp = t.forwardPolar(Tensor.stack(0, px).reshape(1, 4, g.nr(), g.nTheta()));
            for (int i = 0; i < 4; i++)
                assertTrue(maxAbsDiff(image(yp, 0, i), image(y, 0, perm[i])) < 1e-5 * Math.max(1, maxAbs(y)), "position " + i);
            // the set actually interacts: changing another image changes this image's output
            Tensor changed = replace(x, 0, 3, image(x, 0, 3).mul(3f));
            assertTrue(maxAbsDiff(image(t.forwardPolar(changed), 0, 0), image(y, 0, 0)) > 1e-4);
        }
    }

    @Test
    void singleImagePolarCnnIsRotationEquivariantAndIndependentOfTheSet() {
        PolarGrid g = CFG.grid();
        PolarCnnDenoiser m = new PolarCnnDenoiser(new Rng(9), CFG);
        Tensor x = Tensor.randn(new Rng(10), 1, 3, g.nr(), g.nTheta());
        try (Grad off = Grad.disabled()) {
            Tensor y = m.forwardPolar(x);
            Tensor xr = replace(x, 0, 1, image(x, 0, 1).roll(new int[] {9}, new int[] {1}));
            Tensor yr = m.forwardPolar(xr);
            assertTrue(maxAbsDiff(image(yr, 0, 1), image(y, 0, 1).roll(new int[] {9}, new int[] {1})) < 1e-5 * Math.max(1, maxAbs(y)));
            assertTrue(maxAbsDiff(image(yr, 0, 0), image(y, 0, 0)) == 0);
        }
    }

    static Tensor image(Tensor x, int set, int img) {
        int[] d = x.dims();
        return x.slice(0, set, set + 1).slice(1, img, img + 1).reshape(d[2], d[3]);
    }

    static Tensor replace(Tensor x, int set, int img, Tensor value) {
        int[] d = x.dims();
        float[] a = x.toArray(), v = value.toArray();
        System.arraycopy(v, 0, a, (set * d[1] + img) * d[2] * d[3], v.length);
        return Tensor.of(a, d);
    }
}
