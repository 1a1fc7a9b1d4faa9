package org.cryograd.em.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.cryograd.em.phantom.Phantoms;
import org.cryograd.tensor.Rng;

/**
 * Builds a {@link Specimen}: vesicles, then gold beads, then macromolecules (classes in turn), each at a uniformly
 * random position whose bounding sphere lies inside the box, inside the ice slab in z, off the carbon film, and at
 * least {@code minGap} from every other bounding sphere; molecules get uniformly random rotations
 * ({@link Phantoms#randomRotation}). A molecule's potential {@code V} (trilinear from its template) displaces ice in
 * proportion {@code min(1, V / V_protein)}, so its excess over ice is {@code V - occupancy * V_ice}. Each voxel's
 * label is the object with the largest excess there (a molecule where {@code V > V_protein / 2}, a membrane within
 * the head groups, gold where the bead covers half the voxel or more).
 */
public final class SpecimenBuilder {
    /** Random positions tried per object before giving up on it. */
    static final int TRIES = 300;

    private SpecimenBuilder() {}

    /**
     * Builds the specimen.
     *
     * @param o         the options
     * @param templates one potential map per class (V, at {@code o.voxelSize()}); may be empty
     * @param rng       the random stream (placements and rotations)
     * @param progress  receives one line per stage
     */
    public static Specimen build(SpecimenOptions o, List<DensityMap> templates, Rng rng, Consumer<String> progress) {
        for (DensityMap t : templates)
            if (Math.abs(t.voxelSize() - o.voxelSize()) > 1e-6 * o.voxelSize())
                throw new IllegalArgumentException("SpecimenBuilder: template " + t.name() + " has voxel size " + t.voxelSize() + " Å, the specimen " + o.voxelSize() + " Å");
        int nx = o.nx(), ny = o.ny(), nz = o.nz(), n = nx * ny * nz;
        double v = o.voxelSize(), cz = (nz - 1) / 2.0;
        double halfIce = o.iceThicknessA() / v / 2;
        double zLo = o.iceThicknessA() > 0 ? cz - halfIce : -0.5, zHi = o.iceThicknessA() > 0 ? cz + halfIce : nz - 0.5;
        double xMax = Double.isNaN(o.carbonEdgeA()) ? nx - 0.5 : Math.min(nx - 0.5, o.carbonEdgeA() / v - 0.5);
        double ice = o.iceThicknessA() > 0 ? o.icePotentialV() : 0;
        float[] excess = new float[n], strength = new float[n], labels = new float[n];
        List<double[]> spheres = new ArrayList<>(); // x, y, z, r (voxels)
        double gap = o.minGapA() / v;
        List<String> names = templates.stream().map(DensityMap::name).toList();
        int membrane = names.size() + 1, gold = names.size() + 2, carbon = names.size() + 3;

        List<double[]> vesicles = new ArrayList<>();
        for (int i = 0; i < o.vesicles(); i++) {
            double r = o.vesicleRadiusMinA() + rng.nextDouble() * (o.vesicleRadiusMaxA() - o.vesicleRadiusMinA());
            double rb = (r + o.membrane().halfWidthA()) / v;
            double[] c = place(rng, rb, spheres, gap, nx, ny, xMax, zLo, zHi);
            if (c == null) continue;
            vesicles.add(new double[] {c[0], c[1], c[2], r});
            paintVesicle(o, c, r, excess, strength, labels, membrane);
        }
        List<double[]> fiducials = new ArrayList<>();
        for (int i = 0; i < o.fiducials(); i++) {
            double rb = o.fiducialRadiusA() / v + 0.5;
            double[] c = place(rng, rb, spheres, gap, nx, ny, xMax, zLo, zHi);
            if (c == null) continue;
            fiducials.add(new double[] {c[0], c[1], c[2], o.fiducialRadiusA()});
            paintGold(o, c, ice, excess, strength, labels, gold);
        }
        if (o.vesicles() + o.fiducials() > 0)
            progress.accept(String.format(java.util.Locale.ROOT, "specimen: %d of %d vesicles, %d of %d gold beads placed", vesicles.size(), o.vesicles(), fiducials.size(), o.fiducials()));

        List<PlacedParticle> particles = new ArrayList<>();
        if (!templates.isEmpty() && o.maxParticles() > 0) {
            double[] radius = new double[templates.size()];
            for (int c = 0; c < radius.length; c++) radius[c] = templates.get(c).radius(0.01);
            double iceVolume = (double) nx * ny * (zHi - zLo) * v * v * v, filled = 0;
            int failuresInARow = 0;
            for (int k = 0; particles.size() < o.maxParticles() && failuresInARow < templates.size(); k++) {
                if (o.crowding() > 0 && filled >= o.crowding() * iceVolume) break;
                int cls = k % templates.size();
                double[] c = place(rng, radius[cls] / v, spheres, gap, nx, ny, xMax, zLo, zHi);
                if (c == null) {
                    failuresInARow++;
                    continue;
                }
                failuresInARow = 0;
                double[] rot = Phantoms.randomRotation(rng);
                PlacedParticle p = new PlacedParticle(cls + 1, names.get(cls), c[0], c[1], c[2], rot, radius[cls]);
                particles.add(p);
                filled += 4.0 / 3 * Math.PI * Math.pow(radius[cls], 3);
                paintParticle(o, templates.get(cls), p, ice, excess, strength, labels);
            }
            progress.accept(String.format(java.util.Locale.ROOT, "specimen: %d macromolecules of %d classes placed (bounding spheres fill %.1f%% of the ice)",
                    particles.size(), templates.size(), 100 * filled / iceVolume));
        }

        List<double[]> contamination = new ArrayList<>();
        double iceHalfVox = o.iceThicknessA() / v / 2;
        for (int i = 0; i < o.contaminants() && o.iceThicknessA() > 0; i++) {
            double r = o.contaminationRadiusA() * (0.5 + 0.5 * rng.nextDouble());
            double x = -0.5 + rng.nextDouble() * nx, y = -0.5 + rng.nextDouble() * ny, side = rng.nextDouble() < 0.5 ? -1 : 1;
            contamination.add(new double[] {x, y, cz + side * (iceHalfVox + r / v), r});
        }
        if (o.contaminants() > 0) progress.accept(String.format(java.util.Locale.ROOT, "specimen: %d ice-contamination grains on the surfaces", contamination.size()));

        float[] potential = excess.clone();
        if (o.iceThicknessA() > 0) {
            double xe = Double.isNaN(o.carbonEdgeA()) ? Double.POSITIVE_INFINITY : o.carbonEdgeA() / v - 0.5;
            double hc = o.carbonThicknessA() / v / 2;
            for (int z = 0; z < nz; z++) {
                double fIce = overlap(z - 0.5, z + 0.5, zLo, zHi);
                double fC = Double.isNaN(o.carbonEdgeA()) ? 0 : overlap(z - 0.5, z + 0.5, cz - hc, cz + hc);
                for (int y = 0; y < ny; y++)
                    for (int x = 0; x < nx; x++) {
                        int i = (z * ny + y) * nx + x;
                        double fx = overlap(x - 0.5, x + 0.5, xe, Double.POSITIVE_INFINITY);
                        double cf = fC * fx;
                        potential[i] += (float) (o.icePotentialV() * (fIce - cf) + o.carbonPotentialV() * cf);
                        if (cf >= 0.5 && strength[i] == 0) labels[i] = carbon;
                    }
            }
        }
        for (double[] g : contamination) paintContamination(o, g, potential, labels, names.size() + 4);
        return new Specimen(o, names, excess, potential, labels, particles, vesicles, fiducials, contamination);
    }

