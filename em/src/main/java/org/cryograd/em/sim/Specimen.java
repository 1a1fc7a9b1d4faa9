package org.cryograd.em.sim;

import java.util.List;

/**
 * A built specimen: its potential and ground truth. Volumes are {@code [nz][ny][nx]} float arrays.
 *
 * @param options     what was asked for
 * @param classNames  particle classes in label order (label {@code i + 1} is {@code classNames.get(i)})
 * @param excess      potential above the background (ice or vacuum), V: molecules, membranes, gold; what the
 *                    projector integrates
 * @param potential   the total potential, V: {@code excess} plus ice and carbon (partial-volume voxels on the ice faces)
 * @param labels      0 background, 1..C particle classes, then {@link #membraneLabel()}, {@link #goldLabel()},
 *                    {@link #carbonLabel()}
 * @param particles   the placed macromolecules
 * @param vesicles    vesicles as {@code {x, y, z (voxels), radius (Å)}}
 * @param fiducials   gold beads as {@code {x, y, z (voxels), radius (Å)}}
 * @param contamination ice grains on the slab's surfaces as {@code {x, y, z (voxels, the centre may lie outside the
 *                    box), radius (Å)}}; projected analytically ({@link #contaminationProjection}), painted into
 *                    {@code potential} and {@code labels} only where they fall inside the box
 */
public record Specimen(SpecimenOptions options, List<String> classNames, float[] excess, float[] potential, float[] labels,
                       List<PlacedParticle> particles, List<double[]> vesicles, List<double[]> fiducials,
                       List<double[]> contamination) {
    /** The membrane label. */
    public int membraneLabel() {
        return classNames.size() + 1;
    }

    /** The gold label. */
    public int goldLabel() {
        return classNames.size() + 2;
    }

    /** The carbon label. */
    public int carbonLabel() {
        return classNames.size() + 3;
    }

    /** The ice-contamination label. */
    public int contaminationLabel() {
        return classNames.size() + 4;
    }

    /**
     * The projected potential (V·Å) of the ice-contamination grains along the ray through detector pixel
     * {@code (u, y)} at tilt {@code t}: the ice potential times the chord length of each sphere (grains that overlap
     * add). The ray is {@code p0 + s b} with {@code b = (-sin t, 0, cos t)} and {@code p0 = (U cos t, Y, U sin t)} in
     * voxels from the box centre {@code (n - 1)/2}.
     */
    public double contaminationProjection(double u, double y, double tiltDeg) {
        if (contamination.isEmpty()) return 0;
        SpecimenOptions o = options;
        double t = Math.toRadians(tiltDeg), c = Math.cos(t), s = Math.sin(t), v = o.voxelSize();
        double cx = (o.nx() - 1) / 2.0, cy = (o.ny() - 1) / 2.0, cz = (o.nz() - 1) / 2.0, uu = u - cx;
        double px = uu * c, py = y - cy, pz = uu * s, sum = 0;
        for (double[] g : contamination) {
            double wx = g[0] - cx - px, wy = g[1] - cy - py, wz = g[2] - cz - pz;
            double along = -wx * s + wz * c, d2 = wx * wx + wy * wy + wz * wz - along * along, r = g[3] / v;
            if (d2 < r * r) sum += 2 * Math.sqrt(r * r - d2) * v;
        }
        return o.icePotentialV() * sum;
    }

    /**
     * The projected background potential (V·Å) at detector position {@code u} (in voxels, the projector's
     * coordinate: {@code u = (x - cx) cos t + (z - cz) sin t + cx}, centres {@code (n - 1)/2}) for tilt {@code t}: the
     * ice slab, infinite in x and y, gives {@code V_ice * thickness / cos t}; a carbon film over
     * {@code x >= edge} replaces ice by carbon along the part of the ray inside it. Analytic, so the slab has no
     * box edges at high tilt.
     */
    public double backgroundProjection(double u, double tiltDeg) {
        SpecimenOptions o = options;
        double t = Math.toRadians(tiltDeg), c = Math.cos(t), s = Math.sin(t), v = o.voxelSize();
        double p = o.icePotentialV() * o.iceThicknessA() / c;
        if (!Double.isNaN(o.carbonEdgeA())) {
            double cx = (o.nx() - 1) / 2.0, h = o.carbonThicknessA() / v / 2;
            double xe = o.carbonEdgeA() / v - 0.5 - cx, uu = u - cx;
            // carbon: X >= xe and |Z| <= h on the ray X cos t + Z sin t = uu
            double lo = -h, hi = h;
            if (Math.abs(s) < 1e-12) {
                if (uu < xe * c) hi = lo;
            } else if (s > 0) {
                hi = Math.min(hi, (uu - xe * c) / s);
            } else {
                lo = Math.max(lo, (uu - xe * c) / s);
            }
            double len = Math.max(0, hi - lo) * v / c;
            p += (o.carbonPotentialV() - o.icePotentialV()) * len;
        }
        return p;
    }
}
