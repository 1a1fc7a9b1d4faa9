package org.cryograd.em.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A tilt scheme: the angles from {@code minDeg} to {@code maxDeg} by {@code stepDeg} (as
 * {@code TiltGeometry.range}) and the order the microscope takes them in, each view getting the same dose.
 * <ul>
 *   <li>{@link Kind#DOSE_SYMMETRIC} (Hagen, Wan &amp; Briggs, J. Struct. Biol. 197 (2017) 191): the start angle,
 *       then {@code groupSize} views on the positive side, {@code groupSize} on the negative side, alternating,
 *       each side moving away from the start.</li>
 *   <li>{@link Kind#BIDIRECTIONAL}: from the start angle up to {@code maxDeg}, then from the first angle below
 *       the start down to {@code minDeg} (start at {@code minDeg} for a unidirectional series).</li>
 * </ul>
 *
 * @param kind          the order
 * @param minDeg        lowest angle, degrees
 * @param maxDeg        highest angle, degrees
 * @param stepDeg       increment, degrees (> 0)
 * @param startDeg      first angle taken (the angle of the grid nearest to it is used)
 * @param groupSize     views per side and turn of the dose-symmetric scheme (>= 1)
 * @param totalDose     total dose of the series, e/Å² (each view gets {@code totalDose / views})
 */
public record TiltScheme(Kind kind, double minDeg, double maxDeg, double stepDeg, double startDeg, int groupSize, double totalDose) {
    /** The acquisition order. */
    public enum Kind {
        /** Hagen's dose-symmetric scheme. */
        DOSE_SYMMETRIC,
        /** Start angle to one end, then the other side. */
        BIDIRECTIONAL;

        /** Parses {@code dose-symmetric} / {@code bidirectional} (any case, '-' or '_'). */
        public static Kind parse(String s) {
            String t = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (Kind k : values()) if (k.name().equals(t)) return k;
            throw new IllegalArgumentException("unknown tilt scheme '" + s + "'; choose dose-symmetric or bidirectional");
        }
    }

    /**
     * One view.
     *
     * @param index      position in the stack (angles ascending)
     * @param angleDeg   tilt angle, degrees
     * @param order      acquisition order (0 = first exposed)
     * @param priorDose  dose received before this view, e/Å²
     * @param dose       this view's dose, e/Å²
     */
    public record View(int index, double angleDeg, int order, double priorDose, double dose) {
        /** The dose at the middle of this view's exposure, e/Å² (what the exposure filter uses). */
        public double midDose() {
            return priorDose + dose / 2;
        }
    }

    /** Validates. */
    public TiltScheme {
        if (kind == null) throw new IllegalArgumentException("TiltScheme: kind is null");
        if (!(stepDeg > 0) || Double.isInfinite(stepDeg)) throw new IllegalArgumentException("TiltScheme: step must be > 0 degrees, got " + stepDeg);
        if (!(minDeg <= maxDeg) || Math.abs(minDeg) >= 90 || Math.abs(maxDeg) >= 90)
            throw new IllegalArgumentException("TiltScheme: need -90 < min <= max < 90 degrees, got " + minDeg + ", " + maxDeg);
        if (!Double.isFinite(startDeg)) throw new IllegalArgumentException("TiltScheme: start angle must be finite");
        if (groupSize < 1) throw new IllegalArgumentException("TiltScheme: group size must be >= 1, got " + groupSize);
        if (!(totalDose > 0) || Double.isInfinite(totalDose)) throw new IllegalArgumentException("TiltScheme: total dose must be > 0 e/Å², got " + totalDose);
    }

    /** Dose-symmetric, -60..60 by 3 degrees from 0 in groups of 2, 120 e/Å² in all (3 e/Å² per view). */
    public static TiltScheme defaults() {
        return new TiltScheme(Kind.DOSE_SYMMETRIC, -60, 60, 3, 0, 2, 123);
    }

    /** The angles in ascending order (the stack order). */
    public double[] anglesDeg() {
        int n = (int) Math.floor((maxDeg - minDeg) / stepDeg + 1e-9) + 1;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = minDeg + i * stepDeg;
        return a;
    }

    /** The views in stack order (ascending angle), with acquisition order and doses. */
    public List<View> views() {
        double[] a = anglesDeg();
        int n = a.length, start = 0;
        for (int i = 1; i < n; i++) if (Math.abs(a[i] - startDeg) < Math.abs(a[start] - startDeg)) start = i;
        List<Integer> order = new ArrayList<>();
        order.add(start);
        if (kind == Kind.BIDIRECTIONAL) {
            for (int i = start + 1; i < n; i++) order.add(i);
            for (int i = start - 1; i >= 0; i--) order.add(i);
        } else {
            int up = start + 1, down = start - 1;
            while (up < n || down >= 0) {
                for (int g = 0; g < groupSize && up < n; g++) order.add(up++);
                for (int g = 0; g < groupSize && down >= 0; g++) order.add(down--);
            }
        }
        double dose = totalDose / n;
        View[] out = new View[n];
        for (int k = 0; k < n; k++) {
            int i = order.get(k);
            out[i] = new View(i, a[i], k, k * dose, dose);
        }
        return Arrays.asList(out);
    }
}
