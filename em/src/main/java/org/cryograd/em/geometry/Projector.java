package org.cryograd.em.geometry;

import java.util.Arrays;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.tensor.F;
import org.cryograd.tensor.SparseCsr;
import org.cryograd.tensor.Tensor;

/**
 * The parallel-beam projector of a single-axis tilt series (tilt axis y, light axis z) as one sparse matrix
 * applied to all y-slices at once: every y-slice (an x-z plane) is the same 2-D Radon problem.
 *
 * <p>Layouts follow MRC order: a volume is {@code [nz, ny, nx]}, a tilt series {@code [views, ny, nx]} (the
 * detector has {@code nx} bins, centred on the volume's x centre). Voxel-driven linear interpolation: voxel
 * {@code (x, z)} lands at detector coordinate {@code u = (x - cx) cos t + (z - cz) sin t + cx} (the convention of
 * {@link TiltAxis}) and its value is split between bins {@code floor(u)} and {@code floor(u) + 1}; so every voxel
 * inside the detector's reach contributes its full mass to each view. The matrix has rows {@code view * nx + u} and
 * columns {@code z * nx + x}. {@link #project} and {@link #backproject} (its exact transpose) are differentiable.
 *
 * <p><b>Recorded geometry.</b> Built from a {@link TiltSeriesGeometry}, the operator covers the included views and
 * the projector also knows how the recorded views relate to its ideal frame (in-plane rotation, magnification and
 * shift per view, {@link ViewGeometry}). {@link #toModelFrame} turns a recorded stack into the projector's frame
 * (excluded views dropped, the rest resampled by {@link StackAlignment#align}); WBP, SIRT and the coordinate network
 * call it on their input, so they reconstruct a raw stack with its alignment directly. For the ideal geometry (the
 * default, and every projector built from a {@link TiltGeometry}) it returns its argument unchanged, so results are
 * bit-identical to before. {@link #projectToDetector} goes the other way. The x-axis tilt of a view is not modelled
 * (the operator is single-axis); a constant x-tilt only tilts the reconstructed slab.
 */
public final class Projector {
    private final double[] anglesDeg;
    private final TiltSeriesGeometry geometry;
    private final int nx;
    private final int nz;
    private final SparseCsr matrix;

    /**
     * Builds the operator.
     *
     * @param geometry tilt angles (tilt axis must be y)
     * @param nx       volume and detector width
     * @param nz       volume thickness
     */
    public Projector(TiltGeometry geometry, int nx, int nz) {
        this(ideal(geometry), nx, nz);
    }

    private static TiltSeriesGeometry ideal(TiltGeometry geometry) {
        if (geometry.axis() != TiltAxis.Y)
            throw new IllegalArgumentException("Projector: only tilt axis y is supported, got " + geometry.axis());
        return TiltSeriesGeometry.ideal(geometry.anglesDeg());
    }

    /**
     * Builds the operator of the included views of a recorded tilt series.
     *
     * @param geometry the per-view geometry (its stack's x size must be {@code nx})
     * @param nx       volume and detector width
     * @param nz       volume thickness
     */
    public Projector(TiltSeriesGeometry geometry, int nx, int nz) {
        if (nx < 1 || nz < 1) throw new IllegalArgumentException("Projector: volume size nx=" + nx + ", nz=" + nz + " must be positive");
        this.geometry = geometry;
        this.anglesDeg = geometry.includedTilts();
        this.nx = nx;
        this.nz = nz;
        this.matrix = build(anglesDeg, nx, nz);
    }

    private static SparseCsr build(double[] angles, int nx, int nz) {
        int views = angles.length, rows = views * nx;
        double cx = (nx - 1) / 2.0, cz = (nz - 1) / 2.0;
        // count entries per row, then fill: columns within a row come out in increasing order (z outer, x inner)
        int[] count = new int[rows + 1];
        int[] u0 = new int[nx * nz];
        float[] f = new float[nx * nz];
        int[][] bin = new int[views][];
        float[][] frac = new float[views][];
        for (int v = 0; v < views; v++) {
            double t = Math.toRadians(angles[v]), c = Math.cos(t), s = Math.sin(t);
            for (int z = 0; z < nz; z++) {
                for (int x = 0; x < nx; x++) {
                    double u = (x - cx) * c + (z - cz) * s + cx;
                    int b = (int) Math.floor(u);
                    u0[z * nx + x] = b;
                    f[z * nx + x] = (float) (u - b);
                    if (b >= 0 && b < nx) count[v * nx + b + 1]++;
                    if (b + 1 >= 0 && b + 1 < nx && f[z * nx + x] != 0f) count[v * nx + b + 2]++;
                }
            }
            bin[v] = u0.clone();
            frac[v] = f.clone();
        }
        for (int r = 0; r < rows; r++) count[r + 1] += count[r];
        int nnz = count[rows];
        int[] next = Arrays.copyOf(count, rows);
        int[] col = new int[nnz];
        float[] val = new float[nnz];
        for (int v = 0; v < views; v++) {
            for (int j = 0; j < nx * nz; j++) {
                int b = bin[v][j];
                float w1 = frac[v][j];
                if (b >= 0 && b < nx) {
                    int p = next[v * nx + b]++;
                    col[p] = j;
                    val[p] = 1f - w1;
                }
                if (b + 1 >= 0 && b + 1 < nx && w1 != 0f) {
                    int p = next[v * nx + b + 1]++;
                    col[p] = j;
                    val[p] = w1;
                }
            }
        }
        return new SparseCsr(rows, nx * nz, count, col, val);
    }

