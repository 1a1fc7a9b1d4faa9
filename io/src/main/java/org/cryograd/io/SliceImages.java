package org.cryograd.io;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.cryograd.tensor.Tensor;

/**
 * 8-bit greyscale pictures of images and volumes: a slice, orthogonal views, a montage of sections; and PNG output.
 * Works headless (no display needed).
 *
 * <pre>{@code
 * SliceImages.writePng(SliceImages.slice(volume, 64, Contrast.DEFAULT), Path.of("z64.png"));
 * SliceImages.writePng(SliceImages.orthoViews(volume, Contrast.DEFAULT), Path.of("ortho.png"));
 * SliceImages.writePng(SliceImages.montage(volume, 8, 0, 2, Contrast.DEFAULT), Path.of("montage.png"));
 * }</pre>
 *
 * <p>Orientation: image row {@code r}, column {@code c} is array element {@code [r, c]} (y down, as numpy, PIL and
 * {@code imshow} show arrays; IMOD shows y up). Volumes are {@code [nz, ny, nx]}. Contrast limits are computed once
 * over all pixels of the picture, so the panels of one picture are comparable. Gaps between panels are black.
 */
public final class SliceImages {
    private SliceImages() {}

    /**
     * A 2-D image.
     *
     * @param image a {@code [ny, nx]} tensor
     * @param contrast grey mapping
     * @return an {@code nx × ny} TYPE_BYTE_GRAY image
     */
    public static BufferedImage image(Tensor image, Contrast contrast) {
        int[] d = image.dims();
        if (d.length != 2) throw new IllegalArgumentException("SliceImages.image: expected a [ny, nx] tensor, got " + Arrays.toString(d));
        float[] v = image.toArray();
        double[] lim = contrast.limits(v);
        BufferedImage img = new BufferedImage(d[1], d[0], BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = pixels(img);
        for (int i = 0; i < v.length; i++) px[i] = (byte) Contrast.grey(v[i], lim[0], lim[1]);
        return img;
    }

    /**
     * Section {@code z} of a volume.
     *
     * @param volume a {@code [nz, ny, nx]} tensor
     * @param z section index
     * @param contrast grey mapping (percentiles of this section)
     * @return an {@code nx × ny} image
     */
    public static BufferedImage slice(Tensor volume, int z, Contrast contrast) {
        int[] d = volumeDims("slice", volume);
        checkIndex("slice", "z", z, d[0]);
        // Copy out one section only (no autograd recording on the detached alias).
        try (Tensor alias = volume.detach(); Tensor section = alias.slice(0, z, z + 1); Tensor image = section.reshape(d[1], d[2])) {
            return image(image, contrast);
        }
    }

    /**
     * Orthogonal views through the centre {@code (nz/2, ny/2, nx/2)}.
     *
     * @param volume a {@code [nz, ny, nx]} tensor
     * @param contrast grey mapping
     * @return the panel (see {@link #orthoViews(Tensor, int, int, int, int, Contrast)})
     */
    public static BufferedImage orthoViews(Tensor volume, Contrast contrast) {
        int[] d = volumeDims("orthoViews", volume);
        return orthoViews(volume, d[0] / 2, d[1] / 2, d[2] / 2, 4, contrast);
    }

    /**
     * Orthogonal views through voxel {@code (z, y, x)}: the xy section {@code z} at the top left
     * ({@code ny} rows × {@code nx} columns), the zy section at column {@code x} to its right ({@code ny} rows ×
     * {@code nz} columns, column = z, so rows line up with the xy view), and the xz section at row {@code y}
     * below it ({@code nz} rows × {@code nx} columns, row = z). The picture is {@code (nx + gap + nz)} wide and
     * {@code (ny + gap + nz)} high; the bottom-right corner and the gaps are black.
     *
     * @param volume a {@code [nz, ny, nx]} tensor
     * @param z section through which the xy view is taken
     * @param y row through which the xz view is taken
     * @param x column through which the zy view is taken
     * @param gap black pixels between views (0 or more)
     * @param contrast grey mapping, computed over the three views together
     * @return the panel
     */
    public static BufferedImage orthoViews(Tensor volume, int z, int y, int x, int gap, Contrast contrast) {
        int[] d = volumeDims("orthoViews", volume);
        int nz = d[0], ny = d[1], nx = d[2];
        checkIndex("orthoViews", "z", z, nz);
        checkIndex("orthoViews", "y", y, ny);
        checkIndex("orthoViews", "x", x, nx);
        if (gap < 0) throw new IllegalArgumentException("SliceImages.orthoViews: gap " + gap + " is negative");
        float[] v = volume.toArray();
        int w = nx + gap + nz, h = ny + gap + nz;
        float[] canvas = new float[w * h];
        boolean[] used = new boolean[w * h];
        for (int r = 0; r < ny; r++)
            for (int c = 0; c < nx; c++) put(canvas, used, w, r, c, v[(z * ny + r) * nx + c]);
        for (int r = 0; r < ny; r++)
            for (int k = 0; k < nz; k++) put(canvas, used, w, r, nx + gap + k, v[(k * ny + r) * nx + x]);
        for (int k = 0; k < nz; k++)
            for (int c = 0; c < nx; c++) put(canvas, used, w, ny + gap + k, c, v[(k * ny + y) * nx + c]);
        return render(canvas, used, w, h, contrast);
    }

    /**
     * Every {@code step}-th section starting at {@code first}, laid out in a grid.
     *
     * @param volume a {@code [nz, ny, nx]} tensor
     * @param step distance between shown sections (1 = all)
     * @param first first section shown
     * @param gap black pixels between tiles
     * @param contrast grey mapping, computed over all shown sections
     * @return the montage (see {@link #montage(Tensor, int[], int, int, Contrast)}, with {@code ceil(sqrt(n))} columns)
     */
    public static BufferedImage montage(Tensor volume, int step, int first, int gap, Contrast contrast) {
        int[] d = volumeDims("montage", volume);
        if (step < 1) throw new IllegalArgumentException("SliceImages.montage: step " + step + " must be at least 1");
        checkIndex("montage", "first", first, d[0]);
        int n = (d[0] - first + step - 1) / step;
        int[] zs = new int[n];
        for (int i = 0; i < n; i++) zs[i] = first + i * step;
        return montage(volume, zs, (int) Math.ceil(Math.sqrt(n)), gap, contrast);
    }

    /**
     * The given sections in a grid of {@code columns} columns, filled row by row: tile {@code i} is at grid row
     * {@code i / columns}, grid column {@code i % columns}, its top-left pixel at
     * {@code (row * (ny + gap), col * (nx + gap))}. The picture is {@code columns*nx + (columns-1)*gap} wide and
     * {@code rows*ny + (rows-1)*gap} high with {@code rows = ceil(n / columns)}; unused tiles are black.
     *
     * @param volume a {@code [nz, ny, nx]} tensor
     * @param zs sections to show, in order
     * @param columns grid columns (at least 1)
     * @param gap black pixels between tiles
     * @param contrast grey mapping, computed over all shown sections
     * @return the montage
     */
    public static BufferedImage montage(Tensor volume, int[] zs, int columns, int gap, Contrast contrast) {
        int[] d = volumeDims("montage", volume);
        int ny = d[1], nx = d[2];
        if (zs.length == 0) throw new IllegalArgumentException("SliceImages.montage: no sections to show");
        if (columns < 1) throw new IllegalArgumentException("SliceImages.montage: columns " + columns + " must be at least 1");
        if (gap < 0) throw new IllegalArgumentException("SliceImages.montage: gap " + gap + " is negative");
        for (int z : zs) checkIndex("montage", "z", z, d[0]);
        int cols = Math.min(columns, zs.length);
        int rows = (zs.length + cols - 1) / cols;
        int w = cols * nx + (cols - 1) * gap, h = rows * ny + (rows - 1) * gap;
        float[] v = volume.toArray();
        float[] canvas = new float[w * h];
        boolean[] used = new boolean[w * h];
        for (int i = 0; i < zs.length; i++) {
            int r0 = (i / cols) * (ny + gap), c0 = (i % cols) * (nx + gap);
            for (int r = 0; r < ny; r++)
                for (int c = 0; c < nx; c++) put(canvas, used, w, r0 + r, c0 + c, v[(zs[i] * ny + r) * nx + c]);
        }
        return render(canvas, used, w, h, contrast);
    }

    /**
     * Writes an image as PNG, atomically.
     *
     * @param image the picture
     * @param path the file to create or replace
     * @throws IOException if it cannot be written
     */
    public static void writePng(BufferedImage image, Path path) throws IOException {
        Objects.requireNonNull(image, "image");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) throw new IOException(path + ": no PNG writer available in this JVM");
        AtomicFiles.write(path, bytes.toByteArray());
    }

