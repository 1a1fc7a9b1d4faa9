package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The KL's ring buffer of encoder inputs, its checkpoint state, and {@link DualModel#codeStatistics}. */
class KlMemoryBufferTest {
    private static Tensor rows(float[] v, int k) {
        return Tensor.of(v, v.length / k, k);
    }

    private static float[] held(KlMemory m) {
        Tensor t = m.samples(Device.cpu());
        return t == null ? new float[0] : t.toArray();
    }

    @Test
    void keepsTheLastCapacityInputs() {
        KlMemory m = new KlMemory(3, 2);
        assertEquals(0, m.size());
        assertNull(m.samples(Device.cpu()), "empty: no inputs");
        m.push(rows(new float[] {1, 1, 2, 2}, 2));
        assertArrayEquals(new float[] {1, 1, 2, 2}, held(m));
        m.push(rows(new float[] {3, 3, 4, 4}, 2)); // row 4 overwrites row 1
        assertEquals(3, m.size());
        assertArrayEquals(new float[] {4, 4, 2, 2, 3, 3}, held(m));
        m.push(rows(new float[] {5, 5, 6, 6, 7, 7, 8, 8}, 2)); // more than the capacity: the last 3 stay
        assertArrayEquals(new float[] {6, 6, 7, 7, 8, 8}, sortedRows(held(m), 2));
        m.clear();
        assertEquals(0, m.size());
        assertThrows(IllegalArgumentException.class, () -> m.push(Tensor.zeros(3, 3)), "inputs of another shape");
    }

    @Test
    void holdsPatchesOfTheirShape() {
        KlMemory m = new KlMemory(4, 1, 2, 2, 2);
        Tensor p = Tensor.randn(new Rng(8), 3, 1, 2, 2, 2);
        m.push(p);
        Tensor s = m.samples(Device.cpu());
        assertEquals(p.shape(), s.shape());
        assertArrayEquals(p.toArray(), s.toArray());
        assertThrows(IllegalArgumentException.class, () -> m.push(Tensor.zeros(1, 1, 2, 2, 3)));
    }

    @Test
    void zeroCapacityHoldsNothingAndSavesNothing() {
        KlMemory m = new KlMemory(0, 4);
        m.push(Tensor.zeros(2, 4));
        assertEquals(0, m.size());
        assertTrue(m.stateDict().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new KlMemory(-1, 4));
        assertThrows(IllegalArgumentException.class, () -> new KlMemory(2, 4, 0));
    }

    @Test
    void stateDictRestoresInPlaceAndRefusesCorruptState() {
        KlMemory a = new KlMemory(4, 2), b = new KlMemory(4, 2);
        a.push(rows(new float[] {1, 2, 3, 4, 5, 6}, 2));
        Map<String, Tensor> sa = a.stateDict(), sb = b.stateDict();
        assertEquals(List.of(KlMemory.SAMPLES, KlMemory.STATE), List.copyOf(sb.keySet()));
        for (String k : sa.keySet()) sb.get(k).copyFrom(sa.get(k)); // what Checkpoint.restoreModel does
        assertArrayEquals(held(a), held(b));
        a.push(rows(new float[] {7, 8}, 2));
        b.push(rows(new float[] {7, 8}, 2));
        assertArrayEquals(held(a), held(b));
        sb.get(KlMemory.STATE).copyFrom(Tensor.of(new float[] {2, 3}, 2));
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
