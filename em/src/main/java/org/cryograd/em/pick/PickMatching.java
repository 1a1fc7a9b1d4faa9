package org.cryograd.em.pick;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Precision, recall and F1 of picks against true positions. A pick and a true position may match when their
 * distance is at most {@code maxDistance}; each pick and each true position matches at most once. Matching is
 * greedy by distance: all admissible pairs sorted by increasing distance (ties by pick index, then truth index), a
 * pair is accepted when both are still free. (Greedy, not Hungarian: when the match radius is below half the minimum
 * distance between true positions and between picks, as in {@code DualBenchmark}, every pick and every true position
 * has at most one admissible partner, so the greedy matching is the maximum one.)
 */
public final class PickMatching {
    private PickMatching() {}

    /**
     * The matching and its scores.
     *
     * @param truePositives matched pairs
     * @param picks         number of picks
     * @param truths        number of true positions
     * @param pairs         the accepted pairs {@code [pickIndex, truthIndex]} in acceptance order
     */
    public record Result(int truePositives, int picks, int truths, List<int[]> pairs) {
        /** TP / picks (0 when there are no picks). */
        public double precision() {
            return picks == 0 ? 0 : (double) truePositives / picks;
        }

        /** TP / truths (0 when there are no true positions). */
        public double recall() {
            return truths == 0 ? 0 : (double) truePositives / truths;
        }

        /** Harmonic mean of precision and recall (0 when both are 0). */
        public double f1() {
            double p = precision(), r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /**
     * Matches {@code picks} to {@code truth}.
     *
     * @param maxDistance match radius in voxels
     */
    public static Result match(List<Pick> picks, List<Pick> truth, double maxDistance) {
        if (!(maxDistance >= 0)) throw new IllegalArgumentException("PickMatching.match: maxDistance must be >= 0, got " + maxDistance);
        double m2 = maxDistance * maxDistance;
        List<double[]> cand = new ArrayList<>();
        for (int i = 0; i < picks.size(); i++)
            for (int j = 0; j < truth.size(); j++) {
                double d2 = picks.get(i).distanceSquared(truth.get(j));
                if (d2 <= m2) cand.add(new double[] {d2, i, j});
            }
        cand.sort(Comparator.<double[]>comparingDouble(c -> c[0]).thenComparingDouble(c -> c[1]).thenComparingDouble(c -> c[2]));
        boolean[] pickUsed = new boolean[picks.size()], truthUsed = new boolean[truth.size()];
        List<int[]> pairs = new ArrayList<>();
        for (double[] c : cand) {
            int i = (int) c[1], j = (int) c[2];
            if (pickUsed[i] || truthUsed[j]) continue;
            pickUsed[i] = truthUsed[j] = true;
            pairs.add(new int[] {i, j});
        }
        return new Result(pairs.size(), picks.size(), truth.size(), List.copyOf(pairs));
    }
}
