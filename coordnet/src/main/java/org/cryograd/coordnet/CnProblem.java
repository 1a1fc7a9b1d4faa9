package org.cryograd.coordnet;

import org.cryograd.em.geometry.Projector;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Tensor;

/**
 * The fixed data of one reconstruction: the projector, the measured tilt series divided by its range, and the
 * volume size; builds coordinate batches, targets and the loss. Immutable, shared by the chunk threads.
 *
 * <p>Scaling: with {@code r = max(t) - min(t)} of the measured tilts {@code t}, the authors compare projections of
 * the network's output with {@code (t - min) / r}; we compare the scaled prediction {@code (P v - min) / r} with it,
 * which is {@code P n - t / r} for the volume {@code v = r * n}, {@code n} the network output: the loss is the mean
 * absolute difference between {@code P n} and {@code t / r}, and the reconstruction is {@code r * n}, in the units of
 * the input volume.
 *
 * <p>Device: everything lives where the tilt series does. The series is read back once (for its range, and for the
 * checkpoint's hash), the scaled target stays a tensor on that device, and coordinates are built there from three
 * 1-D axes by broadcasting, so a GPU run copies nothing per step.
 */
final class CnProblem {
    /** Most coordinates evaluated at once when rendering (bounds the memory of wide networks on large chunks). */
    static final int RENDER_BLOCK = 1 << 16;

    final Projector projector;
    final int views, nx, ny, nz;
    final Device device;
    final float scale;       // r: the range of the measured tilts (1 if they are constant)
    final Tensor target;     // t / r, [views, ny, nx], on the device
    final String tiltsSha256; // of the tilts as given, when asked for (checkpoints), else null
    final double gradientPenalty;

    CnProblem(Projector projector, Tensor tilts, double gradientPenalty) {
        this(projector, tilts, gradientPenalty, false);
    }

    /** @param hash whether to keep the SHA-256 of the tilts' values (a checkpoint directory identifies its run by it) */
    CnProblem(Projector projector, Tensor recorded, double gradientPenalty, boolean hash) {
        // a recorded stack with its alignment (excluded views, in-plane rotation, shifts) enters the projector's frame
        // here; the ideal geometry gives the argument itself
        Tensor tilts = projector.toModelFrame(recorded);
        if (tilts.rank() != 3 || tilts.dim(0) != projector.views() || tilts.dim(2) != projector.nx())
            throw new IllegalArgumentException("CoordNetReconstructor: tilt series of shape " + tilts.shape() + " must be [views=" + projector.views()
                    + ", ny, nx=" + projector.nx() + "] to match " + projector);
        this.projector = projector;
        this.views = tilts.dim(0);
        this.ny = tilts.dim(1);
        this.nx = tilts.dim(2);
        this.nz = projector.nz();
        if (ny < 1) throw new IllegalArgumentException("CoordNetReconstructor: tilt series of shape " + tilts.shape() + " has no y-slices");
        this.device = tilts.device();
        float[] t = tilts.toArray();
        this.tiltsSha256 = hash ? CnCheckpoints.sha256(t) : null;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < t.length; i++) {
            float v = t[i];
            if (!Float.isFinite(v))
                throw new IllegalArgumentException("CoordNetReconstructor: tilt series value " + v + " at flat index " + i + " is not finite");
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        float r = (float) (hi - lo);
        this.scale = r > 0 && Float.isFinite(r) ? r : 1f;
        for (int i = 0; i < t.length; i++) t[i] /= scale;
        this.target = Tensor.of(device, t, views, ny, nx);
        this.gradientPenalty = gradientPenalty;
    }

    private static float unit(int i, int n) {
        return n > 1 ? (float) i / (n - 1) : 0f;
    }

    /**
     * Coordinates {@code [nz * ys.length * nx, 3]} of every voxel of the given y-slices, in volume order
     * {@code [z][j][x]} ({@code j} indexing {@code ys}); each point is {@code (x/(nx-1), y/(ny-1), z/(nz-1))} with the
     * global {@code y}, so neighbouring chunks see continuous coordinates. Built on the device: each axis's values
     * broadcast over a zero grid (adding 0 leaves every value exact) and joined along the last axis.
     */
    Tensor coords(int[] ys) {
        int s = ys.length;
        float[] xs = new float[nx], yv = new float[s], zs = new float[nz];
        for (int x = 0; x < nx; x++) xs[x] = unit(x, nx);
        for (int j = 0; j < s; j++) yv[j] = unit(ys[j], ny);
        for (int z = 0; z < nz; z++) zs[z] = unit(z, nz);
        try (Grad g = Grad.disabled()) {
            Tensor zero = Tensor.zeros(device, nz, s, nx, 1);
            Tensor cx = zero.add(Tensor.of(device, xs, 1, 1, nx, 1));
            Tensor cy = zero.add(Tensor.of(device, yv, 1, s, 1, 1));
            Tensor cz = zero.add(Tensor.of(device, zs, nz, 1, 1, 1));
            return Tensor.cat(3, cx, cy, cz).reshape(nz * s * nx, 3);
        }
    }

