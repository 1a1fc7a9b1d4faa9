package org.cryograd.em.eval;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Side-by-side panels of images (e.g. the orthogonal views of the truth and of each reconstruction), each enlarged
 * by the same integer factor (nearest neighbour) and captioned above. Works headless.
 */
public final class SlicePanels {
    private static final int GAP = 8, CAPTION = 22;

    private SlicePanels() {}

    /**
     * One picture with the images in a row, captions above them.
     *
     * @param captions one caption per image
     * @param images   the images (any type), all scaled by {@code scale}
     * @param scale    integer enlargement, at least 1
     * @return an RGB picture on a white background
     */
    public static BufferedImage row(List<String> captions, List<BufferedImage> images, int scale) {
        if (captions.size() != images.size() || images.isEmpty())
            throw new IllegalArgumentException("SlicePanels.row: " + captions.size() + " captions for " + images.size() + " images");
        if (scale < 1) throw new IllegalArgumentException("SlicePanels.row: scale must be >= 1, got " + scale);
        int width = GAP, height = 0;
        for (BufferedImage im : images) {
            width += im.getWidth() * scale + GAP;
            height = Math.max(height, im.getHeight() * scale);
        }
        height += CAPTION + 2 * GAP;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            FontMetrics fm = g.getFontMetrics();
            int x = GAP;
            for (int i = 0; i < images.size(); i++) {
                BufferedImage im = images.get(i);
                int w = im.getWidth() * scale, h = im.getHeight() * scale;
                String c = captions.get(i);
                g.setColor(Color.BLACK);
                g.drawString(c, x + Math.max(0, (w - fm.stringWidth(c)) / 2), GAP + fm.getAscent());
                g.drawImage(im, x, GAP + CAPTION, w, h, null);
                x += w + GAP;
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The smallest integer factor that makes an image at least {@code minSide} pixels on its shorter side (at least 1). */
    public static int scaleFor(BufferedImage image, int minSide) {
        int side = Math.max(1, Math.min(image.getWidth(), image.getHeight()));
        return Math.max(1, (minSide + side - 1) / side);
    }
}
