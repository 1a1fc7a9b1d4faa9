package org.cryograd.dual;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.dual.net.Discriminator;
import org.cryograd.dual.net.DualInit;
import org.cryograd.dual.net.NoiseDecoder;
import org.cryograd.dual.net.NoiseEncoder;
import org.cryograd.dual.net.UNet3d;
import org.cryograd.nn.Module;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * DUAL's six networks in one module (state names {@code dn.*}, {@code gs.*}, {@code enc.*}, {@code gn.*},
 * {@code dt.*}, {@code dv.*}): denoiser Dn and structural generator Gs (3-D U-Nets), noise encoder E, noise decoder
 * Gn, and the discriminators Dt (noisy domain) and Dv (clean domain). {@link #forward} is the denoiser.
 */
public final class DualNetworks extends Module {
    private final DualConfig config;
    private final UNet3d dn, gs;
    private final NoiseEncoder enc;
    private final NoiseDecoder gn;
    private final Discriminator dt, dv;

    /** Builds the networks for {@code config} with orthogonal weights drawn from {@code rng}. */
    public DualNetworks(DualConfig config, Rng rng) {
        this.config = config;
        int p = config.patchSize();
        float a = config.leakySlope();
        dn = child("dn", new UNet3d(rng, 1, 1, config.unetDepth(), config.unetBase(), a));
        gs = child("gs", new UNet3d(rng, 1, 1, config.unetDepth(), config.unetBase(), a));
        enc = child("enc", new NoiseEncoder(rng, p, config.encoderBase(), config.codeSize(), a));
        gn = child("gn", new NoiseDecoder(rng, p, config.decoderChannels(), config.codeSize(), a));
        dt = child("dt", new Discriminator(rng, p, config.discBase(), config.spectralHidden(), a, config.histogramBins()));
        dv = child("dv", new Discriminator(rng, p, config.discBase(), config.spectralHidden(), a, config.histogramBins()));
        DualInit.orthogonal(this, config.initGain(), rng);
    }

    /** The device the parameters live on (all of them: {@link #to} moves them together). */
    public Device device() {
        return dn.parameters().get(0).device();
    }

    /** The configuration the networks were built for. */
    public DualConfig config() { return config; }

    /** Denoiser Dn (noisy to clean domain). */
    public UNet3d denoiser() { return dn; }

    /** Structural generator Gs (clean to noisy domain). */
    public UNet3d generator() { return gs; }

    /** Noise encoder E. */
    public NoiseEncoder encoder() { return enc; }

    /** Noise decoder Gn. */
    public NoiseDecoder noiseDecoder() { return gn; }

    /** Noisy-domain discriminator Dt. */
    public Discriminator noisyDiscriminator() { return dt; }

    /** Clean-domain discriminator Dv. */
    public Discriminator cleanDiscriminator() { return dv; }

    /** Parameters of Dn, Gs, E, Gn (the generator-side optimizer's). */
    public List<Tensor> generatorParameters() {
        List<Tensor> p = new ArrayList<>(dn.parameters());
        p.addAll(gs.parameters());
        p.addAll(enc.parameters());
        p.addAll(gn.parameters());
        return p;
    }

    /** Parameters of Dt and Dv. */
    public List<Tensor> discriminatorParameters() {
        List<Tensor> p = new ArrayList<>(dt.parameters());
        p.addAll(dv.parameters());
        return p;
    }

    /** The denoiser Dn applied to {@code [N, 1, D, H, W]}. */
    @Override
    public Tensor forward(Tensor x) {
        return dn.forward(x);
    }
}
