package org.cryograd.dual;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Tensor;

/**
 * Applies a patch network to a whole volume of any size by overlapping cubic tiles blended with a smooth window.
 *
 * <p><b>Grid.</b> The volume is extended by a margin {@code m = overlap / 2} beyond each face, filled by mirror
 * reflection, so that a face voxel sits as deep inside its tile as the middle of a seam between two tiles: a network's
 * own border effects (zero padding, which dims the outer voxels of a tile) then stay outside the volume instead of
 * dimming its faces. Along each extended axis of length {@code L = n + 2m}, tiles of edge {@code T} start at
 * {@code -m, -m + s, -m + 2s, ...} with stride {@code s = T - overlap}, and the last tile is moved to end exactly at
 * {@code n + m}. An extended axis not longer than {@code T} gets one tile, centred on the volume. Outputs beyond the
 * volume are cropped.
 *
 * <p><b>Blending.</b> Each tile's output is weighted by a separable window that rises as
 * {@code sin²(π/2 · (i + 1/2)/overlap)} over its first {@code overlap} voxels and falls symmetrically over its last
 * ones, except on sides that touch the extended volume's border (weight 1 there). For regular neighbours the ramps are
 * {@code sin²} and {@code cos²} of the same argument, a partition of unity; in general the accumulated output is
 * divided by the accumulated weight (separable, so computed per axis), which is positive everywhere. Hence a
 * pointwise network gives exactly the untiled result, and a network whose tiles disagree blends them without a seam.
 *
 * <p><b>Memory.</b> Input is read by z-slabs of {@code T} sections from a {@link VolumeSource}; one tile at a time is
 * pushed through the network under {@link Grad#disabled()} in its own {@link MemoryScope}, so activations of only one
 * tile are alive. The output (one float per voxel) is accumulated in memory.
 */
public final class TiledInference {
    private final int tile, overlap, margin;

    /**
     * @param tile    tile edge the network accepts
     * @param overlap overlap of neighbouring tiles, in {@code [0, tile)}
     */
    public TiledInference(int tile, int overlap) {
        if (tile < 1 || overlap < 0 || overlap >= tile)
            throw new IllegalArgumentException("TiledInference: need tile >= 1 and 0 <= overlap < tile, got tile " + tile + ", overlap " + overlap);
        this.tile = tile;
        this.overlap = overlap;
        this.margin = overlap / 2;
    }

    /** How far the grid reaches beyond each face of the volume ({@code overlap / 2}), in voxels. */
    public int margin() {
        return margin;
    }

    /** Tile start positions along an axis of length {@code n}, in volume coordinates (the first is negative when the margin is not 0). */
    public List<Integer> starts(int n) {
        List<Integer> s = new ArrayList<>();
        int len = n + 2 * margin;
        if (len <= tile) {
            s.add(-((tile - n) / 2));
            return s;
        }
        int stride = tile - overlap;
        for (int p = 0; p + tile < len; p += stride) s.add(p - margin);
        s.add(n + margin - tile);
        return s;
    }

    /** The 1-D window of a tile starting at {@code p} (a value of {@link #starts}) along an axis of length {@code n}. */
    double[] window(int p, int n) {
        List<Integer> all = starts(n);
        boolean first = p == all.get(0), last = p == all.get(all.size() - 1);
        double[] w = new double[tile];
        for (int i = 0; i < tile; i++) {
            double a = 1;
            if (overlap > 0) {
                if (!first && i < overlap) a = ramp(i);
                if (!last && i >= tile - overlap) a = Math.min(a, ramp(tile - 1 - i));
            }
            w[i] = a;
        }
        return w;
    }

    private double ramp(int i) {
        double s = Math.sin(Math.PI / 2 * (i + 0.5) / overlap);
        return s * s;
    }

    /** Sum of the windows of all tiles covering each position of an axis of length {@code n}. */
    private double[] weightSum(int n) {
        double[] sum = new double[n];
        for (int p : starts(n)) {
            double[] w = window(p, n);
            for (int i = Math.max(0, -p); i < tile && p + i < n; i++) sum[p + i] += w[i];
        }
        return sum;
    }

    /** Index {@code c} reflected into {@code [0, n)} without repeating the edge voxel (numpy/scipy "mirror"). */
    static int mirror(int c, int n) {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        c = Math.floorMod(c, period);
        return c < n ? c : period - c;
    }

