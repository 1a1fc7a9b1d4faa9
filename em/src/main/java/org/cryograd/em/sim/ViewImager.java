package org.cryograd.em.sim;

import org.cryograd.io.XfTransform;

import org.cryograd.em.ctf.DoseWeighting;
import org.cryograd.fft.Ctf;
import org.cryograd.tensor.Rng;

/**
 * Forms one detector image from the potential projected along the beam, in this order:
 * <ol>
 *   <li><b>Radiation damage</b>: the projected excess potential is filtered by {@link DoseWeighting} (Grant &amp; Grigorieff 2015) at the
 *       dose accumulated by the middle of this exposure.</li>
 *   <li><b>Phase object</b>: exit wave {@code psi = exp(i sigma P) exp(-eta sigma P_excess)}, {@code P} the total
 *       projected potential (V·Å), {@code sigma} the relativistic interaction constant and
 *       {@code eta = w / sqrt(1 - w^2)} for amplitude contrast {@code w}: the molecules' imaginary potential, so the
 *       weak-object image has the transfer {@code -2 sigma (sin chi + eta cos chi)}, i.e. the CTF of
 *       {@link Ctf} up to the factor {@code 2 sigma / sqrt(1 - w^2)}. The ice slab's own losses are in the
 *       attenuation step.</li>
 *   <li><b>Objective</b>: the wave's spectrum times {@code exp(i chi(k))} ({@link Ctf#chi}: defocus with
 *       astigmatism, Cs) and the coherence envelopes ({@link ElectronOptics#envelope}); intensity {@code |psi|^2}.
 *       With the defocus gradient, the view is processed once per strip parallel to the tilt axis with the defocus
 *       of the strip's centre, {@code df(u) = df - u tan(t)} ({@code u} in Å from the axis; the beam runs along
 *       {@code -z}, so the side tilted towards the source is further underfocus), and strips are blended
 *       linearly.</li>
 *   <li><b>Attenuation</b>: {@code exp(-t / lambda_in)} with {@code t = P / V_ice} the ice-equivalent path length
 *       ({@code thickness / cos(tilt)} over plain ice).</li>
 *   <li><b>Detector frame</b>: the raw view samples the aligned image through the view's {@link XfTransform}.</li>
 *   <li><b>Counts</b>: expected electrons per pixel {@code = dose * pixel^2 * intensity}; Poisson counts (two
 *       independent half-dose draws summed when even/odd halves are asked for).</li>
 *   <li><b>MTF</b>: counts (and halves) filtered by {@link DetectorMtf}.</li>
 * </ol>
 * Images are {@code [ny][nx]} float arrays, x along the detector rows.
 */
public final class ViewImager {
    private final ImagingOptions options;
    private final double pixel;
    private final double iceReferenceV;

    /**
     * @param options        imaging options
     * @param pixelSize      pixel size, Å
     * @param iceReferenceV  the ice potential (V) that turns projected potential into ice-equivalent thickness
     */
    public ViewImager(ImagingOptions options, double pixelSize, double iceReferenceV) {
        if (!(pixelSize > 0)) throw new IllegalArgumentException("ViewImager: pixel size must be > 0 Å, got " + pixelSize);
        if (!(iceReferenceV > 0)) throw new IllegalArgumentException("ViewImager: ice reference potential must be > 0 V, got " + iceReferenceV);
        this.options = options;
        this.pixel = pixelSize;
        this.iceReferenceV = iceReferenceV;
    }

    /**
     * The geometry and exposure of one view.
     *
     * @param tiltDeg     tilt angle, degrees
     * @param defocusUA   defocus along the astigmatism axis at the tilt axis, Å
     * @param defocusVA   defocus perpendicular to it, Å
     * @param astigDeg    astigmatism angle in the <em>aligned</em> frame, degrees
     * @param midDose     accumulated dose at the middle of the exposure, e/Å²
     * @param dose        this view's dose, e/Å²
     * @param xf          raw-to-aligned transform
     */
    public record View(double tiltDeg, double defocusUA, double defocusVA, double astigDeg, double midDose, double dose, XfTransform xf) {}

    /**
     * What the detector recorded.
     *
     * @param intensity the noiseless intensity in the raw frame (1 = the unscattered beam), before the MTF
     * @param counts    electrons per pixel after the MTF (Poisson unless shot noise is off)
     * @param even      the even half (null unless asked for)
     * @param odd       the odd half (null unless asked for)
     */
    public record Image(float[] intensity, float[] counts, float[] even, float[] odd) {}

    /**
     * Images one view.
     *
     * @param excess     projected excess potential in the aligned frame, V·Å, {@code [ny][nx]}
     * @param background projected background potential per column {@code u} (V·Å), length {@code nx}
     * @param ny         rows
     * @param nx         columns
     * @param view       the view
     * @param rng        the noise stream
     */
    public Image image(float[] excess, double[] background, int ny, int nx, View view, Rng rng) {
        if (excess.length != ny * nx || background.length != nx)
            throw new IllegalArgumentException("ViewImager: projection of " + excess.length + " values / background of " + background.length + " for " + ny + "x" + nx);
        float[] intensity = toRaw(alignedIntensity(excess, background, ny, nx, view), ny, nx, view);
        double perPixel = view.dose() * pixel * pixel;
        float[] counts = new float[ny * nx], even = null, odd = null;
        if (options.evenOdd()) {
            even = new float[ny * nx];
            odd = new float[ny * nx];
        }
        for (int i = 0; i < counts.length; i++) {
            double mean = Math.max(0, perPixel * intensity[i]);
            if (!options.shotNoise()) {
                counts[i] = (float) mean;
                if (even != null) {
                    even[i] = (float) (mean / 2);
                    odd[i] = (float) (mean / 2);
                }
            } else if (even != null) {
                even[i] = PoissonSampler.sample(rng, mean / 2);
                odd[i] = PoissonSampler.sample(rng, mean / 2);
                counts[i] = even[i] + odd[i];
            } else {
                counts[i] = PoissonSampler.sample(rng, mean);
            }
        }
        if (options.mtf()) {
            double c = options.mtfCutoff();
            counts = Fourier2.filter(counts, ny, nx, (fx, fy) -> DetectorMtf.value(fx, fy, c));
            if (even != null) {
                even = Fourier2.filter(even, ny, nx, (fx, fy) -> DetectorMtf.value(fx, fy, c));
                odd = Fourier2.filter(odd, ny, nx, (fx, fy) -> DetectorMtf.value(fx, fy, c));
            }
        }
        return new Image(intensity, counts, even, odd);
    }

