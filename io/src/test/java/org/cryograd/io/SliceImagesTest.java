package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 8-bit pictures against numpy (np.percentile, clip, scale; layouts rebuilt in make_io_fixtures.py), written as
 * PNG and read back with ImageIO.
 */
class SliceImagesTest {
    private static final Properties P = Fixtures.properties("png/cases.properties");

    static Stream<String> cases() {
        return Arrays.stream(Fixtures.require(P, "names").split(","));
    }

    private static String p(String c, String k) {
        return Fixtures.require(P, c + "." + k);
    }

    private static BufferedImage render(String c) throws IOException {
        int[] shape = Fixtures.ints(p(c, "shape"));
        Tensor in = Tensor.of(Fixtures.f32("png/" + c + ".f32"), shape);
        if (c.startsWith("image_") || c.equals("ramp"))
            return SliceImages.image(in, Contrast.percentiles(Double.parseDouble(p(c, "low")), Double.parseDouble(p(c, "high"))));
        if (c.startsWith("slice_"))
            return SliceImages.slice(in, Integer.parseInt(p(c, "z")), Contrast.percentiles(Double.parseDouble(p(c, "low")), Double.parseDouble(p(c, "high"))));
        if (c.equals("ortho_centre")) return SliceImages.orthoViews(in, Contrast.DEFAULT);
        if (c.startsWith("ortho_")) {
            int[] pt = Fixtures.ints(p(c, "point"));
            return SliceImages.orthoViews(in, pt[0], pt[1], pt[2], Integer.parseInt(p(c, "gap")), Contrast.DEFAULT);
        }
        if (c.equals("montage_step2"))
            return SliceImages.montage(in, Integer.parseInt(p(c, "step")), Integer.parseInt(p(c, "first")), Integer.parseInt(p(c, "gap")), Contrast.DEFAULT);
        if (c.equals("montage_list"))
            return SliceImages.montage(in, Fixtures.ints(p(c, "zs")), Integer.parseInt(p(c, "columns")), Integer.parseInt(p(c, "gap")), Contrast.DEFAULT);
        throw new IllegalStateException("unknown case " + c);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void pngMatchesNumpy(String c, @TempDir Path dir) throws IOException {
        Path png = dir.resolve(c + ".png");
        SliceImages.writePng(render(c), png);
        BufferedImage back = ImageIO.read(png.toFile());
        int[] hw = Fixtures.ints(p(c, "out"));
        assertEquals(hw[1], back.getWidth(), "width");
        assertEquals(hw[0], back.getHeight(), "height");
        assertEquals(1, back.getRaster().getNumBands(), "greyscale");
        assertEquals(8, back.getColorModel().getComponentSize(0), "8-bit");
        byte[] expected = Files.readAllBytes(Fixtures.resource("png/" + c + ".u8"));
        int[] actual = back.getRaster().getPixels(0, 0, hw[1], hw[0], (int[]) null);
        int bad = 0;
        for (int i = 0; i < expected.length; i++) if ((expected[i] & 0xff) != actual[i]) bad++;
        assertEquals(0, bad, c + ": pixels differing from numpy");
    }

    /** The percentile limits equal np.percentile's exactly (same interpolation formula, in double). */
    @Test
    void percentileLimitsEqualNumpy() throws IOException {
        for (String c : new String[] {"image_default", "image_2_98", "image_minmax", "ramp"}) {
            Contrast k = Contrast.percentiles(Double.parseDouble(p(c, "low")), Double.parseDouble(p(c, "high")));
            double[] lim = k.limits(Fixtures.f32("png/" + c + ".f32"));
            assertEquals(Double.parseDouble(p(c, "lo")), lim[0], c + " lo");
            assertEquals(Double.parseDouble(p(c, "hi")), lim[1], c + " hi");
        }
    }

    /** Ramp 0..1199: percentile q sits at rank 1199*q/100 (linear interpolation): 5.995 and 1193.005. */
    @Test
    void rampPercentilesAnalytic() {
        float[] ramp = new float[1200];
        for (int i = 0; i < ramp.length; i++) ramp[i] = i;
        double[] lim = Contrast.DEFAULT.limits(ramp);
        assertEquals(5.995, lim[0], 1e-9);
        assertEquals(1193.005, lim[1], 1e-9);
        // value v maps to round((v - 5.995) / 1187.01 * 255): 600 -> 127.6 -> 128; below/above the limits clip.
        BufferedImage img = SliceImages.image(Tensor.of(ramp, 30, 40), Contrast.DEFAULT);
        assertEquals(128, img.getRaster().getSample(0, 15, 0));
        assertEquals(0, img.getRaster().getSample(5, 0, 0));
        assertEquals(1, img.getRaster().getSample(10, 0, 0));
        assertEquals(255, img.getRaster().getSample(39, 29, 0));
    }

    @Test
    void fixedRangeConstantImagesAndNaN() {
        float[] v = new float[256];
        for (int i = 0; i < v.length; i++) v[i] = i;
        BufferedImage id = SliceImages.image(Tensor.of(v, 16, 16), Contrast.range(0, 255));
        for (int i = 0; i < 256; i++) assertEquals(i, id.getRaster().getSample(i % 16, i / 16, 0), "identity mapping");
        BufferedImage flat = SliceImages.image(Tensor.full(org.cryograd.tensor.Device.cpu(), 3f, 4, 5), Contrast.DEFAULT);
        assertArrayEquals(new int[20], flat.getRaster().getPixels(0, 0, 5, 4, (int[]) null), "constant image is black");
        float[] withNan = {0, Float.NaN, 10, 5};
        double[] lim = Contrast.MIN_MAX.limits(withNan);
        assertArrayEquals(new double[] {0, 10}, lim, "NaN ignored");
        BufferedImage n = SliceImages.image(Tensor.of(withNan, 2, 2), Contrast.MIN_MAX);
        assertArrayEquals(new int[] {0, 0, 255, 128}, n.getRaster().getPixels(0, 0, 2, 2, (int[]) null));
    }

    @Test
    void badArguments() {
        Tensor vol = Tensor.zeros(3, 4, 5);
        assertThrows(IllegalArgumentException.class, () -> SliceImages.slice(vol, 3, Contrast.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> SliceImages.image(vol, Contrast.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> SliceImages.orthoViews(vol, 0, 4, 0, 1, Contrast.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> SliceImages.montage(vol, new int[0], 2, 0, Contrast.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> SliceImages.montage(vol, 0, 0, 0, Contrast.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> Contrast.percentiles(60, 40));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SliceImages.slice(vol, -1, Contrast.DEFAULT));
        assertTrue(e.getMessage().contains("z = -1 outside [0, 3)"), e.getMessage());
    }
}
