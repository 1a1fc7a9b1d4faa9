package org.cryograd.em.synth;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.em.phantom.Phantoms;
import org.cryograd.tensor.Rng;

/**
 * Packs a grand model: vesicles first (biggest objects), then fiducials, then particles of the classes in turn, each
 * at a uniform random position where its bounding sphere keeps {@link SynthConfig#minGap()} from every other
 * object's and lies inside the volume (vesicles may reach out through the x/y faces but not through z), with a
 * uniform random rotation. An object that finds no place in 2000 tries is skipped (the model records what was
 * placed). Densities: particle blobs peak near 1, membranes {@code 0.8}, fiducials {@link SynthConfig#fiducialDensity()};
 * overlapping blobs of one molecule add.
 */
public final class GrandModelGenerator {
    private static final int TRIES = 2000;
    private static final double MEMBRANE_DENSITY = 0.8;

    private GrandModelGenerator() {}

    /**
     * Generates one grand model.
     *
     * @param config    sizes and counts
     * @param templates one template per class ({@link ParticleTemplate#random})
     * @param rng       placement and rotations
     */
    public static GrandModel generate(SynthConfig config, List<ParticleTemplate> templates, Rng rng) {
        if (templates.size() != config.classes())
            throw new IllegalArgumentException("GrandModelGenerator: " + templates.size() + " templates for " + config.classes() + " classes");
        int nx = config.nx(), ny = config.ny(), nz = config.nz();
        float[] vol = new float[config.voxels()];
        List<PlacedObject> placed = new ArrayList<>();
        for (int i = 0; i < config.vesicles(); i++) {
            double r = Geometry.uniform(rng, config.minVesicleRadius(), config.maxVesicleRadius());
            double[] c = findPlace(config, placed, r, 3 * config.membraneWidth(), true, rng);
            if (c == null) continue;
            placed.add(new PlacedObject(PlacedObject.Kind.VESICLE, -1, c[0], c[1], c[2], r + 3 * config.membraneWidth()));
            renderShell(vol, nz, ny, nx, c, r, config.membraneWidth());
        }
        for (int i = 0; i < config.fiducials(); i++) {
            double r = config.fiducialRadius();
            double[] c = findPlace(config, placed, r + 1, 0, false, rng);
            if (c == null) continue;
            placed.add(new PlacedObject(PlacedObject.Kind.FIDUCIAL, -1, c[0], c[1], c[2], r + 1));
            renderBall(vol, nz, ny, nx, c, r, config.fiducialDensity());
        }
        for (int i = 0; i < config.particles(); i++) {
            int cls = i % config.classes();
            ParticleTemplate t = templates.get(cls);
            double[] c = findPlace(config, placed, t.radius(), 0, false, rng);
            if (c == null) continue;
            double[] rot = Phantoms.randomRotation(rng);
            placed.add(new PlacedObject(PlacedObject.Kind.PARTICLE, cls, c[0], c[1], c[2], t.radius()));
            renderParticle(vol, nz, ny, nx, c, rot, t);
        }
        return new GrandModel(vol, nz, ny, nx, placed);
    }

    private static double[] findPlace(SynthConfig config, List<PlacedObject> placed, double r, double extra, boolean mayCrossXy, Rng rng) {
        double bound = r + extra;
        for (int k = 0; k < TRIES; k++) {
            double lx = mayCrossXy ? 0 : bound, ly = mayCrossXy ? 0 : bound;
            double x = Geometry.uniform(rng, lx, config.nx() - 1 - lx);
            double y = Geometry.uniform(rng, ly, config.ny() - 1 - ly);
            double zlo = Math.min(bound, (config.nz() - 1) / 2.0);
            double z = Geometry.uniform(rng, zlo, config.nz() - 1 - zlo);
            boolean free = true;
            for (PlacedObject o : placed) {
                double d = bound + o.radius() + config.minGap();
                if (o.distanceSquared(x, y, z) < d * d) {
                    free = false;
                    break;
                }
            }
            if (free) return new double[] {x, y, z};
        }
        return null;
    }

    private static void renderParticle(float[] vol, int nz, int ny, int nx, double[] c, double[] rot, ParticleTemplate t) {
        for (int b = 0; b < t.blobs(); b++) {
            double[] o = t.offsets()[b];
            double bx = c[0] + rot[0] * o[0] + rot[1] * o[1] + rot[2] * o[2];
            double by = c[1] + rot[3] * o[0] + rot[4] * o[1] + rot[5] * o[2];
            double bz = c[2] + rot[6] * o[0] + rot[7] * o[1] + rot[8] * o[2];
            double s = t.sigmas()[b], reach = 3 * s, inv = -0.5 / (s * s);
            for (int z = lo(bz, reach); z <= hi(bz, reach, nz); z++)
                for (int y = lo(by, reach); y <= hi(by, reach, ny); y++)
                    for (int x = lo(bx, reach); x <= hi(bx, reach, nx); x++) {
                        double d2 = (x - bx) * (x - bx) + (y - by) * (y - by) + (z - bz) * (z - bz);
                        if (d2 <= reach * reach) vol[(z * ny + y) * nx + x] += (float) (t.amps()[b] * Math.exp(d2 * inv));
                    }
        }
    }

    private static void renderShell(float[] vol, int nz, int ny, int nx, double[] c, double r, double w) {
        double reach = r + 3 * w, inv = -0.5 / (w * w);
        for (int z = lo(c[2], reach); z <= hi(c[2], reach, nz); z++)
            for (int y = lo(c[1], reach); y <= hi(c[1], reach, ny); y++)
                for (int x = lo(c[0], reach); x <= hi(c[0], reach, nx); x++) {
                    double d = Math.sqrt((x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1]) + (z - c[2]) * (z - c[2])) - r;
                    if (Math.abs(d) <= 3 * w) vol[(z * ny + y) * nx + x] += (float) (MEMBRANE_DENSITY * Math.exp(d * d * inv));
                }
    }

    /** A ball with a soft (logistic, 0.3-voxel) edge. */
    private static void renderBall(float[] vol, int nz, int ny, int nx, double[] c, double r, double density) {
        double reach = r + 2;
        for (int z = lo(c[2], reach); z <= hi(c[2], reach, nz); z++)
            for (int y = lo(c[1], reach); y <= hi(c[1], reach, ny); y++)
                for (int x = lo(c[0], reach); x <= hi(c[0], reach, nx); x++) {
                    double d = Math.sqrt((x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1]) + (z - c[2]) * (z - c[2]));
                    vol[(z * ny + y) * nx + x] += (float) (density / (1 + Math.exp((d - r) / 0.3)));
                }
    }

    private static int lo(double c, double reach) {
        return Math.max(0, (int) Math.ceil(c - reach));
    }

    private static int hi(double c, double reach, int n) {
        return Math.min(n - 1, (int) Math.floor(c + reach));
    }
}
