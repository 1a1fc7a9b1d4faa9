package org.cryograd.em.phantom;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.fft.Filters;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * Simulated volumes for reconstruction benchmarks, laid out {@code [nz, ny, nx]} with values in {@code [0, 1]}
 * (the paper's own phantoms are not published; these follow its description, Van Veen et al. 2024, sec. 3.3).
 *
 * <p>The random phantoms are built the same way: objects are drawn one by one from the {@link Rng} (sizes, positions,
 * orientations) and placed without overlap (bounding spheres at least {@code 1 + 2s} voxels apart, {@code s} below)
 * until their cross-sections cover about a third of the x-y area or 300 placements in a row have failed; they are
 * binarised on the voxel grid (a voxel is inside when its centre is), composed by maximum, low-passed by a Gaussian
 * of standard deviation {@code max(0.6, s)} voxels (real space, mirror borders, so no ringing and no values outside
 * {@code [0, 1]}) and scaled so that the largest value is 1. Sizes are the paper's, given for a 256 x 256 x-y field
 * and scaled by {@code s = min(nx, ny) / 256}, with a floor that keeps small test volumes meaningful; every object
 * lies fully inside the volume (in z, inside the slab), so object sizes are also capped by the thickness {@code nz}.
 * The same seed gives the same volume on every machine.
 */
public final class Phantoms {
    /** Reference x-y size at which the paper's object sizes are given. */
    private static final double REFERENCE = 256;
    /** Fraction of the x-y area that the objects' cross-sections should cover. */
    private static final double FILL = 0.35;
    /** Placements failing in a row before a layout is considered full. */
    private static final int MAX_FAILURES = 300;

    private Phantoms() {}

    /**
     * The phantom of the given kind ({@link PhantomKind#SHEPP} ignores {@code rng}).
     *
     * @return a volume {@code [nz, ny, nx]} with values in {@code [0, 1]}
     */
    public static Tensor make(PhantomKind kind, Rng rng, int nx, int ny, int nz) {
        switch (kind) {
            case SPHERES:
                return spheres(rng, nx, ny, nz);
            case SHAPES:
                return shapes(rng, nx, ny, nz);
            case PARTICLE:
                return particle(rng, nx, ny, nz);
            case SHEPP:
                return sheppLogan(nx, ny, nz);
            default:
                throw new IllegalArgumentException("Phantoms.make: unknown kind " + kind);
        }
    }

    // ------------------------------------------------------------------ spheres

    /** One hollow sphere of {@link #spheres}: centre in voxel coordinates, outer and inner radius in voxels. */
    record Ball(double x, double y, double z, double outer, double inner) {}

    /**
     * A slab of hollow spheres of constant density: outer diameters uniform in {@code [16 s, 64 s]} (at least 6
     * voxels; capped so the sphere fits in the volume), shell thickness {@code max(1.5, 3 s)} voxels.
     *
     * @throws IllegalArgumentException if a dimension is below 8
     */
    public static Tensor spheres(Rng rng, int nx, int ny, int nz) {
        List<Ball> balls = sphereLayout(rng, nx, ny, nz);
        float[] v = new float[checkedSize("spheres", nx, ny, nz)];
        Grid g = new Grid(v, nx, ny, nz);
        for (Ball b : balls)
            g.solid(b.x(), b.y(), b.z(), b.outer(), IDENTITY, (qx, qy, qz) -> {
                double r2 = qx * qx + qy * qy + qz * qz;
                return r2 <= b.outer() * b.outer() && r2 > b.inner() * b.inner();
            }, 1f);
        return finish(v, nx, ny, nz);
    }

    /** The spheres {@link #spheres} draws for this seed and size (package-private, for tests). */
    static List<Ball> sphereLayout(Rng rng, int nx, int ny, int nz) {
        checkedSize("spheres", nx, ny, nz);
        double s = scale(nx, ny);
        double thickness = Math.max(1.5, 3 * s);
        Placer placer = new Placer(nx, ny, nz, s);
        List<Ball> out = new ArrayList<>();
        while (!placer.full()) {
            double r = placer.radius(rng);
            double[] c = placer.place(rng, r);
            if (c != null) out.add(new Ball(c[0], c[1], c[2], r, Math.max(0, r - thickness)));
        }
        return out;
    }

    // ------------------------------------------------------------------ shapes

    /** The solids of {@link #shapes}. */
    enum Solid { SPHERE, ELLIPSOID, PYRAMID, CUBE, BOX, DISC, CROSS4, CROSS6 }

    /**
     * A slab of mixed solid shapes of constant density, each with a random orientation and a bounding diameter
     * uniform in {@code [16 s, 64 s]}: full spheres, ellipsoids, square pyramids, cubes, rectangular boxes, circular
     * discs, and 4- and 6-pointed 3-D crosses (two or three orthogonal bars), drawn with equal probability.
     *
     * @throws IllegalArgumentException if a dimension is below 8
     */
    public static Tensor shapes(Rng rng, int nx, int ny, int nz) {
        float[] v = new float[checkedSize("shapes", nx, ny, nz)];
        Grid g = new Grid(v, nx, ny, nz);
        double s = scale(nx, ny);
        Placer placer = new Placer(nx, ny, nz, s);
        Solid[] kinds = Solid.values();
        while (!placer.full()) {
            Solid kind = kinds[rng.nextInt(kinds.length)];
            double r = placer.radius(rng);
            // shape parameters are drawn before the placement so every attempt uses the same number of draws
            double u1 = rng.nextDouble(), u2 = rng.nextDouble();
            double[] rot = randomRotation(rng);
            double[] c = placer.place(rng, r);
            if (c == null) continue;
            g.solid(c[0], c[1], c[2], r, rot, inside(kind, r, u1, u2), 1f);
        }
        return finish(v, nx, ny, nz);
    }

    /** The inside test of one solid in its local frame, fitting in a sphere of radius {@code r}. */
    private static Inside inside(Solid kind, double r, double u1, double u2) {
        switch (kind) {
            case SPHERE:
                return (x, y, z) -> x * x + y * y + z * z <= r * r;
            case ELLIPSOID: {
                double b = r * (0.35 + 0.45 * u1), c = r * (0.35 + 0.45 * u2);
                return (x, y, z) -> (x / r) * (x / r) + (y / b) * (y / b) + (z / c) * (z / c) <= 1;
            }
            case PYRAMID: {
                double w = 0.55 * r, h = 0.6 * r; // square base 2w at z = -h, apex at z = +h
                return (x, y, z) -> {
                    if (Math.abs(z) > h) return false;
                    double half = w * (h - z) / (2 * h);
                    return Math.abs(x) <= half && Math.abs(y) <= half;
                };
            }
            case CUBE: {
                double a = 0.98 * r / Math.sqrt(3);
                return (x, y, z) -> Math.abs(x) <= a && Math.abs(y) <= a && Math.abs(z) <= a;
            }
            case BOX: {
                double b = r * (0.25 + 0.25 * u1), c = r * (0.2 + 0.2 * u2);
                double a = Math.sqrt(Math.max(0, 0.97 * r * r - b * b - c * c));
                return (x, y, z) -> Math.abs(x) <= a && Math.abs(y) <= b && Math.abs(z) <= c;
            }
            case DISC: {
                double h = Math.min(Math.max(1.0, 0.15 * r), 0.43 * r);
                double a = Math.sqrt(Math.max(0, 0.97 * r * r - h * h));
                return (x, y, z) -> x * x + y * y <= a * a && Math.abs(z) <= h;
            }
            case CROSS4:
            case CROSS6: {
                double w = Math.min(Math.max(1.0, 0.18 * r), 0.4 * r);
                double len = Math.sqrt(Math.max(0, 0.97 * r * r - 2 * w * w));
                boolean six = kind == Solid.CROSS6;
                return (x, y, z) -> {
                    double ax = Math.abs(x), ay = Math.abs(y), az = Math.abs(z);
                    boolean barX = ax <= len && ay <= w && az <= w;
                    boolean barY = ay <= len && ax <= w && az <= w;
                    boolean barZ = six && az <= len && ax <= w && ay <= w;
                    return barX || barY || barZ;
                };
            }
            default:
                throw new IllegalArgumentException("Phantoms: unknown solid " + kind);
        }
    }

    // ------------------------------------------------------------------ particle

    /**
     * A particle-like volume: a phage-like capsid (a hollow shell of outer radius {@code 0.3 min(nx / 1.4, ny, nz)}
     * and thickness {@code max(1.5, 0.1 R)}, with twelve Gaussian "penton" bumps at the vertices of a randomly
     * oriented icosahedron) carrying a tail (a cylinder of length {@code 0.8 R} along +x or -x ending in a baseplate
     * disc), plus free Gaussian-blob "molecules" around it: short random-walk chains of 6 to 15 blobs of standard
     * deviation {@code max(1, 2 s)} voxels (about {@code 6 nx ny / 128²} chains, kept clear of the phage).
     *
     * @throws IllegalArgumentException if a dimension is below 8
     */
    public static Tensor particle(Rng rng, int nx, int ny, int nz) {
        float[] v = new float[checkedSize("particle", nx, ny, nz)];
        Grid g = new Grid(v, nx, ny, nz);
        double s = scale(nx, ny);
        double m = Math.min(nx / 1.4, Math.min(ny, nz));
        double R = 0.3 * m, t = Math.max(1.5, 0.1 * R), len = 0.8 * R;
        double dir = rng.nextDouble() < 0.5 ? -1 : 1;
        double cx = (nx - 1) / 2.0 - dir * 0.4 * R + (rng.nextDouble() - 0.5) * 0.1 * m;
        double cy = (ny - 1) / 2.0 + (rng.nextDouble() - 0.5) * 0.1 * m;
        double cz = (nz - 1) / 2.0 + (rng.nextDouble() - 0.5) * 0.1 * m;
        // capsid shell
        double inner = R - t;
        g.solid(cx, cy, cz, R, IDENTITY, (x, y, z) -> {
            double r2 = x * x + y * y + z * z;
            return r2 <= R * R && r2 > inner * inner;
        }, 1f);
        // pentons at the icosahedron's vertices
        double[] rot = randomRotation(rng);
        double phi = (1 + Math.sqrt(5)) / 2, norm = Math.sqrt(1 + phi * phi), sigmaP = Math.max(0.8, 0.1 * R);
        double[][] ico = new double[12][];
        int k = 0;
        for (int a = -1; a <= 1; a += 2)
            for (int b = -1; b <= 1; b += 2) {
                ico[k++] = new double[] {0, a, b * phi};
                ico[k++] = new double[] {a, b * phi, 0};
                ico[k++] = new double[] {a * phi, 0, b};
            }
        for (double[] p : ico) {
            double[] q = rotate(rot, p[0] / norm, p[1] / norm, p[2] / norm);
            g.blob(cx + R * q[0], cy + R * q[1], cz + R * q[2], sigmaP, 1f);
        }
        // tail along x and its baseplate
        double rt = Math.max(1.0, 0.15 * R), x0 = cx + dir * (R - t), x1 = cx + dir * (R + len);
        double mid = (x0 + x1) / 2, halfLen = Math.abs(x1 - x0) / 2;
        g.solid(mid, cy, cz, Math.hypot(halfLen, rt), IDENTITY,
                (x, y, z) -> Math.abs(x) <= halfLen && y * y + z * z <= rt * rt, 1f);
        double rb = Math.max(1.5, 0.3 * R), hb = Math.max(0.75, 0.06 * R);
        g.solid(x1, cy, cz, Math.hypot(hb, rb), IDENTITY, (x, y, z) -> Math.abs(x) <= hb && y * y + z * z <= rb * rb, 1f);
        // molecules: random-walk chains of Gaussian blobs, clear of the phage
        double sigma = Math.max(1.0, 2 * s), step = 1.6 * sigma;
        int chains = (int) Math.max(2, Math.round(6.0 * nx * ny / (128.0 * 128.0)));
        double margin = 3 * sigma;
        for (int placed = 0, tries = 0; placed < chains && tries < 50 * chains; tries++) {
            int blobs = 6 + rng.nextInt(10);
            double extent = blobs * step + margin;
            double px = rng.nextDouble() * (nx - 1), py = rng.nextDouble() * (ny - 1), pz = rng.nextDouble() * (nz - 1);
            double[] walk = new double[2 * blobs];
            for (int i = 0; i < walk.length; i++) walk[i] = rng.nextDouble();
            // distance from the start to the phage's axis segment (capsid centre to the baseplate)
            double sx = Math.max(Math.min(px, Math.max(cx, x1)), Math.min(cx, x1));
            double dist = Math.sqrt((px - sx) * (px - sx) + (py - cy) * (py - cy) + (pz - cz) * (pz - cz));
            if (dist < R + extent) continue;
            double x = px, y = py, z = pz;
            for (int i = 0; i < blobs; i++) {
                g.blob(x, y, z, sigma, 1f);
                double[] d = unitVector(walk[2 * i], walk[2 * i + 1]);
                x += step * d[0];
                y += step * d[1];
                z = Math.max(0, Math.min(nz - 1, z + step * d[2]));
            }
            placed++;
        }
        return finish(v, nx, ny, nz);
    }

    // ------------------------------------------------------------------ Shepp-Logan

    /**
     * The 3-D modified Shepp–Logan head phantom (the standard ten-ellipsoid table of Schabel's {@code phantom3d},
     * intensities after Toft: 1, -0.8, -0.2, -0.2, 0.1 x 6), sampled at voxel centres and clipped to {@code [0, 1]}.
     *
     * <p>Coordinates are normalised per axis, {@code x = (i - (nx - 1)/2) / (nx/2)} and likewise for z, so the
     * phantom's {@code [-1, 1]^3} cube fills the volume whatever its shape: a thin {@code nz} gives a slab, the head
     * flattened along z. The phantom's y axis points up the image, {@code y = -(j - (ny - 1)/2) / (ny/2)}, so an x-y
     * slice shown with row 0 at the top looks like the familiar 2-D phantom (and {@code skimage}'s). The table's
     * Euler angles {@code (phi, theta, psi)} are all zero except for the two ventricles ({@code phi = -/+18},
     * {@code theta = 0}, {@code psi = 10}); with {@code theta = 0} they collapse to one in-plane rotation, and we use
     * the 2-D phantom's {@code -/+18} degrees (phantom3d's {@code phi + psi} would tilt the two asymmetrically).
     */
    public static Tensor sheppLogan(int nx, int ny, int nz) {
        if (nx < 1 || ny < 1 || nz < 1)
            throw new IllegalArgumentException("Phantoms.sheppLogan: sizes nx=" + nx + ", ny=" + ny + ", nz=" + nz + " must be positive");
        float[] v = new float[Math.multiplyExact(Math.multiplyExact(nx, ny), nz)];
        double[][] e = SHEPP_3D;
        double[] cos = new double[e.length], sin = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            cos[i] = Math.cos(Math.toRadians(e[i][7]));
            sin[i] = Math.sin(Math.toRadians(e[i][7]));
        }
        for (int kz = 0; kz < nz; kz++) {
            double z = (kz - (nz - 1) / 2.0) / (nz / 2.0);
            for (int jy = 0; jy < ny; jy++) {
                double y = -(jy - (ny - 1) / 2.0) / (ny / 2.0);
                for (int ix = 0; ix < nx; ix++) {
                    double x = (ix - (nx - 1) / 2.0) / (nx / 2.0), sum = 0;
                    for (int i = 0; i < e.length; i++) {
                        double dx = x - e[i][4], dy = y - e[i][5], dz = z - e[i][6];
                        double u = dx * cos[i] + dy * sin[i], w = -dx * sin[i] + dy * cos[i];
                        double q = (u / e[i][1]) * (u / e[i][1]) + (w / e[i][2]) * (w / e[i][2]) + (dz / e[i][3]) * (dz / e[i][3]);
                        if (q <= 1) sum += e[i][0];
                    }
                    v[(kz * ny + jy) * nx + ix] = (float) Math.max(0, Math.min(1, sum));
                }
            }
        }
        return Tensor.of(v, nz, ny, nx);
    }

    /** Intensity, semi-axes a b c, centre x0 y0 z0, in-plane rotation phi (degrees). */
    private static final double[][] SHEPP_3D = {
        {1.0, 0.6900, 0.920, 0.810, 0, 0, 0, 0},
        {-0.8, 0.6624, 0.874, 0.780, 0, -0.0184, 0, 0},
        {-0.2, 0.1100, 0.310, 0.220, 0.22, 0, 0, -18},
        {-0.2, 0.1600, 0.410, 0.280, -0.22, 0, 0, 18},
        {0.1, 0.2100, 0.250, 0.410, 0, 0.35, -0.15, 0},
        {0.1, 0.0460, 0.046, 0.050, 0, 0.1, 0.25, 0},
        {0.1, 0.0460, 0.046, 0.050, 0, -0.1, 0.25, 0},
        {0.1, 0.0460, 0.023, 0.050, -0.08, -0.605, 0, 0},
        {0.1, 0.0230, 0.023, 0.020, 0, -0.606, 0, 0},
        {0.1, 0.0230, 0.046, 0.020, 0.06, -0.605, 0, 0},
    };

    // ------------------------------------------------------------------ helpers

    private static final double[] IDENTITY = {1, 0, 0, 0, 1, 0, 0, 0, 1};

    /** Inside test in an object's local frame (voxel units, centred on the object). */
    @FunctionalInterface
    private interface Inside {
        boolean test(double x, double y, double z);
    }

    static double scale(int nx, int ny) {
        return Math.min(nx, ny) / REFERENCE;
    }

    private static int checkedSize(String op, int nx, int ny, int nz) {
        if (nx < 8 || ny < 8 || nz < 8)
            throw new IllegalArgumentException("Phantoms." + op + ": volume nx=" + nx + ", ny=" + ny + ", nz=" + nz + " is too small (every size must be >= 8)");
        return Math.multiplyExact(Math.multiplyExact(nx, ny), nz);
    }

    /** Low-pass, scale to a maximum of 1, clip to [0, 1]. */
    private static Tensor finish(float[] v, int nx, int ny, int nz) {
        double sigma = Math.max(0.6, scale(nx, ny));
        float[] out;
        try (Tensor raw = Tensor.of(v, nz, ny, nx); Tensor smooth = Filters.gaussianSeparable(raw, 3, sigma)) {
            out = smooth.toArray();
        }
        float max = 0;
        for (float a : out) max = Math.max(max, a);
        float inv = max > 0 ? 1f / max : 0f;
        for (int i = 0; i < out.length; i++) out[i] = Math.max(0f, Math.min(1f, out[i] * inv));
        return Tensor.of(out, nz, ny, nx);
    }

    /**
     * A uniformly distributed rotation (Shoemake's quaternion method), as a row-major 3x3 matrix; draws three numbers
     * from {@code rng}. Used to place the objects of every phantom (here and in the DUAL benchmark's grand models).
     */
    public static double[] randomRotation(Rng rng) {
        double u1 = rng.nextDouble(), u2 = rng.nextDouble(), u3 = rng.nextDouble();
        double a = Math.sqrt(1 - u1), b = Math.sqrt(u1);
        double qx = a * Math.sin(2 * Math.PI * u2), qy = a * Math.cos(2 * Math.PI * u2);
        double qz = b * Math.sin(2 * Math.PI * u3), qw = b * Math.cos(2 * Math.PI * u3);
        return new double[] {
            1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - qz * qw), 2 * (qx * qz + qy * qw),
            2 * (qx * qy + qz * qw), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - qx * qw),
            2 * (qx * qz - qy * qw), 2 * (qy * qz + qx * qw), 1 - 2 * (qx * qx + qy * qy)};
    }

    private static double[] rotate(double[] m, double x, double y, double z) {
        return new double[] {m[0] * x + m[1] * y + m[2] * z, m[3] * x + m[4] * y + m[5] * z, m[6] * x + m[7] * y + m[8] * z};
    }

    /** A unit vector from two uniforms (uniform on the sphere). */
    private static double[] unitVector(double u, double w) {
        double cz = 2 * u - 1, sz = Math.sqrt(Math.max(0, 1 - cz * cz)), a = 2 * Math.PI * w;
        return new double[] {sz * Math.cos(a), sz * Math.sin(a), cz};
    }

    /** Non-overlapping placement of objects by bounding sphere inside the volume. */
    private static final class Placer {
        private final int nx, ny, nz;
        private final double rMin, rMax, gap, target;
        private final List<double[]> placed = new ArrayList<>();
        private double area;
        private int failures;

        Placer(int nx, int ny, int nz, double s) {
            this.nx = nx;
            this.ny = ny;
            this.nz = nz;
            double cap = (Math.min(Math.min(nx, ny), nz) - 1) / 2.0 - 0.5; // fits with half a voxel to spare
            this.rMax = Math.min(cap, Math.max(32 * s, 3));
            this.rMin = Math.min(rMax, Math.max(8 * s, 3));
            this.gap = 1 + 2 * s;
            this.target = FILL * nx * ny;
        }

        boolean full() {
            return area >= target || failures >= MAX_FAILURES;
        }

        double radius(Rng rng) {
            return rMin + (rMax - rMin) * rng.nextDouble();
        }

        /** A free centre for a bounding radius {@code r}, or null (three draws either way). */
        double[] place(Rng rng, double r) {
            double x = r + rng.nextDouble() * (nx - 1 - 2 * r);
            double y = r + rng.nextDouble() * (ny - 1 - 2 * r);
            double z = r + rng.nextDouble() * (nz - 1 - 2 * r);
            for (double[] p : placed) {
                double dx = p[0] - x, dy = p[1] - y, dz = p[2] - z, d = p[3] + r + gap;
                if (dx * dx + dy * dy + dz * dz < d * d) {
                    failures++;
                    return null;
                }
            }
            failures = 0;
            placed.add(new double[] {x, y, z, r});
            area += Math.PI * r * r;
            return new double[] {x, y, z};
        }
    }

    /** A volume being drawn: composition by maximum. */
    private static final class Grid {
        private final float[] v;
        private final int nx, ny, nz;

        Grid(float[] v, int nx, int ny, int nz) {
            this.v = v;
            this.nx = nx;
            this.ny = ny;
            this.nz = nz;
        }

        /** Sets {@code value} at every voxel centre inside a solid centred at {@code c} with bounding radius {@code r}. */
        void solid(double cx, double cy, double cz, double r, double[] rot, Inside inside, float value) {
            int x0 = Math.max(0, (int) Math.floor(cx - r)), x1 = Math.min(nx - 1, (int) Math.ceil(cx + r));
            int y0 = Math.max(0, (int) Math.floor(cy - r)), y1 = Math.min(ny - 1, (int) Math.ceil(cy + r));
            int z0 = Math.max(0, (int) Math.floor(cz - r)), z1 = Math.min(nz - 1, (int) Math.ceil(cz + r));
            for (int z = z0; z <= z1; z++)
                for (int y = y0; y <= y1; y++)
                    for (int x = x0; x <= x1; x++) {
                        double dx = x - cx, dy = y - cy, dz = z - cz;
                        // local = R^T d
                        double lx = rot[0] * dx + rot[3] * dy + rot[6] * dz;
                        double ly = rot[1] * dx + rot[4] * dy + rot[7] * dz;
                        double lz = rot[2] * dx + rot[5] * dy + rot[8] * dz;
                        if (inside.test(lx, ly, lz)) {
                            int i = (z * ny + y) * nx + x;
                            v[i] = Math.max(v[i], value);
                        }
                    }
        }

        /** A Gaussian blob of peak {@code amp} (truncated at 3 sigma). */
        void blob(double cx, double cy, double cz, double sigma, float amp) {
            double r = 3 * sigma, k = -0.5 / (sigma * sigma);
            int x0 = Math.max(0, (int) Math.floor(cx - r)), x1 = Math.min(nx - 1, (int) Math.ceil(cx + r));
            int y0 = Math.max(0, (int) Math.floor(cy - r)), y1 = Math.min(ny - 1, (int) Math.ceil(cy + r));
            int z0 = Math.max(0, (int) Math.floor(cz - r)), z1 = Math.min(nz - 1, (int) Math.ceil(cz + r));
            for (int z = z0; z <= z1; z++)
                for (int y = y0; y <= y1; y++)
                    for (int x = x0; x <= x1; x++) {
                        double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz);
                        if (d2 > r * r) continue;
                        int i = (z * ny + y) * nx + x;
                        v[i] = Math.max(v[i], (float) (amp * Math.exp(k * d2)));
                    }
        }
    }
}
