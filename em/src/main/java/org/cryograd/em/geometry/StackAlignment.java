package org.cryograd.em.geometry;

import java.util.stream.IntStream;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Tensor;

/**
 * Resampling between the raw views of a tilt series and the ideal frame of the {@link Projector} (tilt axis along y
 * through the centre), with the per-view model of {@link ViewGeometry}: raw point {@code r = c + m R (q - c) + s}
 * for ideal point {@code q}.
 *
 * <p>{@link #align} is what IMOD's {@code newstack -xform} does with the {@code .xf} file: every output (ideal)
 * pixel {@code q} takes the raw view's value at {@code r}. {@link #unalign} is the inverse mapping, used to simulate
 * raw views from ideal projections. Both interpolate with Keys' cubic convolution ({@code a = -1/2}, 4x4 taps,
 * exact for quadratics; taps beyond the border repeat the edge pixel) and fill points whose source lies more than
 * half a pixel outside the image with the mean of the source view (IMOD's default fill). The output has the size of
 * the input; a view whose transform is the identity is copied exactly. Runs on the CPU (one view per task, so the
 * result does not depend on the thread count) and returns to the input's device.
 */
public final class StackAlignment {
    private StackAlignment() {}

    /**
     * The included views of a raw stack resampled into the ideal frame.
     *
     * @param raw      {@code [views, ny, nx]}, one section per view of {@code geometry}
     * @param geometry the per-view geometry
     * @return {@code [included views, ny, nx]}, in stack order
     */
    public static Tensor align(Tensor raw, TiltSeriesGeometry geometry) {
        check("StackAlignment.align", raw, geometry);
        int[] inc = geometry.included();
        return warp(raw, geometry, inc, true);
    }

    /**
     * Ideal-frame views resampled into raw views (every view, excluded ones too).
     *
     * @param ideal    {@code [views, ny, nx]}, one section per view of {@code geometry}
     * @param geometry the per-view geometry
     * @return {@code [views, ny, nx]}
     */
    public static Tensor unalign(Tensor ideal, TiltSeriesGeometry geometry) {
        check("StackAlignment.unalign", ideal, geometry);
        int[] all = IntStream.range(0, geometry.size()).toArray();
        return warp(ideal, geometry, all, false);
    }

    private static void check(String op, Tensor t, TiltSeriesGeometry g) {
        if (t.rank() != 3 || t.dim(0) != g.size())
            throw new IllegalArgumentException(op + ": stack of shape " + t.shape() + " must be [views=" + g.size() + ", ny, nx]");
    }

    private static Tensor warp(Tensor in, TiltSeriesGeometry g, int[] views, boolean toIdeal) {
        int ny = in.dim(1), nx = in.dim(2), plane = ny * nx;
        float[] src = in.device().equals(Device.cpu()) ? in.toArray() : in.to(Device.cpu()).toArray();
        float[] out = new float[views.length * plane];
        double cx = (nx - 1) / 2.0, cy = (ny - 1) / 2.0;
        IntStream.range(0, views.length).parallel().forEach(k -> {
            int v = views[k];
            ViewGeometry vg = g.view(v);
            int base = v * plane, ob = k * plane;
            if (vg.isIdentity()) {
                System.arraycopy(src, base, out, ob, plane);
                return;
            }
            double t = Math.toRadians(vg.rotationDeg()), m = vg.magnification();
            // forward (ideal -> raw): r = c + m R (q - c) + s ; inverse: q = c + R^T (r - c - s) / m
            double a11, a12, a21, a22, ox, oy;
            if (toIdeal) {
                a11 = m * Math.cos(t);
                a12 = -m * Math.sin(t);
                a21 = m * Math.sin(t);
                a22 = m * Math.cos(t);
                ox = vg.shiftX();
                oy = vg.shiftY();
            } else {
                a11 = Math.cos(t) / m;
                a12 = Math.sin(t) / m;
                a21 = -Math.sin(t) / m;
                a22 = Math.cos(t) / m;
                ox = -(a11 * vg.shiftX() + a12 * vg.shiftY());
                oy = -(a21 * vg.shiftX() + a22 * vg.shiftY());
            }
            double mean = 0;
            for (int i = 0; i < plane; i++) mean += src[base + i];
            float fill = (float) (mean / plane);
            for (int y = 0; y < ny; y++) {
                double dy = y - cy;
                for (int x = 0; x < nx; x++) {
                    double dx = x - cx;
                    double sx = cx + a11 * dx + a12 * dy + ox, sy = cy + a21 * dx + a22 * dy + oy;
                    out[ob + y * nx + x] = (sx < -0.5 || sx > nx - 0.5 || sy < -0.5 || sy > ny - 0.5) ? fill : cubic(src, base, nx, ny, sx, sy);
                }
            }
        });
        Tensor r = Tensor.of(out, views.length, ny, nx);
        return in.device().equals(Device.cpu()) ? r : r.to(in.device());
    }

    /** Keys' cubic convolution weights (a = -1/2) for the 4 taps around fractional offset {@code f} in [0, 1). */
    static void keys(double f, double[] w) {
        double f2 = f * f, f3 = f2 * f;
        w[0] = -0.5 * f3 + f2 - 0.5 * f;
        w[1] = 1.5 * f3 - 2.5 * f2 + 1;
        w[2] = -1.5 * f3 + 2 * f2 + 0.5 * f;
        w[3] = 0.5 * f3 - 0.5 * f2;
    }

    private static float cubic(float[] img, int base, int nx, int ny, double x, double y) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double[] wx = new double[4], wy = new double[4];
        keys(x - x0, wx);
        keys(y - y0, wy);
        double s = 0;
        for (int j = 0; j < 4; j++) {
            int yy = Math.min(ny - 1, Math.max(0, y0 - 1 + j));
            double row = 0;
            int rb = base + yy * nx;
            for (int i = 0; i < 4; i++) {
                int xx = Math.min(nx - 1, Math.max(0, x0 - 1 + i));
                row += wx[i] * img[rb + xx];
            }
            s += wy[j] * row;
        }
        return (float) s;
    }
}
