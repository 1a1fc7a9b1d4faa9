package org.cryograd.fft.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every metric against the reference values of {@code src/test/python/make_metric_fixtures.py}: scikit-image
 * 0.19 ({@code mean_squared_error}, {@code normalized_root_mse}^2, {@code peak_signal_noise_ratio},
 * {@code structural_similarity} with the Gaussian Wang et al. settings and with the default 7-voxel uniform
 * window, including the full SSIM maps), scipy ({@code pearsonr}, {@code ndimage.gaussian_filter} and
 * {@code uniform_filter} in mode 'reflect'), and, for VIF-P, the script's own independent numpy/scipy
 * re-implementation of sewar's {@code vifp} (2-D {@code fspecial} windows and {@code scipy.signal.convolve2d};
 * sewar itself is not packaged by Debian). Inputs: structured and random 2-D (48x40, 64x64, 50x45, 96x88) and
 * 3-D (24x20x22, 3x84x90) pairs: clean, noisy, blurred, shifted, identical.
 */
class MetricFixtureTest {
    /** Absolute tolerance (relative for PSNR and MSE); the issue asks for 1e-4, double arithmetic gives ~1e-12. */
    private static final double TOL = 1e-6;
    /** Stored maps are float32: compare to float precision. */
    private static final double MAP_TOL = 1e-5;

    @TestFactory
    List<DynamicTest> everyFixtureCase() {
        MetricFixtures.Data data = MetricFixtures.load();
        List<DynamicTest> tests = new ArrayList<>();
        for (MetricFixtures.Case c : data.cases()) tests.add(DynamicTest.dynamicTest(c.id(), () -> check(data, c)));
        return tests;
    }

    @Test
    void fixtureCoversEveryMetricIn2dAnd3d() {
        Set<String> seen = new TreeSet<>();
        MetricFixtures.Data data = MetricFixtures.load();
        for (MetricFixtures.Case c : data.cases()) {
            if (c.test().isEmpty()) continue;
            seen.add(c.metric() + "/" + data.array(c.ref()).shape().length + "d");
        }
        for (String m : List.of("mse", "rel_mse", "pearson", "psnr", "ssim_gauss", "ssim_uniform", "vifp", "ssim_gauss_map")) {
            assertTrue(seen.contains(m + "/2d"), "no 2-D fixture for " + m + " in " + seen);
            assertTrue(seen.contains(m + "/3d"), "no 3-D fixture for " + m + " in " + seen);
        }
    }

    private static void check(MetricFixtures.Data data, MetricFixtures.Case c) {
        Tensor ref = data.array(c.ref()).tensor();
        if (c.metric().startsWith("filter_")) {
            checkFilter(data, c);
            return;
        }
        Tensor test = data.array(c.test()).tensor();
        checkArrays(data, c);
        switch (c.metric()) {
            case "mse" -> assertRel(c, ImageMetrics.mse(ref, test));
            case "rel_mse" -> assertRel(c, ImageMetrics.relativeMse(ref, test));
            case "pearson" -> assertAbs(c, ImageMetrics.pearson(ref, test));
            case "psnr" -> assertRel(c, ImageMetrics.psnr(ref, test, c.real("data_range")));
            case "ssim_gauss" -> assertAbs(c, Ssim.ssim(ref, test, c.real("data_range"), SsimOptions.gaussian()));
            case "ssim_uniform" -> assertAbs(c, Ssim.ssim(ref, test, c.real("data_range"), SsimOptions.uniform()));
            case "vifp" -> assertAbs(c, Vif.vifp(ref, test, c.real("sigma_nsq")));
            case "vifp_pooled" -> assertAbs(c, Vif.vifpPooled(ref, test, c.real("sigma_nsq")));
            case "ssim_gauss_map", "ssim_uniform_map" -> {
                SsimOptions o = c.metric().startsWith("ssim_gauss") ? SsimOptions.gaussian() : SsimOptions.uniform();
                float[] got = Ssim.map(ref, test, c.real("data_range"), o).toArray();
                assertArray(c, data.array(c.expectedArray()), got, MAP_TOL);
                assertAbs(c, Ssim.ssim(ref, test, c.real("data_range"), o));
            }
            default -> throw new IllegalArgumentException("unknown metric " + c.metric() + " in " + c.id());
        }
    }

    /** The float[] entry points against the same references (they are public API too, used on raw volumes). */
    private static void checkArrays(MetricFixtures.Data data, MetricFixtures.Case c) {
        float[] x = data.array(c.ref()).data(), y = data.array(c.test()).data();
        int[] s = data.array(c.ref()).shape();
        switch (c.metric()) {
            case "mse" -> assertRel(c, ImageMetrics.mse(x, y, s));
            case "rel_mse" -> assertRel(c, ImageMetrics.relativeMse(x, y, s));
            case "pearson" -> assertAbs(c, ImageMetrics.pearson(x, y, s));
            case "psnr" -> assertRel(c, ImageMetrics.psnr(x, y, c.real("data_range"), s));
            case "ssim_gauss" -> assertAbs(c, Ssim.ssim(x, y, s, c.real("data_range"), SsimOptions.gaussian()));
            case "ssim_uniform" -> assertAbs(c, Ssim.ssim(x, y, s, c.real("data_range"), SsimOptions.uniform()));
            case "vifp" -> assertAbs(c, Vif.vifp(x, y, s, c.real("sigma_nsq")));
            case "vifp_pooled" -> assertAbs(c, Vif.vifpPooled(x, y, s, c.real("sigma_nsq")));
            default -> { } // maps: tensor entry point only
        }
    }

    private static void checkFilter(MetricFixtures.Data data, MetricFixtures.Case c) {
        MetricFixtures.Array in = data.array(c.ref());
        int[] s = in.shape();
        int d = s.length == 3 ? s[0] : 1, h = s[s.length - 2], w = s[s.length - 1];
        double[] x = new double[in.data().length];
        for (int i = 0; i < x.length; i++) x[i] = in.data()[i];
        double[] k = c.metric().equals("filter_gauss")
                ? SeparableFilter.gaussianKernel(c.real("sigma"), c.real("truncate"))
                : SeparableFilter.boxKernel((int) c.real("size"));
        double[] out = SeparableFilter.reflectFilter(x, d, h, w, k, s.length == 3);
        float[] got = new float[out.length];
        for (int i = 0; i < out.length; i++) got[i] = (float) out[i];
        assertArray(c, data.array(c.expectedArray()), got, 1e-4); // values ~50: float32 storage precision
    }

    private static void assertAbs(MetricFixtures.Case c, double got) {
        assertEquals(c.expected(), got, TOL, c.id());
    }

    private static void assertRel(MetricFixtures.Case c, double got) {
        assertEquals(c.expected(), got, TOL * Math.max(1.0, Math.abs(c.expected())), c.id());
    }

    private static void assertArray(MetricFixtures.Case c, MetricFixtures.Array expected, float[] got, double tol) {
        assertEquals(expected.data().length, got.length, c.id() + ": length");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < got.length; i++) {
            double e = Math.abs((double) got[i] - expected.data()[i]);
            if (!(e <= worst)) {
                worst = e;
                at = i;
            }
        }
        assertTrue(worst <= tol, c.id() + ": max |diff| " + worst + " at flat index " + at + " of shape "
                + Arrays.toString(expected.shape()));
    }
}
