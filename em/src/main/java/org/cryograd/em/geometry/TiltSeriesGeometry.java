package org.cryograd.em.geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.io.XfTransform;

/**
 * The per-view geometry of a recorded tilt series: one {@link ViewGeometry} per section of the stack (in stack
 * order, excluded views included) and the pixel size of the stack.
 *
 * <p>{@link #ideal(double[])} is the geometry every method assumed so far (tilt axis along y through the centre, no
 * shifts, nothing excluded): a {@link Projector} built from it gives bit-identical results to one built from the
 * angles. Built from files by {@link TiltSeriesMetadata}.
 *
 * @param views     one entry per stack section
 * @param pixelSize Å per pixel of the stack, or NaN when unknown
 */
public record TiltSeriesGeometry(List<ViewGeometry> views, double pixelSize) {
    /** Validates and copies. */
    public TiltSeriesGeometry {
        Objects.requireNonNull(views, "TiltSeriesGeometry: views");
        if (views.isEmpty()) throw new IllegalArgumentException("TiltSeriesGeometry: no views");
        for (ViewGeometry v : views) Objects.requireNonNull(v, "TiltSeriesGeometry: a view is null");
        views = List.copyOf(views);
        if (!(Double.isNaN(pixelSize) || (pixelSize > 0 && Double.isFinite(pixelSize))))
            throw new IllegalArgumentException("TiltSeriesGeometry: pixel size must be positive or NaN (unknown), got " + pixelSize);
        if (views.stream().allMatch(ViewGeometry::excluded)) throw new IllegalArgumentException("TiltSeriesGeometry: every view is excluded");
    }

    /** The ideal geometry of these tilt angles (pixel size unknown). */
    public static TiltSeriesGeometry ideal(double... tiltsDeg) {
        List<ViewGeometry> v = new ArrayList<>();
        for (double t : tiltsDeg) v.add(ViewGeometry.ideal(t));
        return new TiltSeriesGeometry(v, Double.NaN);
    }

    /** The ideal geometry of a {@link TiltGeometry} about y. */
    public static TiltSeriesGeometry of(TiltGeometry g) {
        if (g.axis() != TiltAxis.Y) throw new IllegalArgumentException("TiltSeriesGeometry: only tilt axis y is supported, got " + g.axis());
        return ideal(g.anglesDeg());
    }

    /** Number of views in the stack (excluded ones too). */
    public int size() {
        return views.size();
    }

    /** View {@code i} (0-based stack section). */
    public ViewGeometry view(int i) {
        return views.get(i);
    }

    /** The 0-based stack sections that are not excluded, in stack order. */
    public int[] included() {
        int[] out = new int[views.size()];
        int n = 0;
        for (int i = 0; i < views.size(); i++) if (!views.get(i).excluded()) out[n++] = i;
        return Arrays.copyOf(out, n);
    }

    /** The tilt angles of the included views, in stack order. */
    public double[] includedTilts() {
        return Arrays.stream(included()).mapToDouble(i -> views.get(i).tiltDeg()).toArray();
    }

    /** The tilt angles of all views. */
    public double[] tilts() {
        return views.stream().mapToDouble(ViewGeometry::tiltDeg).toArray();
    }

    /** The included views as an ideal {@link TiltGeometry} about y (for wedge masks and directional FSC). */
    public TiltGeometry tiltGeometry() {
        return new TiltGeometry(includedTilts(), TiltAxis.Y);
    }

    /** Whether this is the ideal geometry: no view excluded and every view's transform the identity. */
    public boolean isIdeal() {
        for (ViewGeometry v : views) if (v.excluded() || !v.isIdentity()) return false;
        return true;
    }

    /** Whether any included view has a transform other than the identity. */
    public boolean hasAlignment() {
        for (int i : included()) if (!views.get(i).isIdentity()) return true;
        return false;
    }

    /** The largest absolute x-tilt of the included views, degrees. */
    public double maxXTilt() {
        double m = 0;
        for (int i : included()) m = Math.max(m, Math.abs(views.get(i).xTiltDeg()));
        return m;
    }

    /** The IMOD {@code .xf} lines of all views (see {@link ViewGeometry#toXf()}). */
    public List<XfTransform> toXf() {
        return views.stream().map(ViewGeometry::toXf).toList();
    }

    /** This geometry with another pixel size. */
    public TiltSeriesGeometry withPixelSize(double angstrom) {
        return new TiltSeriesGeometry(views, angstrom);
    }

    /** This geometry with view {@code i} replaced. */
    public TiltSeriesGeometry withView(int i, ViewGeometry v) {
        List<ViewGeometry> l = new ArrayList<>(views);
        l.set(i, v);
        return new TiltSeriesGeometry(l, pixelSize);
    }

    /**
     * This geometry with the given 0-based sections excluded (in addition to those already excluded).
     *
     * @throws IllegalArgumentException naming a section outside the stack, or if nothing would be left
     */
    public TiltSeriesGeometry withExcluded(int... sections) {
        List<ViewGeometry> l = new ArrayList<>(views);
        for (int s : sections) {
            if (s < 0 || s >= l.size()) throw new IllegalArgumentException("TiltSeriesGeometry: view " + s + " outside the stack's 0.." + (l.size() - 1));
            l.set(s, l.get(s).withExcluded(true));
        }
        return new TiltSeriesGeometry(l, pixelSize);
    }

    /** This geometry with every view included. */
    public TiltSeriesGeometry withNoExclusions() {
        return new TiltSeriesGeometry(views.stream().map(v -> v.withExcluded(false)).toList(), pixelSize);
    }

    /** This geometry with the in-plane alignment of every view reset to the identity. */
    public TiltSeriesGeometry withoutAlignment() {
        return new TiltSeriesGeometry(views.stream().map(v -> v.withAlignment(0, 1, 0, 0)).toList(), pixelSize);
    }
}
