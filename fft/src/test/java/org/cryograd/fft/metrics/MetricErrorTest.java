package org.cryograd.fft.metrics;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad inputs fail with an IllegalArgumentException whose message names the shapes or parameter involved. */
class MetricErrorTest {

    private static void fails(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        Tensor a = Tensor.zeros(48, 40), b = Tensor.ones(40, 48);
        fails(() -> ImageMetrics.mse(a, b), "mse", "[48, 40]", "[40, 48]");
        fails(() -> ImageMetrics.relativeMse(a, b), "relativeMse", "[48, 40]", "[40, 48]");
        fails(() -> ImageMetrics.pearson(a, b), "pearson", "[48, 40]", "[40, 48]");
        fails(() -> ImageMetrics.psnr(a, b, 1), "psnr", "[48, 40]", "[40, 48]");
        fails(() -> Ssim.gaussian(a, b, 1), "ssim", "[48, 40]", "[40, 48]");
        Tensor v = Tensor.zeros(90, 90), w = Tensor.zeros(1, 90, 90);
        fails(() -> Vif.vifp(v, w), "vifp", "[90, 90]", "[1, 90, 90]");
    }

    @Test
    void tooSmallForTheSsimWindowNamesShapeAndWindow() {
        fails(() -> Ssim.gaussian(Tensor.zeros(10, 30), Tensor.zeros(10, 30), 1), "[10, 30]", "11");
        fails(() -> Ssim.uniform(Tensor.zeros(20, 6), Tensor.zeros(20, 6), 1), "[20, 6]", "7");
        fails(() -> Ssim.uniform(Tensor.zeros(3, 84, 90), Tensor.zeros(3, 84, 90), 1), "[3, 84, 90]", "7");
    }

    @Test
    void tooSmallForVifNamesShapeAndMinimum() {
        fails(() -> Vif.vifp(Tensor.zeros(80, 100), Tensor.zeros(80, 100)), "[80, 100]", "81");
        fails(() -> Vif.vifp(Tensor.zeros(5, 100, 64), Tensor.zeros(5, 100, 64)), "[5, 100, 64]", "81");
    }

    @Test
    void onlyRankTwoOrThree() {
        fails(() -> ImageMetrics.mse(Tensor.zeros(7), Tensor.zeros(7)), "[7]");
        fails(() -> Ssim.gaussian(Tensor.zeros(1, 1, 16, 16), Tensor.zeros(1, 1, 16, 16), 1), "[1, 1, 16, 16]");
    }

    @Test
    void arrayLengthMustMatchShape() {
        fails(() -> ImageMetrics.mse(new float[12], new float[12], 3, 5), "[3, 5]", "15", "12");
        fails(() -> Ssim.ssim(new float[400], new float[399], new int[] {20, 20}, 1, SsimOptions.uniform()), "test", "399");
    }

    @Test
    void badParameters() {
        Tensor a = Tensor.zeros(16, 16), b = Tensor.ones(16, 16);
        fails(() -> ImageMetrics.psnr(a, b, 0), "dataRange");
        fails(() -> ImageMetrics.psnr(a, b, Double.NaN), "dataRange");
        fails(() -> Ssim.uniform(a, b, -1), "dataRange");
        fails(() -> ImageMetrics.psnr(a, b), "[16, 16]", "data range"); // constant reference: no default range
        fails(() -> Vif.vifp(Tensor.zeros(81, 81), Tensor.zeros(81, 81), 0), "sigmaNsq");
        fails(() -> SsimOptions.uniform(6), "winSize", "6");
        fails(() -> new SsimOptions(SsimOptions.Window.GAUSSIAN, 1.5, 7, false, 0.01, 0.03), "11", "winSize 7");
        fails(() -> SsimOptions.gaussian().withK(-0.01, 0.03), "K1");
        fails(() -> SsimOptions.gaussian(0), "sigma");
    }
}