    /** Number of views. */
    public int views() {
        return anglesDeg.length;
    }

    /** Volume and detector width. */
    public int nx() {
        return nx;
    }

    /** Volume thickness. */
    public int nz() {
        return nz;
    }

    /** A copy of the tilt angles in degrees. */
    public double[] anglesDeg() {
        return anglesDeg.clone();
    }

    /** The per-view geometry of the recorded stack this projector was built for (the ideal one by default). */
    public TiltSeriesGeometry geometry() {
        return geometry;
    }

    /** Number of sections a recorded stack for this projector has (excluded views included). */
    public int recordedViews() {
        return geometry.size();
    }

    /**
     * A recorded stack {@code [recordedViews, ny, nx]} in this projector's frame {@code [views, ny, nx]}: excluded
     * views dropped and the others aligned ({@link StackAlignment#align}). For the ideal geometry the argument itself
     * is returned. Records no gradient.
     *
     * @throws IllegalArgumentException if the stack does not have {@link #recordedViews()} sections of width nx
     */
    public Tensor toModelFrame(Tensor recorded) {
        if (recorded.rank() != 3 || recorded.dim(0) != geometry.size() || recorded.dim(2) != nx)
            throw new IllegalArgumentException("Projector: tilt series of shape " + recorded.shape() + " must be [views=" + geometry.size()
                    + ", ny, nx=" + nx + "]" + (geometry.size() != views() ? " (" + geometry.size() + " recorded views, " + views() + " used)" : ""));
        if (geometry.isIdeal()) return recorded;
        try (org.cryograd.tensor.Grad g = org.cryograd.tensor.Grad.disabled()) {
            return StackAlignment.align(recorded, geometry);
        }
    }

    /**
     * The recorded stack this volume would give: the projections of every view of the geometry (excluded ones too)
     * resampled into the raw frame ({@link StackAlignment#unalign}). For the ideal geometry, {@link #project}.
     * Records no gradient.
     */
    public Tensor projectToDetector(Tensor volume) {
        try (org.cryograd.tensor.Grad g = org.cryograd.tensor.Grad.disabled()) {
            if (geometry.isIdeal()) return project(volume);
            TiltSeriesGeometry all = geometry.withNoExclusions();
            Projector p = views() == all.size() ? this : new Projector(all, nx, nz);
            Tensor ideal = p.project(volume);
            Tensor raw = StackAlignment.unalign(ideal, all);
            ideal.close();
            return raw;
        }
    }

    /** The sparse matrix: rows {@code view * nx + u}, columns {@code z * nx + x}. */
    public SparseCsr matrix() {
        return matrix;
    }

    /**
     * Projects a volume {@code [nz, ny, nx]} to a tilt series {@code [views, ny, nx]}. Differentiable.
     *
     * @throws IllegalArgumentException if the volume's x or z size does not match
     */
    public Tensor project(Tensor volume) {
        if (volume.rank() != 3 || volume.dim(0) != nz || volume.dim(2) != nx)
            throw new IllegalArgumentException("Projector.project: volume of shape " + volume.shape() + " must be [nz=" + nz + ", ny, nx=" + nx + "]");
        int ny = volume.dim(1);
        Tensor cols = volume.permute(0, 2, 1).reshape(nz * nx, ny);
        Tensor sino = F.spmm(matrix, cols);
        return sino.reshape(views(), nx, ny).permute(0, 2, 1);
    }

    /**
     * Back-projects a tilt series {@code [views, ny, nx]} to a volume {@code [nz, ny, nx]} (the exact adjoint of
     * {@link #project}, unfiltered). Differentiable.
     */
    public Tensor backproject(Tensor tilts) {
        if (tilts.rank() != 3 || tilts.dim(0) != views() || tilts.dim(2) != nx)
            throw new IllegalArgumentException("Projector.backproject: tilt series of shape " + tilts.shape() + " must be [views=" + views()
                    + ", ny, nx=" + nx + "]");
        int ny = tilts.dim(1);
        Tensor rows = tilts.permute(0, 2, 1).reshape(views() * nx, ny);
        Tensor vol = F.spmmT(matrix, rows);
        return vol.reshape(nz, nx, ny).permute(0, 2, 1);
    }

    @Override
    public String toString() {
        return "Projector[" + views() + " views, nx=" + nx + ", nz=" + nz + ", nnz=" + matrix.nnz() + "]";
    }
}