    // ------------------------------------------------------------------ helpers

    private static void put(float[] canvas, boolean[] used, int w, int r, int c, float value) {
        canvas[r * w + c] = value;
        used[r * w + c] = true;
    }

    private static BufferedImage render(float[] canvas, boolean[] used, int w, int h, Contrast contrast) {
        int n = 0;
        for (boolean u : used) if (u) n++;
        float[] shown = new float[n];
        n = 0;
        for (int i = 0; i < canvas.length; i++) if (used[i]) shown[n++] = canvas[i];
        double[] lim = contrast.limits(shown);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = pixels(img);
        for (int i = 0; i < canvas.length; i++) px[i] = used[i] ? (byte) Contrast.grey(canvas[i], lim[0], lim[1]) : 0;
        return img;
    }

    private static byte[] pixels(BufferedImage img) {
        return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }

    private static int[] volumeDims(String op, Tensor volume) {
        int[] d = volume.dims();
        if (d.length != 3) throw new IllegalArgumentException("SliceImages." + op + ": expected a [nz, ny, nx] tensor, got " + Arrays.toString(d));
        return d;
    }

    private static void checkIndex(String op, String name, int i, int n) {
        if (i < 0 || i >= n) throw new IllegalArgumentException("SliceImages." + op + ": " + name + " = " + i + " outside [0, " + n + ")");
    }
}