    /**
     * Runs {@code net} over every tile.
     *
     * @param src       the input volume
     * @param transform applied to each input value before the network (e.g. standardisation), or null
     * @param net       maps {@code [1, 1, T, T, T]} to {@code [1, 1, T, T, T]}; called with gradients disabled
     * @return the blended output volume
     */
    public Volume apply(VolumeSource src, java.util.function.DoubleUnaryOperator transform, UnaryOperator<Tensor> net) throws IOException {
        return apply(src, transform, net, new int[3]);
    }

    /**
     * {@link #apply(VolumeSource, java.util.function.DoubleUnaryOperator, UnaryOperator)} with each tile's input read
     * {@code offset} = {@code (dz, dy, dx)} voxels further along than where its output is written (mirror-reflected
     * beyond the volume). A network whose output is translated by {@code +offset} against its input then returns a
     * volume registered with the input ({@link Registration}).
     */
    public Volume apply(VolumeSource src, java.util.function.DoubleUnaryOperator transform, UnaryOperator<Tensor> net, int[] offset) throws IOException {
        if (offset == null || offset.length != 3) throw new IllegalArgumentException("TiledInference: offset must be (dz, dy, dx)");
        int[] d = src.dims();
        int nz = d[0], ny = d[1], nx = d[2], t = tile;
        float[] out = new float[Math.multiplyExact(Math.multiplyExact(nz, ny), nx)];
        List<Integer> zs = starts(nz), ys = starts(ny), xs = starts(nx);
        float[] buf = new float[t * t * t];
        int oz = offset[0], oy = offset[1], ox = offset[2];
        for (int z0 : zs) {
            int lo = Integer.MAX_VALUE, hi = 0; // the input sections this tile row reads
            for (int z = 0; z < t; z++) {
                int m = mirror(z0 + oz + z, nz);
                lo = Math.min(lo, m);
                hi = Math.max(hi, m + 1);
            }
            float[] slab = src.readSlab(lo, hi);
            double[] wz = window(z0, nz);
            for (int y0 : ys) {
                double[] wy = window(y0, ny);
                for (int x0 : xs) {
                    double[] wx = window(x0, nx);
                    for (int z = 0; z < t; z++) {
                        int sz = mirror(z0 + oz + z, nz) - lo;
                        for (int y = 0; y < t; y++) {
                            int sy = mirror(y0 + oy + y, ny);
                            int base = (sz * ny + sy) * nx, o = (z * t + y) * t;
                            for (int x = 0; x < t; x++) {
                                float v = slab[base + mirror(x0 + ox + x, nx)];
                                buf[o + x] = transform == null ? v : (float) transform.applyAsDouble(v);
                            }
                        }
                    }
                    float[] res;
                    try (MemoryScope s = MemoryScope.open(); Grad g = Grad.disabled()) {
                        Tensor y = net.apply(Tensor.of(buf.clone(), 1, 1, t, t, t));
                        if (y.numel() != (long) t * t * t)
                            throw new IllegalArgumentException("TiledInference: network returned shape " + y.shape() + " for a [1, 1, " + t + ", " + t + ", " + t + "] tile");
                        res = y.toArray();
                    }
                    for (int z = Math.max(0, -z0); z < t && z0 + z < nz; z++)
                        for (int y = Math.max(0, -y0); y < t && y0 + y < ny; y++) {
                            double wzy = wz[z] * wy[y];
                            int o = ((z0 + z) * ny + y0 + y) * nx + x0, r = (z * t + y) * t;
                            for (int x = Math.max(0, -x0); x < t && x0 + x < nx; x++) out[o + x] += (float) (wzy * wx[x] * res[r + x]);
                        }
                }
            }
        }
        double[] sz = weightSum(nz), sy = weightSum(ny), sx = weightSum(nx);
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++) {
                double w = sz[z] * sy[y];
                int o = (z * ny + y) * nx;
                for (int x = 0; x < nx; x++) out[o + x] = (float) (out[o + x] / (w * sx[x]));
            }
        return new Volume(out, nz, ny, nx);
    }

    /** {@link #apply(VolumeSource, java.util.function.DoubleUnaryOperator, UnaryOperator)} on an in-memory volume. */
    public Volume apply(Volume v, UnaryOperator<Tensor> net) {
        try {
            return apply(VolumeSource.of(v), null, net);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory volume source cannot fail", e);
        }
    }
}
