package org.cryograd.em.benchmark;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cryograd.em.eval.VolumeStats;
import org.cryograd.em.pick.DogPicker;
import org.cryograd.em.pick.Pick;
import org.cryograd.em.pick.PickMatching;
import org.cryograd.fft.metrics.ImageMetrics;
import org.cryograd.fft.metrics.Ssim;
import org.cryograd.fft.metrics.SsimOptions;

/**
 * Scores a denoised volume against a ground-truth density map, the same way for every method:
 * <ol>
 *   <li>the truth is standardised (zero mean, unit std), as the DUAL paper does;</li>
 *   <li>the output is standardised too and multiplied by the sign of its correlation with the truth
 *       ({@link #normalize}): the paper's normalisation, plus a polarity correction so a CTF-uncorrected tomogram
 *       (dark particles) is not scored as an inverted map. PSNR is then a function of the Pearson correlation r alone,
 *       {@code MSE = 2 - 2|r|}; a least-squares fit would give {@code 1 - r^2}, the same ranking, but would shrink
 *       noisy outputs towards zero, which SSIM's constants reward (the raw tomogram scored 0.30 that way vs 0.0x
 *       standardised), hiding the differences the paper's SSIM shows;</li>
 *   <li>PSNR with the standardised truth's data range (max - min), SSIM with skimage's defaults (7^3 box window,
 *       sample covariance) and the same data range;</li>
 *   <li>DoG picking on the mapped output with bright polarity (the normalisation has put particles on the
 *       truth's polarity), matched to the true particle centres (vesicles and fiducials are not particles).</li>
 * </ol>
 */
public final class TestScorer {
    private final float[] truth;
    private final int nz, ny, nx;
    private final double range;
    private final DogPicker picker;
    private final List<Pick> particles;
    private final double matchDistance;

    /**
     * @param truthMap      ground truth {@code [nz, ny, nx]} (any scaling; standardised here)
     * @param particles     true particle centres
     * @param picker        DoG settings (its polarity should be {@link DogPicker.Polarity#BRIGHT})
     * @param matchDistance match radius for picks
     */
    public TestScorer(float[] truthMap, int nz, int ny, int nx, List<Pick> particles, DogPicker picker, double matchDistance) {
        if ((long) nz * ny * nx != truthMap.length)
            throw new IllegalArgumentException("TestScorer: truth of " + truthMap.length + " voxels does not have shape [" + nz + ", " + ny + ", " + nx + "]");
        this.truth = VolumeStats.standardize(truthMap);
        this.nz = nz;
        this.ny = ny;
        this.nx = nx;
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float v : truth) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        this.range = hi - lo;
        this.picker = picker;
        this.particles = List.copyOf(particles);
        this.matchDistance = matchDistance;
    }

    /**
     * All scores of one output.
     *
     * @param psnr   dB
     * @param ssim   mean SSIM
     * @param match  picking result
     * @param picks  the picks
     * @param fitted the normalised output
     */
    public record Scores(double psnr, double ssim, PickMatching.Result match, List<Pick> picks, float[] fitted) {
        /** The scores under the benchmarks' metric names, in {@link DualBenchmark#METRICS} order: psnr, ssim, precision, recall, f1. */
        public Map<String, Double> metrics() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("psnr", psnr);
            m.put("ssim", ssim);
            m.put("precision", match.precision());
            m.put("recall", match.recall());
            m.put("f1", match.f1());
            return m;
        }
    }

    /** The standardised truth. */
    public float[] truth() {
        return truth.clone();
    }

    /**
     * The output standardised and multiplied by the sign of its correlation with the truth (+1 when uncorrelated).
     */
    public float[] normalize(float[] output) {
        float[] f = VolumeStats.standardize(check(output));
        if (VolumeStats.leastSquaresFit(f, truth)[0] < 0) for (int i = 0; i < f.length; i++) f[i] = -f[i];
        return f;
    }

    /** PSNR (dB) of the normalised output: the score baselines are tuned by. */
    public double psnr(float[] output) {
        float[] f = normalize(output);
        return ImageMetrics.psnr(truth, f, range, nz, ny, nx);
    }

    /** Every score of {@code output}. */
    public Scores score(float[] output) {
        float[] f = normalize(output);
        double psnr = ImageMetrics.psnr(truth, f, range, nz, ny, nx);
        double ssim = Ssim.ssim(truth, f, new int[] {nz, ny, nx}, range, SsimOptions.uniform());
        List<Pick> picks = picker.pick(f, nz, ny, nx);
        return new Scores(psnr, ssim, PickMatching.match(picks, particles, matchDistance), picks, f);
    }

    private float[] check(float[] output) {
        if (output.length != truth.length)
            throw new IllegalArgumentException("TestScorer: output of " + output.length + " voxels, truth has " + truth.length);
        for (float v : output)
            if (!Float.isFinite(v)) throw new IllegalArgumentException("TestScorer: output contains " + v + " (first non-finite value of " + Arrays.toString(new int[] {nz, ny, nx}) + ")");
        return output;
    }
}
