package org.cryograd.polar;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.tensor.F;
import org.cryograd.tensor.SparseCsr;
import org.cryograd.tensor.Tensor;

/**
 * The polar transform {@code P} (Cartesian {@code n x n} image to {@code nr x nTheta} polar samples) and its
 * approximate inverse {@code P^-1} (polar samples back to the Cartesian grid), both constant sparse operators
 * applied with {@link F#spmm}, so they are differentiable and run on any device.
 *
 * <p>{@code P} interpolates the image at the polar points; {@code P^-1} interpolates the polar samples in
 * {@code (r, θ)} (circular in θ) at each pixel's polar coordinates. Pixels beyond the outer ring are set to zero:
 * particle images are expected to vanish there. A circular shift by {@code k} along θ of the polar samples is a
 * rotation by {@code 2πk/nTheta} of the image they represent.
 */
public final class PolarTransform {
    private final PolarGrid grid;
    private final Interpolation interpolation;
    private final SparseCsr forward;
    private final SparseCsr inverse;

    /**
     * Builds both operators.
     *
     * @param grid          the polar grid
     * @param interpolation the resampling weights
     */
    public PolarTransform(PolarGrid grid, Interpolation interpolation) {
        this.grid = grid;
        this.interpolation = interpolation;
        if (interpolation.kind() == Interpolation.Kind.BILINEAR) {
            forward = bilinearForward(grid);
            inverse = bilinearInverse(grid);
        } else {
            forward = gaussianForward(grid, interpolation.sigma());
            inverse = gaussianInverse(grid, interpolation.sigma());
        }
    }

    /** The default grid for {@code n x n} images with bilinear weights. */
    public static PolarTransform bilinear(int n) {
        return new PolarTransform(PolarGrid.of(n), Interpolation.bilinear());
    }

    /** The grid. */
    public PolarGrid grid() {
        return grid;
    }

    /** The interpolation. */
    public Interpolation interpolation() {
        return interpolation;
    }

    /** {@code P}: rows are polar samples {@code i * nTheta + t}, columns pixels {@code y * n + x}. */
    public SparseCsr forwardMatrix() {
        return forward;
    }

    /** {@code P^-1}: rows are pixels, columns polar samples. */
    public SparseCsr inverseMatrix() {
        return inverse;
    }

    /**
     * Applies {@code P} to images {@code [..., n, n]}.
     *
     * @return polar samples {@code [..., nr, nTheta]}
     */
    public Tensor toPolar(Tensor images) {
        int n = grid.n();
        int[] d = images.dims();
        if (d.length < 2 || d[d.length - 1] != n || d[d.length - 2] != n)
            throw new IllegalArgumentException("PolarTransform.toPolar: expected [..., " + n + ", " + n + "], got " + images.shape());
        return apply(forward, images, d, 2, new int[] {grid.nr(), grid.nTheta()});
    }

    /**
     * Applies {@code P^-1} to polar samples {@code [..., nr, nTheta]}.
     *
     * @return images {@code [..., n, n]}
     */
    public Tensor toCartesian(Tensor polar) {
        int[] d = polar.dims();
        if (d.length < 2 || d[d.length - 1] != grid.nTheta() || d[d.length - 2] != grid.nr())
            throw new IllegalArgumentException("PolarTransform.toCartesian: expected [..., " + grid.nr() + ", " + grid.nTheta() + "], got " + polar.shape());
        return apply(inverse, polar, d, 2, new int[] {grid.n(), grid.n()});
    }

    private static Tensor apply(SparseCsr a, Tensor x, int[] d, int trailing, int[] outTrailing) {
        int batch = 1;
        for (int i = 0; i < d.length - trailing; i++) batch *= d[i];
        int[] outShape = new int[d.length];
        System.arraycopy(d, 0, outShape, 0, d.length - trailing);
        System.arraycopy(outTrailing, 0, outShape, d.length - trailing, trailing);
        if (batch == 1) return F.spmm(a, x.reshape(a.cols())).reshape(outShape);
        Tensor cols = x.reshape(batch, a.cols()).transpose(0, 1);
        return F.spmm(a, cols).transpose(0, 1).reshape(outShape);
    }

    // ------------------------------------------------------------------ operator construction

    private static final class Builder {
        final int cols;
        final List<int[]> idx = new ArrayList<>();
        final List<float[]> val = new ArrayList<>();

        Builder(int cols) {
            this.cols = cols;
        }

        void row(int[] c, double[] w, int count, boolean normalise) {
            double s = 0;
            for (int k = 0; k < count; k++) s += w[k];
            int[] ci = new int[count];
            float[] vi = new float[count];
            for (int k = 0; k < count; k++) {
                ci[k] = c[k];
                vi[k] = (float) (normalise && s > 0 ? w[k] / s : w[k]);
            }
            idx.add(ci);
            val.add(vi);
        }

