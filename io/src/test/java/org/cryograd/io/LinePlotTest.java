package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plots: written headless, right size, not blank, series colours in the legend, guide lines where the axes put them. */
class LinePlotTest {
    @TempDir Path dir;

    private static int count(BufferedImage img, Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff)) n++;
        return n;
    }

    private static int nonWhite(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) n++;
        return n;
    }

    @Test
    void fscPlotWithGuides() throws IOException {
        assertTrue(GraphicsEnvironment.isHeadless(), "tests run headless");
        double[] f = new double[60];
        double[] a = new double[60], b = new double[60];
        for (int i = 0; i < f.length; i++) {
            f[i] = i / 120.0;
            a[i] = 1 / (1 + Math.exp((f[i] - 0.25) * 40));
            b[i] = 1 / (1 + Math.exp((f[i] - 0.18) * 30));
        }
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("half maps", a);
        curves.put("model vs map", b);
        LinePlot plot = LinePlot.fsc(f, curves);
        Path png = dir.resolve("fsc.png");
        plot.write(png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(720, img.getWidth());
        assertEquals(450, img.getHeight());
        assertTrue(nonWhite(img) > 0.03 * 720 * 450, "drawn: " + nonWhite(img) + " non-white pixels");
        assertTrue(count(img, LinePlot.PALETTE[0]) >= 80, "legend swatch of series 1");
        assertTrue(count(img, LinePlot.PALETTE[1]) >= 80, "legend swatch of series 2");
        LinePlot.Layout l = plot.layout();
        assertEquals(-0.1, l.yMin());
        assertEquals(1.05, l.yMax());
        for (double g : new double[] {0.143, 0.5}) {
            int row = (int) Math.round(l.yPixel(g));
            int onRow = 0;
            for (int x = l.left(); x <= l.right(); x++) if ((img.getRGB(x, row) & 0xffffff) == (LinePlot.GUIDE.getRGB() & 0xffffff)) onRow++;
            assertTrue(onRow > 0.4 * (l.right() - l.left()), "dashed guide at y=" + g + " (row " + row + "): " + onRow + " pixels");
        }
        // Axis mapping is linear: the ends of the range land on the plot frame.
        assertEquals(l.bottom(), l.yPixel(-0.1), 1e-9);
        assertEquals(l.top(), l.yPixel(1.05), 1e-9);
        assertEquals(l.left(), l.xPixel(l.xMin()), 1e-9);
    }

    @Test
    void lossPlotUsesALogAxisForPositiveLosses() throws IOException {
        double[] train = new double[200], val = new double[200];
        for (int i = 0; i < 200; i++) {
            train[i] = 2.0 * Math.exp(-i / 40.0) + 0.01;
            val[i] = i % 10 == 0 ? 2.5 * Math.exp(-i / 50.0) + 0.02 : Double.NaN; // validation every 10 steps
        }
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("train", train);
        curves.put("validation", val);
        LinePlot plot = LinePlot.loss(curves);
        LinePlot.Layout l = plot.layout();
        assertTrue(l.logY());
        assertArrayEquals(new double[] {0.01, 0.1, 1, 10}, l.yTicks(), 1e-12);
        Path png = dir.resolve("loss.png");
        plot.write(png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(720, img.getWidth());
        assertTrue(nonWhite(img) > 0.01 * 720 * 450, "drawn: " + nonWhite(img) + " non-white pixels");
        // 20 isolated validation points are drawn as dots (5 px wide) besides the 80-pixel legend swatch.
        assertTrue(count(img, LinePlot.PALETTE[1]) >= 80 + 20 * 4, "validation dots: " + count(img, LinePlot.PALETTE[1]));
        // A loss that goes negative gets a linear axis.
        train[5] = -0.5;
        assertEquals(false, LinePlot.loss(Map.of("train", train)).layout().logY());
    }

    @Test
    void niceTicks() {
        assertEquals(0.5, LinePlot.niceStep(0.37), 1e-15);
        assertEquals(0.1, LinePlot.niceStep(0.12), 1e-15);
        assertEquals(20, LinePlot.niceStep(23), 1e-12);
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, LinePlot.ticks(0, 0.93, true), 1e-12);
        assertArrayEquals(new double[] {0, 50, 100, 150, 200}, LinePlot.ticks(1, 200, true), 1e-12);
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, LinePlot.ticks(-0.1, 1.05, false), 1e-12);
        assertEquals("0.2", LinePlot.tickLabel(0.2, 0.2));
        assertEquals("0.0", LinePlot.tickLabel(1e-17, 0.2));
        assertEquals("150", LinePlot.tickLabel(150, 50));
        assertEquals("0.05", LinePlot.tickLabel(0.05, 0.05));
    }

    @Test
    void badPlots() {
        assertThrows(IllegalStateException.class, () -> new LinePlot(400, 300).render());
        assertThrows(IllegalArgumentException.class, () -> new LinePlot(400, 300).series("a", new double[2], new double[3]));
        assertThrows(IllegalArgumentException.class, () -> new LinePlot(100, 300));
        assertThrows(IllegalArgumentException.class, () -> new LinePlot(400, 300).yRange(1, 1));
        assertThrows(IllegalStateException.class, () -> new LinePlot(400, 300).logY(true).series("a", new double[] {-1, 0}).render());
    }
}