    private float[] toRaw(float[] aligned, int ny, int nx, View view) {
        XfTransform xf = view.xf();
        boolean identity = xf.equals(XfTransform.IDENTITY);
        return identity ? aligned : ViewWarp.toRaw(xf, aligned, ny, nx);
    }

    /** The intensity in the aligned frame (steps 1-4). */
    public float[] alignedIntensity(float[] excess, double[] background, int ny, int nx, View view) {
        ElectronOptics o = options.optics();
        float[] p = excess;
        if (options.exposureFilter() && view.midDose() > 0) {
            double kv = o.voltageKv();
            p = Fourier2.filter(excess, ny, nx, (fx, fy) -> DoseWeighting.weight(Math.hypot(fx, fy) / pixel, view.midDose(), kv));
        }
        double sigma = o.interactionConstant(), w = o.amplitudeContrast(), eta = w / Math.sqrt(1 - w * w);
        float[] psi = new float[2 * ny * nx];
        for (int y = 0; y < ny; y++)
            for (int x = 0; x < nx; x++) {
                int i = y * nx + x;
                double phase = sigma * (p[i] + background[x]), amp = Math.exp(-eta * sigma * p[i]);
                psi[2 * i] = (float) (amp * Math.cos(phase));
                psi[2 * i + 1] = (float) (amp * Math.sin(phase));
            }
        float[] intensity = new float[ny * nx];
        if (!options.ctf() && !options.envelopes()) {
            for (int i = 0; i < intensity.length; i++) intensity[i] = psi[2 * i] * psi[2 * i] + psi[2 * i + 1] * psi[2 * i + 1];
        } else {
            float[] spec = Fourier2.forward(psi, ny, nx);
            int strips = options.ctf() && options.defocusGradient() && Math.abs(view.tiltDeg()) > 1e-9 ? (nx + options.stripWidthPx() - 1) / options.stripWidthPx() : 1;
            double width = nx / (double) strips, cx = (nx - 1) / 2.0, tan = Math.tan(Math.toRadians(view.tiltDeg()));
            for (int s = 0; s < strips; s++) {
                double centre = (s + 0.5) * width - 0.5;
                double shift = strips == 1 ? 0 : -(centre - cx) * pixel * tan;
                float[] img = propagate(spec, ny, nx, view.defocusUA() + shift, view.defocusVA() + shift, view.astigDeg());
                for (int x = 0; x < nx; x++) {
                    double wgt = strips == 1 ? 1 : hat(x, s, strips, width);
                    if (wgt == 0) continue;
                    for (int y = 0; y < ny; y++) {
                        int i = y * nx + x;
                        intensity[i] += (float) (wgt * (img[2 * i] * img[2 * i] + img[2 * i + 1] * img[2 * i + 1]));
                    }
                }
            }
        }
        if (options.attenuation()) {
            double mfp = options.inelasticMfpNm() * 10;
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++) {
                    int i = y * nx + x;
                    intensity[i] *= (float) Math.exp(-(excess[i] + background[x]) / iceReferenceV / mfp);
                }
        }
        return intensity;
    }

    /** Linear-interpolation weight of strip {@code s} at column {@code x} (strip centres at {@code (s + 0.5) width - 0.5}). */
    private static double hat(int x, int s, int strips, double width) {
        double pos = (x + 0.5) / width - 0.5; // in strip-centre units
        if (pos <= 0) return s == 0 ? 1 : 0;
        if (pos >= strips - 1) return s == strips - 1 ? 1 : 0;
        double d = Math.abs(pos - s);
        return d >= 1 ? 0 : 1 - d;
    }

    private float[] propagate(float[] spec, int ny, int nx, double dU, double dV, double astigDeg) {
        ElectronOptics o = options.optics();
        Ctf ctf = new Ctf(dU, dV, astigDeg, o.voltageKv(), o.csMm(), 0, 0, 0);
        float[] out = spec.clone();
        double mean = 0.5 * (dU + dV);
        for (int y = 0; y < ny; y++) {
            double ky = Fourier2.freq(y, ny) / pixel;
            for (int x = 0; x < nx; x++) {
                double kx = Fourier2.freq(x, nx) / pixel;
                double re = 1, im = 0;
                if (options.ctf()) {
                    double chi = ctf.chi(kx, ky);
                    re = Math.cos(chi);
                    im = Math.sin(chi);
                }
                if (options.envelopes()) {
                    double e = o.envelope(Math.hypot(kx, ky), options.ctf() ? mean : 0);
                    re *= e;
                    im *= e;
                }
                int i = 2 * (y * nx + x);
                double a = out[i], b = out[i + 1];
                out[i] = (float) (a * re - b * im);
                out[i + 1] = (float) (a * im + b * re);
            }
        }
        return Fourier2.inverse(out, ny, nx);
    }
}
