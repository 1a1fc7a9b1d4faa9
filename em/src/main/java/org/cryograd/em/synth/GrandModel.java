package org.cryograd.em.synth;

import java.util.List;

/**
 * A noise-free structural density map with its annotation.
 *
 * @param density voxels {@code [nz, ny, nx]}, row-major (x fastest)
 * @param nz      thickness
 * @param ny      height
 * @param nx      width
 * @param objects every placed object: particles, vesicles and fiducials with classes and centres
 */
public record GrandModel(float[] density, int nz, int ny, int nx, List<PlacedObject> objects) {

    /** Checks the size. */
    public GrandModel {
        if ((long) nz * ny * nx != density.length)
            throw new IllegalArgumentException("GrandModel: " + density.length + " voxels for shape [" + nz + ", " + ny + ", " + nx + "]");
        objects = List.copyOf(objects);
    }

    /** Only the objects of one kind. */
    public List<PlacedObject> objects(PlacedObject.Kind kind) {
        return objects.stream().filter(o -> o.kind() == kind).toList();
    }

    /** The particle centres as {@code [i][x, y, z]} (the picking ground truth). */
    public double[][] particleCentres() {
        return objects(PlacedObject.Kind.PARTICLE).stream().map(o -> new double[] {o.x(), o.y(), o.z()}).toArray(double[][]::new);
    }
}
