package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The KL's ring buffer of codes, its checkpoint state, and {@link DualModel#codeStatistics}. */
class CodeMemoryTest {
    @Test
    void keepsTheLastCapacityRows() {
        CodeMemory m = new CodeMemory(3, 2);
        assertEquals(0, m.size());
        assertEquals(0, m.rows().length);
        m.push(new float[] {1, 1, 2, 2});
        assertArrayEquals(new float[] {1, 1, 2, 2}, m.rows());
        m.push(new float[] {3, 3, 4, 4}); // row 4 overwrites row 1
        assertEquals(3, m.size());
        assertArrayEquals(new float[] {4, 4, 2, 2, 3, 3}, m.rows());
        m.push(new float[] {5, 5, 6, 6, 7, 7, 8, 8}); // more than the capacity: the last 3 stay
        assertArrayEquals(new float[] {6, 6, 7, 7, 8, 8}, sortedRows(m.rows(), 2));
        m.clear();
        assertEquals(0, m.size());
        assertThrows(IllegalArgumentException.class, () -> m.push(new float[3]));
    }

    @Test
    void zeroCapacityHoldsNothingAndSavesNothing() {
        CodeMemory m = new CodeMemory(0, 4);
        m.push(new float[8]);
        assertEquals(0, m.size());
        assertTrue(m.stateDict().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new CodeMemory(-1, 4));
    }

    @Test
    void stateDictRestoresInPlaceAndRefusesCorruptState() {
        CodeMemory a = new CodeMemory(4, 2), b = new CodeMemory(4, 2);
        a.push(new float[] {1, 2, 3, 4, 5, 6});
        Map<String, Tensor> sa = a.stateDict(), sb = b.stateDict();
        assertEquals(List.of(CodeMemory.ROWS, CodeMemory.STATE), List.copyOf(sb.keySet()));
        for (String k : sa.keySet()) sb.get(k).copyFrom(sa.get(k)); // what Checkpoint.restoreModel does
        assertArrayEquals(a.rows(), b.rows());
        a.push(new float[] {7, 8});
        b.push(new float[] {7, 8});
        assertArrayEquals(a.rows(), b.rows());
        sb.get(CodeMemory.STATE).copyFrom(Tensor.of(new float[] {2, 3}, 2));
        assertThrows(IllegalStateException.class, b::size);
    }

    private static float[] sortedRows(float[] rows, int k) {
        float[][] r = new float[rows.length / k][];
        for (int i = 0; i < r.length; i++) r[i] = java.util.Arrays.copyOfRange(rows, i * k, i * k + k);
        java.util.Arrays.sort(r, (x, y) -> Float.compare(x[0], y[0]));
        float[] out = new float[rows.length];
        for (int i = 0; i < r.length; i++) System.arraycopy(r[i], 0, out, i * k, k);
        return out;
    }

    @Test
    void codeStatisticsAreTheEncodersMeanAndCovarianceOverPatches() {
        for (Augment flips : new Augment[] {Augment.NONE, Augment.WEDGE_PRESERVING}) checkCodeStatistics(flips);
    }

    @Test
    void flippedCodeStatisticsSeeFlippedPatches() {
        DualConfig c = Fixtures.tiny();
        DualModel model = new DualModel(c, new DualNetworks(c, new Rng(3)));
        List<Volume> vols = DualTrainerTest.volumes(4, 2, 18);
        CodeStatistics none = model.codeStatistics(vols, 11, new Rng(5)), flipped = model.codeStatistics(vols, 11, new Rng(5), Augment.WEDGE_PRESERVING);
        assertArrayEquals(none.mean(), model.codeStatistics(vols, 11, new Rng(5), Augment.NONE).mean(), "the three-argument form is NONE");
        double d = 0;
        for (int j = 0; j < c.codeSize(); j++) d = Math.max(d, Math.abs(none.mean()[j] - flipped.mean()[j]));
        assertTrue(d > 1e-6, "flipped patches give other codes (max mean difference " + d + ")");
    }

    private static void checkCodeStatistics(Augment flips) {
        DualConfig c = Fixtures.tiny();
        DualModel model = new DualModel(c, new DualNetworks(c, new Rng(3)));
        List<Volume> vols = DualTrainerTest.volumes(4, 2, 18);
        int n = 11, k = c.codeSize();
        CodeStatistics st = model.codeStatistics(vols, n, new Rng(5), flips);
        // independently: the same patches one at a time, moments as E[xxᵀ] − E[x]E[x]ᵀ scaled to 1/(n-1)
        Tensor patches = new PatchSampler(vols, vols, c.patchSize(), flips).noisy(n, new Rng(5));
        double[] sum = new double[k], sq = new double[k * k];
        for (int i = 0; i < n; i++) {
            int p3 = c.patchSize() * c.patchSize() * c.patchSize();
            float[] one = java.util.Arrays.copyOfRange(patches.toArray(), i * p3, (i + 1) * p3);
            float[] code = model.networks().encoder().forward(Tensor.of(one, 1, 1, c.patchSize(), c.patchSize(), c.patchSize())).toArray();
            for (int p = 0; p < k; p++) {
                sum[p] += code[p];
                for (int q = 0; q < k; q++) sq[p * k + q] += (double) code[p] * code[q];
            }
        }
        double[] mean = st.mean(), cov = st.covariance();
        double spread = 0;
        for (int p = 0; p < k; p++) {
            assertEquals(sum[p] / n, mean[p], 1e-5, "mean " + p);
            for (int q = 0; q < k; q++) {
                double e = (sq[p * k + q] - sum[p] * sum[q] / n) / (n - 1);
                assertEquals(e, cov[p * k + q], 1e-5 * Math.max(1, Math.abs(e)), "covariance " + p + "," + q);
                spread = Math.max(spread, Math.abs(e));
            }
        }
        assertEquals(n, st.count());
        assertTrue(spread > 1e-4, "the codes vary over the patches (covariance up to " + spread + ")");
    }
}
