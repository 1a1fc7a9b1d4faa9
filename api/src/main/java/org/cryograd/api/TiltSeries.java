package org.cryograd.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A single-axis tilt series: its views as the sections of a {@link VolumeData} ({@code nz} = number of views), the tilt
 * angle of each view, and the thickness of the volume it was recorded from when that is known.
 *
 * <p>Geometry (as everywhere in cryograd): the tilt axis is y (the rows of each view run along it), the beam is along z,
 * and a voxel at {@code (x, z)} relative to the centre lands on the detector at {@code x cos t + z sin t} for a view at
 * angle {@code t}.
 *
 * @param views     the views, {@code [views][ny][nx]}; {@code voxelSize} is the pixel size in Å (0 unknown)
 * @param anglesDeg the tilt angle of each view in degrees, one per section of {@code views}
 * @param thickness the thickness in voxels of the volume the series shows, when recorded (by
 *                  {@link Simulate#tiltSeries}, or in an MRC label written by {@code cryograd simulate tilts}); 0 when
 *                  unknown
 */
public record TiltSeries(VolumeData views, double[] anglesDeg, int thickness) {
    /**
     * Checks that there is one finite angle per view, strictly between -90 and 90 degrees.
     *
     * @throws IllegalArgumentException naming the mismatch
     */
    public TiltSeries {
        if (views == null) throw new IllegalArgumentException("TiltSeries: views is null");
        if (anglesDeg == null) throw new IllegalArgumentException("TiltSeries: angles are null");
        if (anglesDeg.length != views.nz())
            throw new IllegalArgumentException(anglesDeg.length + " tilt angle" + (anglesDeg.length == 1 ? "" : "s") + " but the tilt series has " + views.nz()
                    + " view" + (views.nz() == 1 ? "" : "s") + " (sections); they must match");
        for (double a : anglesDeg)
            if (!(Math.abs(a) < 90)) throw new IllegalArgumentException("TiltSeries: tilt angle " + a + " is not strictly between -90 and 90 degrees");
        if (thickness < 0) throw new IllegalArgumentException("TiltSeries: thickness must be >= 0 (0: unknown), got " + thickness);
        anglesDeg = anglesDeg.clone();
    }

    /** A series whose thickness is unknown. */
    public TiltSeries(VolumeData views, double[] anglesDeg) {
        this(views, anglesDeg, 0);
    }

    /**
     * Reads a tilt series (an MRC stack, one view per section) and its IMOD {@code .tlt}/{@code .rawtlt} angles. The
     * thickness is taken from a {@code cryograd simulate tilts} label when the stack has one.
     *
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException if a file is malformed, the data hold a NaN or infinite value, or the counts of
     *                                  views and angles differ (the message names the files)
     */
    public static TiltSeries read(Path mrc, Path tlt) throws IOException {
        double[] angles = Mrc.angles(tlt);
        Mrc.Read r = Mrc.read(mrc, null);
        if (angles.length != r.volume().nz())
            throw new IllegalArgumentException(tlt + " has " + angles.length + " tilt angle" + (angles.length == 1 ? "" : "s") + " but " + mrc + " has "
                    + r.volume().nz() + " view" + (r.volume().nz() == 1 ? "" : "s") + " (sections); they must match");
        return new TiltSeries(r.volume(), angles, r.recordedThickness());
    }

    /**
     * Reads tilt angles from an IMOD {@code .tlt} or {@code .rawtlt} file (one angle in degrees per line).
     *
     * @throws IllegalArgumentException if the file is missing or malformed (the message names it)
     */
    public static double[] readAngles(Path tlt) throws IOException {
        return Mrc.angles(tlt);
    }

    /**
     * Angles {@code min, min + step, ...} up to {@code max} (reached when it lies on the step grid), in degrees.
     *
     * @throws IllegalArgumentException unless {@code -90 < min <= max < 90} and {@code step > 0}
     */
    public static double[] angleRange(double minDeg, double maxDeg, double stepDeg) {
        return new Simulate.TiltOptions(minDeg, maxDeg, stepDeg, 0, 1, "cpu").anglesDeg();
    }

    /** The tilt angles in degrees (a copy). */
    @Override
    public double[] anglesDeg() {
        return anglesDeg.clone();
    }

    /** The number of views. */
    public int viewCount() {
        return views.nz();
    }

    /**
     * Writes the views as a float32 MRC image stack (space group 0) with the thickness label {@code cryograd reconstruct}
     * reads, and the angles as an IMOD {@code .tlt} file; both atomically.
     */
    public void write(Path mrc, Path tlt) throws IOException {
        Mrc.writeTilts(mrc, this, java.util.List.of());
        Mrc.writeAngles(tlt, anglesDeg);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TiltSeries t && views.equals(t.views) && Arrays.equals(anglesDeg, t.anglesDeg) && thickness == t.thickness;
    }

    @Override
    public int hashCode() {
        return 31 * views.hashCode() + Arrays.hashCode(anglesDeg) + thickness;
    }

    @Override
    public String toString() {
        return "TiltSeries[" + views.nz() + " views of " + views.nx() + "x" + views.ny() + ", " + anglesDeg[0] + " to " + anglesDeg[anglesDeg.length - 1]
                + " degrees" + (thickness > 0 ? ", thickness " + thickness : "") + "]";
    }
}