    /** An ice grain inside the box (outside the slab): ice potential in the total map and its label. */
    private static void paintContamination(SpecimenOptions o, double[] g, float[] potential, float[] labels, int label) {
        int nx = o.nx(), ny = o.ny(), nz = o.nz();
        double r = g[3] / o.voxelSize(), cz = (nz - 1) / 2.0, half = o.iceThicknessA() / o.voxelSize() / 2;
        for (int z = Math.max(0, (int) Math.floor(g[2] - r)); z <= Math.min(nz - 1, (int) Math.ceil(g[2] + r)); z++) {
            double outside = 1 - overlap(z - 0.5, z + 0.5, cz - half, cz + half);
            if (outside <= 0) continue;
            for (int y = Math.max(0, (int) Math.floor(g[1] - r)); y <= Math.min(ny - 1, (int) Math.ceil(g[1] + r)); y++)
                for (int x = Math.max(0, (int) Math.floor(g[0] - r)); x <= Math.min(nx - 1, (int) Math.ceil(g[0] + r)); x++) {
                    double d2 = (x - g[0]) * (x - g[0]) + (y - g[1]) * (y - g[1]) + (z - g[2]) * (z - g[2]);
                    if (d2 > r * r) continue;
                    int i = (z * ny + y) * nx + x;
                    potential[i] += (float) (o.icePotentialV() * outside);
                    if (outside >= 0.5) labels[i] = label;
                }
        }
    }

