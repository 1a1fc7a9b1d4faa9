package org.cryograd.io;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Line plots (FSC curves, training losses) drawn with Java2D into a PNG; works headless.
 *
 * <pre>{@code
 * LinePlot.fsc(freq, Map.of("half maps", fsc)).write(Path.of("fsc.png"));       // 0.143 and 0.5 guides
 * LinePlot.loss(Map.of("train", train, "validation", val)).write(Path.of("loss.png"));
 * new LinePlot(640, 400).title("FSC").xLabel("1/Å").yLabel("FSC")
 *         .series("A", freq, a).series("B", freq, b).guide(0.143, "0.143").write(Path.of("ab.png"));
 * }</pre>
 *
 * <p>Axes get "nice" ticks (1, 2 or 5 × 10^k) covering the data, or the range given with {@link #xRange} /
 * {@link #yRange}; a logarithmic y axis has a tick per decade. NaN points break a line (so a validation loss
 * recorded every k steps can be given as NaN in between; isolated points are drawn as dots); non-positive values
 * are skipped on a log axis. Series take colours from the matplotlib "tab10" cycle; a legend sits in the top-right
 * corner. A plot object is a mutable description; {@link #render()} draws it. Not thread-safe.
 */
public final class LinePlot {
    /** Colour of horizontal guide lines. */
    static final Color GUIDE = new Color(110, 110, 110);
    /** Series colours (matplotlib tab10 without its grey, which guides use). */
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0xbcbd22), new Color(0x17becf)};
    private static final Color GRID = new Color(232, 232, 232);

    private final int width, height;
    private String title = "", xLabel = "", yLabel = "";
    private double[] xRange, yRange;
    private boolean logY;
    private final List<Series> series = new ArrayList<>();
    private final List<Guide> guides = new ArrayList<>();

    private record Series(String name, double[] x, double[] y) {}

    private record Guide(double y, String label) {}

    /**
     * An empty plot of the given pixel size.
     *
     * @param width at least 200
     * @param height at least 150
     */
    public LinePlot(int width, int height) {
        if (width < 200 || height < 150) throw new IllegalArgumentException("LinePlot: size " + width + "x" + height + " is below the minimum 200x150");
        this.width = width;
        this.height = height;
    }

    /**
     * An FSC plot: frequency against correlation, y from -0.1 to 1.05, guides at 0.143 and 0.5.
     *
     * @param frequency spatial frequency of each shell (1/Å or 1/pixel)
     * @param curves curve name to FSC values (same length as {@code frequency}), in legend order
     * @return the plot, ready to {@link #write}
     */
    public static LinePlot fsc(double[] frequency, Map<String, double[]> curves) {
        LinePlot p = new LinePlot(720, 450).title("Fourier shell correlation").xLabel("spatial frequency").yLabel("FSC")
                .yRange(-0.1, 1.05).guide(0.143, "0.143").guide(0.5, "0.5");
        curves.forEach((name, fsc) -> p.series(name, frequency, fsc));
        return p;
    }

    /**
     * A training-loss plot: step (1, 2, ...) against loss, logarithmic y when every finite value is positive.
     *
     * @param curves curve name to loss per step, in legend order
     * @return the plot, ready to {@link #write}
     */
    public static LinePlot loss(Map<String, double[]> curves) {
        LinePlot p = new LinePlot(720, 450).title("Training loss").xLabel("step").yLabel("loss");
        boolean positive = true;
        for (double[] c : curves.values()) for (double v : c) if (Double.isFinite(v) && v <= 0) positive = false;
        p.logY(positive);
        curves.forEach(p::series);
        return p;
    }

    /** Title above the plot. @param text the title @return this plot */
    public LinePlot title(String text) { title = Objects.requireNonNull(text); return this; }

    /** X axis label. @param text the label @return this plot */
    public LinePlot xLabel(String text) { xLabel = Objects.requireNonNull(text); return this; }

    /** Y axis label. @param text the label @return this plot */
    public LinePlot yLabel(String text) { yLabel = Objects.requireNonNull(text); return this; }

    /** Fixed x range. @param min left edge @param max right edge (greater than min) @return this plot */
    public LinePlot xRange(double min, double max) { xRange = checkRange("xRange", min, max); return this; }

    /** Fixed y range. @param min bottom @param max top (greater than min; positive for a log axis) @return this plot */
    public LinePlot yRange(double min, double max) { yRange = checkRange("yRange", min, max); return this; }

    /** Logarithmic y axis. @param on whether to use it @return this plot */
    public LinePlot logY(boolean on) { logY = on; return this; }

    /**
     * Adds a curve.
     *
     * @param name legend entry
     * @param x abscissae
     * @param y ordinates, same length
     * @return this plot
     */
    public LinePlot series(String name, double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("LinePlot.series '" + name + "': " + x.length + " x values but " + y.length + " y values");
        series.add(new Series(Objects.requireNonNull(name), x.clone(), y.clone()));
        return this;
    }

    /** Adds a curve against 1, 2, ..., n. @param name legend entry @param y ordinates @return this plot */
    public LinePlot series(String name, double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) x[i] = i + 1;
        return series(name, x, y);
    }

    /** Adds a dashed horizontal guide line. @param y its height in data units @param label text at its right end @return this plot */
    public LinePlot guide(double y, String label) {
        guides.add(new Guide(y, Objects.requireNonNull(label)));
        return this;
    }

    private static double[] checkRange(String what, double min, double max) {
        if (!(Double.isFinite(min) && Double.isFinite(max) && max > min))
            throw new IllegalArgumentException("LinePlot." + what + ": need finite min < max, got " + min + ", " + max);
        return new double[] {min, max};
    }

    // ------------------------------------------------------------------ layout

    /** Pixel geometry and axis ranges of a rendered plot; package-private so tests can locate lines. */
    record Layout(int left, int top, int right, int bottom, double xMin, double xMax, double yMin, double yMax, boolean logY,
                  double[] xTicks, double[] yTicks) {
        double xPixel(double x) {
            return left + (x - xMin) / (xMax - xMin) * (right - left);
        }

        double yPixel(double y) {
            double t = logY ? (Math.log10(y) - yMin) / (yMax - yMin) : (y - yMin) / (yMax - yMin);
            return bottom - t * (bottom - top);
        }
    }

    Layout layout() {
        if (series.isEmpty()) throw new IllegalStateException("LinePlot: no series to draw");
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series)
            for (int i = 0; i < s.x.length; i++) {
                double x = s.x[i], y = s.y[i];
                if (!Double.isFinite(x) || !Double.isFinite(y) || (logY && y <= 0)) continue;
                x0 = Math.min(x0, x); x1 = Math.max(x1, x);
                y0 = Math.min(y0, y); y1 = Math.max(y1, y);
            }
        if (x0 > x1) throw new IllegalStateException("LinePlot: no finite" + (logY ? ", positive" : "") + " points to draw");
        if (!logY) for (Guide g : guides) if (yRange == null && Double.isFinite(g.y)) { y0 = Math.min(y0, g.y); y1 = Math.max(y1, g.y); }
        double[] xt, yt;
        double xMin, xMax, yMin, yMax;
        if (xRange != null) { xMin = xRange[0]; xMax = xRange[1]; xt = ticks(xMin, xMax, false); }
        else { xt = ticks(x0, x1, true); xMin = xt[0]; xMax = xt[xt.length - 1]; }
        if (logY) {
            double lo = yRange != null ? yRange[0] : y0, hi = yRange != null ? yRange[1] : y1;
            if (lo <= 0) throw new IllegalStateException("LinePlot: log y axis needs a positive range, got " + lo + ".." + hi);
            yMin = Math.floor(Math.log10(lo));
            yMax = Math.ceil(Math.log10(hi));
            if (yMax <= yMin) yMax = yMin + 1;
            yt = new double[(int) (yMax - yMin) + 1];
            for (int i = 0; i < yt.length; i++) yt[i] = Math.pow(10, yMin + i);
        } else if (yRange != null) { yMin = yRange[0]; yMax = yRange[1]; yt = ticks(yMin, yMax, false); }
        else { yt = ticks(y0, y1, true); yMin = yt[0]; yMax = yt[yt.length - 1]; }
        int top = title.isEmpty() ? 16 : 40;
        return new Layout(74, top, width - 24, height - 56, xMin, xMax, yMin, yMax, logY, xt, yt);
    }

    /** Ticks at multiples of a 1/2/5 step; {@code extend} widens the range to whole steps. */
    static double[] ticks(double min, double max, boolean extend) {
        if (max <= min) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        double step = niceStep((max - min) / 5);
        double lo = extend ? Math.floor(min / step + 1e-9) * step : Math.ceil(min / step - 1e-9) * step;
        double hi = extend ? Math.ceil(max / step - 1e-9) * step : Math.floor(max / step + 1e-9) * step;
        int n = (int) Math.round((hi - lo) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = lo + i * step;
        if (extend) { t[0] = lo; t[n - 1] = hi; }
        return t;
    }

    static double niceStep(double raw) {
        double k = Math.floor(Math.log10(raw));
        double f = raw / Math.pow(10, k);
        double nice = f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10;
        return nice * Math.pow(10, k);
    }

    static String tickLabel(double v, double step) {
        if (Math.abs(v) < step * 1e-6) v = 0;
        int decimals = Math.max(0, -(int) Math.floor(Math.log10(step) + 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String decadeLabel(double exponent) {
        int e = (int) Math.round(exponent);
        if (e >= -3 && e <= 4) return tickLabel(Math.pow(10, e), Math.pow(10, Math.min(e, 0)));
        return "1e" + e;
    }

    // ------------------------------------------------------------------ drawing

    /**
     * Draws the plot.
     *
     * @return a TYPE_INT_RGB image of the plot's size
     * @throws IllegalStateException if there is nothing to draw
     */
    public BufferedImage render() {
        Layout l = layout();
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
            g.setFont(font);
            FontMetrics fm = g.getFontMetrics();

            // grid and ticks
            double xStep = l.xTicks.length > 1 ? l.xTicks[1] - l.xTicks[0] : 1;
            double yStep = l.yTicks.length > 1 ? l.yTicks[1] - l.yTicks[0] : 1;
            for (double t : l.xTicks) {
                int px = (int) Math.round(l.xPixel(t));
                g.setColor(GRID);
                g.drawLine(px, l.top, px, l.bottom);
                g.setColor(Color.BLACK);
                g.drawLine(px, l.bottom, px, l.bottom + 5);
                String s = tickLabel(t, xStep);
                g.drawString(s, px - fm.stringWidth(s) / 2, l.bottom + 7 + fm.getAscent());
            }
            for (int i = 0; i < l.yTicks.length; i++) {
                double t = l.yTicks[i];
                int py = (int) Math.round(l.yPixel(t));
                g.setColor(GRID);
                g.drawLine(l.left, py, l.right, py);
                g.setColor(Color.BLACK);
                g.drawLine(l.left - 5, py, l.left, py);
                String s = l.logY ? decadeLabel(l.yMin + i) : tickLabel(t, yStep);
                g.drawString(s, l.left - 8 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
            }
            g.setColor(Color.BLACK);
            g.drawRect(l.left, l.top, l.right - l.left, l.bottom - l.top);

            // labels
            if (!title.isEmpty()) {
                Font tf = font.deriveFont(Font.BOLD, 14f);
                g.setFont(tf);
                g.drawString(title, (l.left + l.right - g.getFontMetrics().stringWidth(title)) / 2, l.top - 14);
                g.setFont(font);
            }
            g.drawString(xLabel, (l.left + l.right - fm.stringWidth(xLabel)) / 2, height - 12);
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(yLabel, -(l.top + l.bottom + fm.stringWidth(yLabel)) / 2, 16);
            g.setTransform(saved);

            // guides: crisp dashed lines on whole pixel rows
            g.setClip(l.left + 1, l.top + 1, l.right - l.left - 1, l.bottom - l.top - 1);
            g.setColor(GUIDE);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            for (Guide gd : guides) {
                if (l.logY && gd.y <= 0) continue;
                int py = (int) Math.round(l.yPixel(gd.y));
                g.drawLine(l.left, py, l.right, py);
                g.drawString(gd.label, l.right - 4 - fm.stringWidth(gd.label), py - 3);
            }

            // series
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            for (int s = 0; s < series.size(); s++) {
                Series sr = series.get(s);
                g.setColor(PALETTE[s % PALETTE.length]);
                Path2D.Double path = new Path2D.Double();
                int run = 0;          // points in the current unbroken run
                double lastX = 0, lastY = 0;
                for (int i = 0; i <= sr.x.length; i++) {
                    boolean ok = i < sr.x.length && Double.isFinite(sr.x[i]) && Double.isFinite(sr.y[i]) && !(l.logY && sr.y[i] <= 0);
                    if (!ok) {
                        // A point with no drawable neighbour would be invisible as a line: mark it with a dot.
                        if (run == 1) g.fill(new Ellipse2D.Double(lastX - 2.5, lastY - 2.5, 5, 5));
                        run = 0;
                        continue;
                    }
                    lastX = l.xPixel(sr.x[i]);
                    lastY = l.yPixel(sr.y[i]);
                    if (run > 0) path.lineTo(lastX, lastY); else path.moveTo(lastX, lastY);
                    run++;
                }
                g.draw(path);
            }
            g.setClip(null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);

            // legend: solid swatches (exact series colours) and names, top right
            int textW = 0;
            for (Series sr : series) textW = Math.max(textW, fm.stringWidth(sr.name));
            int rowH = fm.getHeight();
            int boxW = textW + 40, boxH = rowH * series.size() + 8;
            int bx = l.right - boxW - 8, by = l.top + 8;
            g.setColor(Color.WHITE);
            g.fillRect(bx, by, boxW, boxH);
            g.setColor(Color.GRAY);
            g.drawRect(bx, by, boxW, boxH);
            for (int s = 0; s < series.size(); s++) {
                int cy = by + 4 + rowH * s + rowH / 2;
                g.setColor(PALETTE[s % PALETTE.length]);
                g.fillRect(bx + 6, cy - 2, 20, 4);
                g.setColor(Color.BLACK);
                g.drawString(series.get(s).name, bx + 32, cy + fm.getAscent() / 2 - 1);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * Renders and writes the plot as PNG, atomically.
     *
     * @param path the file to create or replace
     * @throws IOException if it cannot be written
     */
    public void write(Path path) throws IOException {
        BufferedImage img = render();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", bytes)) throw new IOException(path + ": no PNG writer available in this JVM");
        AtomicFiles.write(path, bytes.toByteArray());
    }
}
