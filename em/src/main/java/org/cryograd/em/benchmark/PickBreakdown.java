package org.cryograd.em.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.cryograd.em.pick.Pick;
import org.cryograd.em.pick.PickMatching;
import org.cryograd.em.synth.GrandModel;
import org.cryograd.em.synth.PlacedObject;

/**
 * Where one method's picks landed in the test grand model: for each particle class how many particles were found,
 * and for every unmatched pick which object it sits on. An F1 says how many; this says which particles a denoiser
 * loses and what its false positives are (a membrane rendered as beads, a fiducial, noise).
 *
 * <p>An unmatched pick is charged to the object whose bounding sphere, grown by the match distance, contains it
 * (the nearest surface when several do): a particle of some class (a second pick on it, or one just outside the match
 * radius), a vesicle (membrane or lumen) or a fiducial; a pick inside none is {@code background}.
 *
 * @param rows one per particle class (by class id), then {@code vesicle}, {@code fiducial}, {@code background}
 */
public record PickBreakdown(List<Row> rows) {
    /** Header of {@code picking_breakdown.csv} (each row prefixed by the method). */
    public static final String HEADER = "method,object,objects,mean_radius,matched,unmatched_picks";

    /**
     * One kind of object.
     *
     * @param object         {@code class<k>}, {@code vesicle}, {@code fiducial} or {@code background}
     * @param objects        how many the grand model has (0 for background)
     * @param meanRadius     mean bounding radius in voxels (NaN for background)
     * @param matched        particles of this class matched by a pick (0 for the other kinds)
     * @param unmatchedPicks picks charged to this kind without a match
     */
    public record Row(String object, int objects, double meanRadius, int matched, int unmatchedPicks) {}

    /** Copies the rows. */
    public PickBreakdown {
        rows = List.copyOf(rows);
    }

    /**
     * Breaks {@code match} down by object.
     *
     * @param model         the grand model the picks were matched against; its particles, in
     *                      {@link GrandModel#objects(PlacedObject.Kind)} order, are the matching's true positions
     * @param picks         the picks, in the matching's order
     * @param match         {@link PickMatching#match} of {@code picks} against the model's particle centres
     * @param matchDistance the match radius used
     */
    public static PickBreakdown of(GrandModel model, List<Pick> picks, PickMatching.Result match, double matchDistance) {
        List<PlacedObject> particles = model.objects(PlacedObject.Kind.PARTICLE);
        if (match.truths() != particles.size() || match.picks() != picks.size())
            throw new IllegalArgumentException("PickBreakdown: the matching has " + match.picks() + " picks and " + match.truths()
                    + " true positions, but there are " + picks.size() + " picks and " + particles.size() + " particles");
        TreeMap<Integer, int[]> classes = new TreeMap<>(); // class id -> {objects, matched, unmatched}
        TreeMap<Integer, double[]> radii = new TreeMap<>();
        for (PlacedObject p : particles) {
            classes.computeIfAbsent(p.classId(), k -> new int[3])[0]++;
            radii.computeIfAbsent(p.classId(), k -> new double[1])[0] += p.radius();
        }
        boolean[] matchedPick = new boolean[picks.size()];
        for (int[] pair : match.pairs()) {
            matchedPick[pair[0]] = true;
            classes.get(particles.get(pair[1]).classId())[1]++;
        }
        int vesicle = 0, fiducial = 0, background = 0;
        for (int i = 0; i < picks.size(); i++) {
            if (matchedPick[i]) continue;
            PlacedObject host = host(model.objects(), picks.get(i), matchDistance);
            if (host == null) background++;
            else switch (host.kind()) {
                case PARTICLE -> classes.get(host.classId())[2]++;
                case VESICLE -> vesicle++;
                case FIDUCIAL -> fiducial++;
            }
        }
        List<Row> rows = new ArrayList<>();
        classes.forEach((id, c) -> rows.add(new Row("class" + id, c[0], radii.get(id)[0] / c[0], c[1], c[2])));
        rows.add(kindRow("vesicle", model.objects(PlacedObject.Kind.VESICLE), vesicle));
        rows.add(kindRow("fiducial", model.objects(PlacedObject.Kind.FIDUCIAL), fiducial));
        rows.add(new Row("background", 0, Double.NaN, 0, background));
        return new PickBreakdown(rows);
    }

    /** The row of {@code object}. */
    public Row row(String object) {
        for (Row r : rows)
            if (r.object().equals(object)) return r;
        throw new IllegalArgumentException("PickBreakdown: no row '" + object + "'");
    }

    private static PlacedObject host(List<PlacedObject> objects, Pick p, double matchDistance) {
        PlacedObject best = null;
        double bestGap = Double.POSITIVE_INFINITY;
        for (PlacedObject o : objects) {
            double gap = Math.sqrt(o.distanceSquared(p.x(), p.y(), p.z())) - o.radius();
            if (gap <= matchDistance && gap < bestGap) {
                bestGap = gap;
                best = o;
            }
        }
        return best;
    }

    /** The row of a non-particle kind: its count, mean radius (NaN when there is none) and the picks charged to it. */
    private static Row kindRow(String name, List<PlacedObject> objects, int unmatchedPicks) {
        double r = objects.isEmpty() ? Double.NaN : objects.stream().mapToDouble(PlacedObject::radius).average().orElseThrow();
        return new Row(name, objects.size(), r, 0, unmatchedPicks);
    }
}
