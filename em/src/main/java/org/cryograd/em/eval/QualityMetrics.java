package org.cryograd.em.eval;

import java.util.Arrays;
import org.cryograd.fft.metrics.ImageMetrics;
import org.cryograd.fft.metrics.Ssim;
import org.cryograd.fft.metrics.SsimOptions;
import org.cryograd.fft.metrics.Vif;
import org.cryograd.tensor.Tensor;

/**
 * PSNR, SSIM and VIF-P of a reconstructed volume against the truth, with one stated normalisation (the
 * coordinate-network authors' "output matched to target mean/std", METHODS.md section 1):
 *
 * <ol>
 *   <li><b>Match.</b> The test volume {@code t} is replaced by
 *       {@code t' = (t - mean(t)) / std(t) * std(r) + mean(r)} (population standard deviations, as numpy's
 *       {@code std}); a constant {@code t} becomes the constant {@code mean(r)}. Reconstruction methods produce
 *       densities on different scales (WBP's depends on its filter); matching removes scale and offset, and no
 *       method can score better by rescaling its output.</li>
 *   <li><b>PSNR</b> = {@code 10 log10(R^2 / mean((r - t')^2))} over the whole volume, with the data range
 *       {@code R = max(r) - min(r)} of the truth (the authors average PSNR over y-slices; one whole-volume value is
 *       scikit-image's {@code peak_signal_noise_ratio(r, t', data_range=R)}).</li>
 *   <li><b>SSIM</b> = scikit-image's {@code structural_similarity(r, t', data_range=R)} with its defaults on the
 *       3-D array (7-voxel box window, sample covariance, {@code K1 = 0.01}, {@code K2 = 0.03}): {@link Ssim#uniform}.
 *       Every side of the volume must be at least 7.</li>
 *   <li><b>VIF-P</b> ({@link Vif#vifp}, sewar, noise variance 2) needs an absolute intensity scale: both volumes are
 *       mapped by {@code v -> (v - min(r)) * 255 / R}, so the truth spans the 8-bit grey levels VIF-P's noise
 *       variance was tuned for. VIF-P is pooled over z-slices (xy planes: {@link Vif#vifpPooled}, the sum of
 *       every slice's information terms over the sum of their reference terms), so nearly empty slices above and
 *       below a specimen, whose per-slice ratio of two tiny sums can be far above 1, cannot dominate. Its four scales need slices of at least
 *       81 x 81; smaller slices are first enlarged by the smallest integer factor {@code k} that reaches 81, by pixel
 *       replication (each voxel becomes a {@code k x k} block), and {@code k} is reported
 *       ({@link QualityScores#vifEnlargement()}). Values with {@code k > 1} compare methods on the same volume; they
 *       are not comparable with VIF-P of unenlarged images.</li>
 * </ol>
 * All three are invariant to a positive affine change of the test volume, and PSNR and SSIM also to a common
 * affine change of both volumes.
 */
public final class QualityMetrics {
    /** The grey-level range the truth is mapped to before VIF-P. */
    public static final double VIF_GREY_RANGE = 255.0;

    private QualityMetrics() {}

    /**
     * The test volume matched to the reference's mean and (population) standard deviation; see the class
     * description. The result is a new CPU tensor of the test's shape.
     *
     * @throws IllegalArgumentException if the shapes differ or a value is not finite
     */
    public static Tensor matchMeanStd(Tensor reference, Tensor test) {
        requireSameShape("matchMeanStd", reference, test);
        float[] r = values("matchMeanStd", "reference", reference), t = values("matchMeanStd", "test", test);
        return Tensor.of(matchMeanStd(r, t), test.dims());
    }

    /** {@link #matchMeanStd(Tensor, Tensor)} on arrays of equal length. */
    static float[] matchMeanStd(float[] r, float[] t) {
        double[] ms = meanStd(r), mt = meanStd(t);
        float[] out = new float[t.length];
        if (mt[1] == 0) {
            Arrays.fill(out, (float) ms[0]);
            return out;
        }
        double gain = ms[1] / mt[1];
        for (int i = 0; i < t.length; i++) out[i] = (float) ((t[i] - mt[0]) * gain + ms[0]);
        return out;
    }