    /** {@link #coords} built on the host, as a flat array. */
    float[] coordsArray(int[] ys) {
        float[] c = new float[nz * ys.length * nx * 3];
        int k = 0;
        for (int z = 0; z < nz; z++) {
            float cz = unit(z, nz);
            for (int y : ys) {
                float cy = unit(y, ny);
                for (int x = 0; x < nx; x++) {
                    c[k++] = unit(x, nx);
                    c[k++] = cy;
                    c[k++] = cz;
                }
            }
        }
        return c;
    }

    /** The scaled measured projections of the given y-slices, {@code [views, ys.length, nx]}, on the device. */
    Tensor target(int[] ys) {
        try (Grad g = Grad.disabled()) {
            boolean contiguous = true;
            for (int j = 1; j < ys.length; j++) contiguous &= ys[j] == ys[0] + j;
            if (contiguous) return target.slice(1, ys[0], ys[0] + ys.length);
            Tensor[] parts = new Tensor[ys.length];
            for (int j = 0; j < ys.length; j++) parts[j] = target.slice(1, ys[j], ys[j] + 1);
            return Tensor.cat(1, parts);
        }
    }

    static int[] range(int y0, int y1) {
        int[] ys = new int[y1 - y0];
        for (int i = 0; i < ys.length; i++) ys[i] = y0 + i;
        return ys;
    }

    /**
     * The training loss of a network output {@code n} ({@code [nz, s, nx]}) against scaled projections
     * {@code [views, s, nx]}: {@code mean|P n - t/r| + lambda * (sum dx^2 + sum dy^2 + sum dz^2) / numel(n)}, the
     * authors' squared-gradient ("TV") penalty on forward differences. {@code withY} false leaves out the y
     * differences (whole-volume batches of non-adjacent y-slices).
     */
    Tensor loss(Tensor n, Tensor target, boolean withY) {
        return lossTerms(n, target, withY).total();
    }

    /** The terms of {@link #loss}: the projection L1, the weighted gradient penalty (null when off) and their sum. */
    record LossTerms(Tensor projection, Tensor penalty, Tensor total) {}

    /** {@link #loss} with its terms, for naming the one that goes non-finite; the same operations in the same order. */
    LossTerms lossTerms(Tensor n, Tensor target, boolean withY) {
        Tensor proj = projector.project(n).sub(target).abs().mean();
        if (!(gradientPenalty > 0)) return new LossTerms(proj, null, proj);
        Tensor pen = penalty(n, withY).mul((float) gradientPenalty);
        return new LossTerms(proj, pen, proj.add(pen));
    }

    /** {@code (sum dx^2 + sum dy^2 + sum dz^2) / numel} over forward differences of a {@code [nz, s, nx]} volume. */
    static Tensor penalty(Tensor n, boolean withY) {
        Tensor sum = Tensor.scalar(0f);
        for (int axis = 0; axis < 3; axis++) {
            int len = n.dim(axis);
            if (len < 2 || (axis == 1 && !withY)) continue;
            Tensor d = n.slice(axis, 1, len).sub(n.slice(axis, 0, len - 1));
            sum = sum.add(d.square().sum());
        }
        return sum.div((float) n.numel());
    }

    /**
     * Evaluates a network at every voxel of the given y-slices (no autograd), in blocks of {@link #RENDER_BLOCK}
     * coordinates, and writes {@code scale * n} into {@code volume} ({@code [nz, ny, nx]}).
     */
    void render(Siren net, int[] ys, float[] volume) {
        // host-built coordinates, uploaded block by block: rendering runs once per chunk, and these fixed blocks keep
        // every network evaluation (and so every voxel) the same on any device and for any volume size
        float[] c = coordsArray(ys);
        int points = c.length / 3;
        float[] out = new float[points];
        try (Grad g = Grad.disabled()) {
            for (int p0 = 0; p0 < points; p0 += RENDER_BLOCK) {
                int p1 = Math.min(points, p0 + RENDER_BLOCK);
                try (MemoryScope s = MemoryScope.open()) {
                    float[] block = java.util.Arrays.copyOfRange(c, 3 * p0, 3 * p1);
                    float[] o = net.forward(Tensor.of(device, block, p1 - p0, 3)).toArray();
                    System.arraycopy(o, 0, out, p0, o.length);
                }
            }
        }
        int k = 0;
        for (int z = 0; z < nz; z++)
            for (int y : ys)
                for (int x = 0; x < nx; x++) volume[(z * ny + y) * nx + x] = scale * out[k++];
    }
}