    private static double overlap(double a0, double a1, double b0, double b1) {
        return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0)) / (a1 - a0);
    }

    /** A random centre for a sphere of radius {@code r} (voxels) meeting the rules, or null after {@link #TRIES}. */
    private static double[] place(Rng rng, double r, List<double[]> spheres, double gap, int nx, int ny, double xMax, double zLo, double zHi) {
        double x0 = -0.5 + r, x1 = xMax - r, y0 = -0.5 + r, y1 = ny - 0.5 - r, z0 = zLo + r, z1 = zHi - r;
        if (x1 < x0 || y1 < y0 || z1 < z0) return null;
        for (int t = 0; t < TRIES; t++) {
            double x = x0 + rng.nextDouble() * (x1 - x0), y = y0 + rng.nextDouble() * (y1 - y0), z = z0 + rng.nextDouble() * (z1 - z0);
            boolean ok = true;
            for (double[] s : spheres) {
                double d = s[3] + r + gap, dx = s[0] - x, dy = s[1] - y, dz = s[2] - z;
                if (dx * dx + dy * dy + dz * dz < d * d) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                spheres.add(new double[] {x, y, z, r});
                return new double[] {x, y, z};
            }
        }
        return null;
    }

    private static void paintParticle(SpecimenOptions o, DensityMap t, PlacedParticle p, double ice, float[] excess, float[] strength, float[] labels) {
        int nx = o.nx(), ny = o.ny(), nz = o.nz();
        double[] a = p.rotation();
        double r = p.radiusA() / o.voxelSize() + 1;
        int tx = t.nx() / 2, ty = t.ny() / 2, tz = t.nz() / 2;
        double half = o.proteinPotentialV() / 2;
        for (int z = Math.max(0, (int) Math.floor(p.z() - r)); z <= Math.min(nz - 1, (int) Math.ceil(p.z() + r)); z++)
            for (int y = Math.max(0, (int) Math.floor(p.y() - r)); y <= Math.min(ny - 1, (int) Math.ceil(p.y() + r)); y++)
                for (int x = Math.max(0, (int) Math.floor(p.x() - r)); x <= Math.min(nx - 1, (int) Math.ceil(p.x() + r)); x++) {
                    double dx = x - p.x(), dy = y - p.y(), dz = z - p.z();
                    // template coordinates A^T d
                    double lx = a[0] * dx + a[3] * dy + a[6] * dz, ly = a[1] * dx + a[4] * dy + a[7] * dz, lz = a[2] * dx + a[5] * dy + a[8] * dz;
                    double val = t.sample(tx + lx, ty + ly, tz + lz);
                    if (val == 0) continue;
                    double occ = Math.min(1, Math.max(0, val / o.proteinPotentialV()));
                    double e = val - occ * ice;
                    int i = (z * ny + y) * nx + x;
                    excess[i] += (float) e;
                    if (val > half && e > strength[i]) {
                        strength[i] = (float) e;
                        labels[i] = p.classNumber();
                    }
                }
    }

    private static void paintVesicle(SpecimenOptions o, double[] c, double radiusA, float[] excess, float[] strength, float[] labels, int label) {
        int nx = o.nx(), ny = o.ny(), nz = o.nz();
        double v = o.voxelSize(), reach = (radiusA + o.membrane().halfWidthA()) / v + 1;
        double labelHalf = o.membrane().headSeparationA() / 2 + v / 2;
        for (int z = Math.max(0, (int) Math.floor(c[2] - reach)); z <= Math.min(nz - 1, (int) Math.ceil(c[2] + reach)); z++)
            for (int y = Math.max(0, (int) Math.floor(c[1] - reach)); y <= Math.min(ny - 1, (int) Math.ceil(c[1] + reach)); y++)
                for (int x = Math.max(0, (int) Math.floor(c[0] - reach)); x <= Math.min(nx - 1, (int) Math.ceil(c[0] + reach)); x++) {
                    double d = Math.sqrt((x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1]) + (z - c[2]) * (z - c[2])) * v;
                    double rho = d - radiusA;
                    if (Math.abs(rho) > o.membrane().halfWidthA() + v) continue;
                    double e = o.membrane().excess(rho, v);
                    int i = (z * ny + y) * nx + x;
                    excess[i] += (float) e;
                    if (Math.abs(rho) <= labelHalf && e > strength[i]) {
                        strength[i] = (float) e;
                        labels[i] = label;
                    }
                }
    }

    private static void paintGold(SpecimenOptions o, double[] c, double ice, float[] excess, float[] strength, float[] labels, int label) {
        int nx = o.nx(), ny = o.ny(), nz = o.nz(), s = 4;
        double r = o.fiducialRadiusA() / o.voxelSize(), reach = r + 1;
        for (int z = Math.max(0, (int) Math.floor(c[2] - reach)); z <= Math.min(nz - 1, (int) Math.ceil(c[2] + reach)); z++)
            for (int y = Math.max(0, (int) Math.floor(c[1] - reach)); y <= Math.min(ny - 1, (int) Math.ceil(c[1] + reach)); y++)
                for (int x = Math.max(0, (int) Math.floor(c[0] - reach)); x <= Math.min(nx - 1, (int) Math.ceil(c[0] + reach)); x++) {
                    int inside = 0;
                    for (int k = 0; k < s; k++)
                        for (int j = 0; j < s; j++)
                            for (int m = 0; m < s; m++) {
                                double dx = x + (m + 0.5) / s - 0.5 - c[0], dy = y + (j + 0.5) / s - 0.5 - c[1], dz = z + (k + 0.5) / s - 0.5 - c[2];
                                if (dx * dx + dy * dy + dz * dz <= r * r) inside++;
                            }
                    if (inside == 0) continue;
                    double occ = inside / (double) (s * s * s), e = occ * (o.goldPotentialV() - ice);
                    int i = (z * ny + y) * nx + x;
                    excess[i] += (float) e;
                    if (occ >= 0.5 && e > strength[i]) {
                        strength[i] = (float) e;
                        labels[i] = label;
                    }
                }
    }
}