    /**
     * PSNR, SSIM and VIF-P of {@code test} against {@code reference} (both {@code [nz, ny, nx]}), after matching the
     * test to the reference's mean and standard deviation; see the class description.
     *
     * @throws IllegalArgumentException if the shapes differ, the volumes are not 3-D, a side is below 7, a value is
     *                                  not finite, or the reference is constant
     */
    public static QualityScores measure(Tensor reference, Tensor test) {
        requireSameShape("measure", reference, test);
        if (reference.rank() != 3)
            throw new IllegalArgumentException("QualityMetrics.measure: need volumes [nz, ny, nx], got shape " + reference.shape());
        float[] r = values("measure", "reference", reference), t = values("measure", "test", test);
        int[] dims = reference.dims();
        float rMin = Float.POSITIVE_INFINITY, rMax = Float.NEGATIVE_INFINITY;
        for (float v : r) {
            rMin = Math.min(rMin, v);
            rMax = Math.max(rMax, v);
        }
        double range = (double) rMax - rMin;
        if (!(range > 0)) throw new IllegalArgumentException("QualityMetrics.measure: the reference volume is constant (" + rMin + "); no data range");
        float[] m = matchMeanStd(r, t);
        double psnr = ImageMetrics.psnr(r, m, range, dims);
        double ssim = Ssim.ssim(r, m, dims, range, SsimOptions.uniform());
        int k = vifEnlargement(dims[1], dims[2]);
        double scale = VIF_GREY_RANGE / range;
        float[] rg = toGrey(r, rMin, scale), mg = toGrey(m, rMin, scale);
        int[] big = {dims[0], dims[1] * k, dims[2] * k};
        double vif = Vif.vifpPooled(enlarge(rg, dims, k), enlarge(mg, dims, k), big, Vif.DEFAULT_SIGMA_NSQ);
        return new QualityScores(psnr, ssim, vif, k);
    }

    /** The smallest integer factor that brings both sides of a {@code ny x nx} slice to at least {@link Vif#MIN_SIZE}. */
    public static int vifEnlargement(int ny, int nx) {
        int side = Math.min(ny, nx);
        if (side < 1) throw new IllegalArgumentException("QualityMetrics.vifEnlargement: slice " + ny + " x " + nx + " is empty");
        return (Vif.MIN_SIZE + side - 1) / side;
    }

    /** Each z-slice of {@code v} (shape {@code dims}) enlarged by {@code k} with pixel replication. */
    static float[] enlarge(float[] v, int[] dims, int k) {
        if (k == 1) return v;
        int nz = dims[0], ny = dims[1], nx = dims[2], bx = nx * k, by = ny * k;
        float[] out = new float[nz * by * bx];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < by; y++) {
                int src = (z * ny + y / k) * nx, dst = (z * by + y) * bx;
                for (int x = 0; x < bx; x++) out[dst + x] = v[src + x / k];
            }
        return out;
    }

    private static float[] toGrey(float[] v, double min, double scale) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) ((v[i] - min) * scale);
        return out;
    }

    /** {mean, population std} in double. */
    static double[] meanStd(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        double mean = s / v.length, q = 0;
        for (float x : v) q += (x - mean) * (x - mean);
        return new double[] {mean, Math.sqrt(q / v.length)};
    }

    private static void requireSameShape(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.dims(), b.dims()))
            throw new IllegalArgumentException("QualityMetrics." + op + ": reference shape " + a.shape() + " differs from test shape " + b.shape());
    }

    private static float[] values(String op, String what, Tensor t) {
        float[] v = t.toArray();
        for (int i = 0; i < v.length; i++)
            if (!Float.isFinite(v[i])) throw new IllegalArgumentException("QualityMetrics." + op + ": " + what + " value " + i + " is " + v[i]);
        if (v.length == 0) throw new IllegalArgumentException("QualityMetrics." + op + ": " + what + " is empty");
        return v;
    }
}
