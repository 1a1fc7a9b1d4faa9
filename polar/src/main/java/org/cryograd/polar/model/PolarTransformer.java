package org.cryograd.polar.model;

import org.cryograd.nn.GroupNorm;
import org.cryograd.polar.PolarTransform;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * The polar transformer: {@code P} -> polar CNN -> attention blocks (each {@code GroupNorm(h + attention(h))})
 * -> polar CNN -> {@code P^-1}, applied to every set of images {@code [sets, n, N, N]}. Radius is folded into
 * channels, so every layer in polar space is exactly equivariant to a rotation of any single image by a multiple
 * of {@code 2π/nTheta} and to permutations of the set. State names {@code pre.*}, {@code blocks.<b>.attn.*},
 * {@code blocks.<b>.norm.*}, {@code post.*}.
 */
public final class PolarTransformer extends SetDenoiserModel {
    private final PolarModelConfig config;
    private final PolarTransform transform;

    /**
     * Builds the model.
     *
     * @param rng    initialisation stream
     * @param config sizes
     */
    public PolarTransformer(Rng rng, PolarModelConfig config) {
        this.config = config;
        this.transform = new PolarTransform(config.grid(), config.interpolation());
        int nr = config.grid().nr(), h = config.hidden();
        child("pre", new PolarCnn(rng, nr, h, h, config.preLayers(), config.kernel(), config.groups()));
        PolarCnn.Seq blocks = child("blocks", new PolarCnn.Seq());
        for (int b = 0; b < config.attentionBlocks(); b++) blocks.add(Integer.toString(b), new Block(rng, config));
        child("post", new PolarCnn(rng, h, h, nr, config.postLayers(), config.kernel(), config.groups()));
    }

    /** The sizes. */
    public PolarModelConfig config() {
        return config;
    }

    /** The polar transform. */
    public PolarTransform transform() {
        return transform;
    }

    @Override
    public int imageSize() {
        return config.imageSize();
    }

    /** Denoises sets {@code [sets, n, N, N]}. */
    @Override
    public Tensor forward(Tensor x) {
        checkSets("PolarTransformer", x);
        return transform.toCartesian(forwardPolar(transform.toPolar(x)));
    }

    /**
     * The network in polar space.
     *
     * @param polar {@code [sets, n, nr, nTheta]}
     * @return {@code [sets, n, nr, nTheta]}
     */
    public Tensor forwardPolar(Tensor polar) {
        int[] d = polar.dims();
        int nr = config.grid().nr(), len = config.grid().nTheta();
        if (d.length != 4 || d[2] != nr || d[3] != len)
            throw new IllegalArgumentException("PolarTransformer.forwardPolar: expected [sets, n, " + nr + ", " + len + "], got " + polar.shape());
        int sets = d[0], n = d[1];
        Tensor h = children().get("pre").forward(polar.reshape(sets * n, nr, len));
        if (config.attentionBlocks() > 0) {
            Tensor[] out = new Tensor[sets];
            for (int s = 0; s < sets; s++) {
                Tensor hs = sets == 1 ? h : h.slice(0, s * n, (s + 1) * n);
                out[s] = children().get("blocks").forward(hs);
            }
            h = sets == 1 ? out[0] : Tensor.cat(0, out);
        }
        return children().get("post").forward(h).reshape(sets, n, nr, len);
    }

    /** One attention block over a set {@code [n, hidden, nTheta]}: {@code GroupNorm(h + attention(h))}. */
    static final class Block extends org.cryograd.nn.Module {
        Block(Rng rng, PolarModelConfig c) {
            child("attn", new AngularAttention(rng, c.hidden(), c.heads(), c.kernel()));
            child("norm", new GroupNorm(c.groups(), c.hidden()));
        }

        @Override
        public Tensor forward(Tensor h) {
            return children().get("norm").forward(h.add(children().get("attn").forward(h)));
        }
    }
}