        SparseCsr build() {
            int rows = idx.size();
            int[] ptr = new int[rows + 1];
            for (int r = 0; r < rows; r++) ptr[r + 1] = ptr[r] + idx.get(r).length;
            int[] ci = new int[ptr[rows]];
            float[] vi = new float[ptr[rows]];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(idx.get(r), 0, ci, ptr[r], idx.get(r).length);
                System.arraycopy(val.get(r), 0, vi, ptr[r], val.get(r).length);
            }
            return new SparseCsr(rows, cols, ptr, ci, vi);
        }
    }

    private static SparseCsr bilinearForward(PolarGrid g) {
        int n = g.n();
        Builder b = new Builder(n * n);
        int[] c = new int[4];
        double[] w = new double[4];
        for (int i = 0; i < g.nr(); i++) {
            for (int t = 0; t < g.nTheta(); t++) {
                double x = g.centre() + g.radius(i) * Math.cos(g.angle(t));
                double y = g.centre() + g.radius(i) * Math.sin(g.angle(t));
                int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
                double fx = x - x0, fy = y - y0;
                int k = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int yy = y0 + dy, xx = x0 + dx;
                        double wt = (dx == 0 ? 1 - fx : fx) * (dy == 0 ? 1 - fy : fy);
                        if (yy < 0 || yy >= n || xx < 0 || xx >= n || wt <= 1e-12) continue;
                        c[k] = yy * n + xx;
                        w[k++] = wt;
                    }
                }
                b.row(c, w, k, false);
            }
        }
        return b.build();
    }

    private static SparseCsr bilinearInverse(PolarGrid g) {
        int n = g.n(), nt = g.nTheta();
        double rMax = g.radius(g.nr() - 1), dr = g.radialStep(), dt = 2 * Math.PI / nt;
        Builder b = new Builder(g.size());
        int[] c = new int[4];
        double[] w = new double[4];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double px = x - g.centre(), py = y - g.centre();
                double r = Math.hypot(px, py);
                if (r > rMax + 1e-9) {
                    b.row(c, w, 0, false);
                    continue;
                }
                double th = Math.atan2(py, px);
                if (th < 0) th += 2 * Math.PI;
                double fr = r / dr, ft = th / dt;
                int i0 = Math.min((int) Math.floor(fr), g.nr() - 1), t0 = (int) Math.floor(ft);
                double ar = fr - i0, at = ft - t0;
                int k = 0;
                for (int di = 0; di < 2; di++) {
                    for (int dtt = 0; dtt < 2; dtt++) {
                        int ii = i0 + di;
                        double wt = (di == 0 ? 1 - ar : ar) * (dtt == 0 ? 1 - at : at);
                        if (ii >= g.nr() || wt <= 1e-12) continue;
                        c[k] = ii * nt + Math.floorMod(t0 + dtt, nt);
                        w[k++] = wt;
                    }
                }
                b.row(c, w, k, true);
            }
        }
        return b.build();
    }

    private static SparseCsr gaussianForward(PolarGrid g, double sigma) {
        int n = g.n();
        int reach = (int) Math.ceil(3 * sigma);
        Builder b = new Builder(n * n);
        int side = 2 * reach + 2;
        int[] c = new int[side * side];
        double[] w = new double[side * side];
        for (int i = 0; i < g.nr(); i++) {
            for (int t = 0; t < g.nTheta(); t++) {
                double x = g.centre() + g.radius(i) * Math.cos(g.angle(t));
                double y = g.centre() + g.radius(i) * Math.sin(g.angle(t));
                int k = 0;
                for (int yy = (int) Math.floor(y) - reach; yy <= (int) Math.floor(y) + reach + 1; yy++) {
                    for (int xx = (int) Math.floor(x) - reach; xx <= (int) Math.floor(x) + reach + 1; xx++) {
                        if (yy < 0 || yy >= n || xx < 0 || xx >= n) continue;
                        double d2 = (xx - x) * (xx - x) + (yy - y) * (yy - y);
                        if (d2 > 9 * sigma * sigma) continue;
                        c[k] = yy * n + xx;
                        w[k++] = Math.exp(-d2 / (2 * sigma * sigma));
                    }
                }
                b.row(c, w, k, true);
            }
        }
        return b.build();
    }

    private static SparseCsr gaussianInverse(PolarGrid g, double sigma) {
        int n = g.n(), nt = g.nTheta();
        double rMax = g.radius(g.nr() - 1);
        Builder b = new Builder(g.size());
        int[] c = new int[g.size()];
        double[] w = new double[g.size()];
        double[] cos = new double[nt], sin = new double[nt];
        for (int t = 0; t < nt; t++) {
            cos[t] = Math.cos(g.angle(t));
            sin[t] = Math.sin(g.angle(t));
        }
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double px = x - g.centre(), py = y - g.centre();
                double r = Math.hypot(px, py);
                int k = 0;
                if (r <= rMax + 1e-9) {
                    for (int i = 0; i < g.nr(); i++) {
                        double ri = g.radius(i);
                        if (Math.abs(ri - r) > 3 * sigma) continue;
                        for (int t = 0; t < nt; t++) {
                            double dx = ri * cos[t] - px, dy = ri * sin[t] - py;
                            double d2 = dx * dx + dy * dy;
                            if (d2 > 9 * sigma * sigma) continue;
                            c[k] = i * nt + t;
                            // the ring at r = 0 holds nTheta copies of one point: count it once
                            w[k++] = Math.exp(-d2 / (2 * sigma * sigma)) / (i == 0 ? nt : 1);
                        }
                    }
                }
                b.row(c, w, k, true);
            }
        }
        return b.build();
    }
}
