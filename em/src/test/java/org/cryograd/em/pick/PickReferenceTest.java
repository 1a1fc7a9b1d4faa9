package org.cryograd.em.pick;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.em.AuxFixtures;
import org.junit.jupiter.api.Test;

/** DoG response and picks against scipy/numpy, greedy matching against the numpy reference of the Python script. */
class PickReferenceTest {

    @Test
    void dogResponseMatchesScipyGaussians() {
        var in = AuxFixtures.get("dog/input");
        int[] d = in.dims();
        float[] r = new DogPicker(1.2, 1.6, 3, 6, DogPicker.Polarity.BRIGHT, 0).response(in.floats(), d[0], d[1], d[2]);
        double[] e = AuxFixtures.get("dog/response_1.2_1.6").values();
        for (int i = 0; i < e.length; i++) assertEquals(e[i], r[i], 2e-6, "voxel " + i);
        float[] dark = new DogPicker(1.2, 1.6, 3, 6, DogPicker.Polarity.DARK, 0).response(in.floats(), d[0], d[1], d[2]);
        for (int i = 0; i < e.length; i++) assertEquals(-r[i], dark[i], 0, "dark voxel " + i);
    }

    @Test
    void picksMatchNumpyMaximaAndSuppression() {
        var in = AuxFixtures.get("dog/input");
        int[] d = in.dims();
        List<Pick> picks = new DogPicker(1.2, 1.6, 3, 6, DogPicker.Polarity.BRIGHT, 0).pick(in.floats(), d[0], d[1], d[2]);
        var e = AuxFixtures.get("dog/picks_nms3_top6");
        assertEquals(e.dims()[0], picks.size());
        for (int i = 0; i < picks.size(); i++) {
            double[] v = e.values();
            Pick p = picks.get(i);
            assertEquals(v[i * 4], p.x(), 0, "pick " + i + " x");
            assertEquals(v[i * 4 + 1], p.y(), 0, "pick " + i + " y");
            assertEquals(v[i * 4 + 2], p.z(), 0, "pick " + i + " z");
            assertEquals(v[i * 4 + 3], p.score(), 1e-7, "pick " + i + " score");
        }
        for (int i = 0; i < picks.size(); i++)
            for (int j = 0; j < i; j++) assertTrue(picks.get(i).distanceSquared(picks.get(j)) >= 9, "NMS between " + i + " and " + j);
    }

    @Test
    void darkPolarityFindsDarkBlobs() {
        // one dark Gaussian blob (sigma 1.5) at (x, y, z) = (9, 6, 5) on a flat background
        int nz = 11, ny = 13, nx = 17;
        float[] v = new float[nz * ny * nx];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                    v[(z * ny + y) * nx + x] = (float) (1 - Math.exp(-((x - 9) * (x - 9) + (y - 6) * (y - 6) + (z - 5) * (z - 5)) / 4.5));
        Pick p = new DogPicker(1.2, 1.1, 4, 1, DogPicker.Polarity.DARK, 2).pick(v, nz, ny, nx).get(0);
        assertEquals(9, p.x());
        assertEquals(6, p.y());
        assertEquals(5, p.z());
    }

    private static List<Pick> points(double[] v) {
        List<Pick> out = new ArrayList<>();
        for (int i = 0; i < v.length; i += 3) out.add(Pick.at(v[i], v[i + 1], v[i + 2]));
        return out;
    }

    @Test
    void matchingMatchesNumpyGreedy() {
        List<Pick> picks = points(AuxFixtures.get("match/picks").values()), truth = points(AuxFixtures.get("match/truth").values());
        for (double r : new double[] {1.5, 3.0}) {
            PickMatching.Result m = PickMatching.match(picks, truth, r);
            double[] s = AuxFixtures.get("match/scores_r" + r).values();
            double[] pairs = AuxFixtures.get("match/pairs_r" + r).values();
            assertEquals((int) s[0], m.truePositives(), "TP at r " + r);
            assertEquals(s[1], m.precision(), 1e-15);
            assertEquals(s[2], m.recall(), 1e-15);
            assertEquals(s[3], m.f1(), 1e-15);
            for (int k = 0; k < m.pairs().size(); k++) {
                assertEquals(pairs[2 * k], m.pairs().get(k)[0], "pair " + k + " pick");
                assertEquals(pairs[2 * k + 1], m.pairs().get(k)[1], "pair " + k + " truth");
            }
        }
    }

    @Test
    void matchingIsOneToOne() {
        // two picks near one particle: one TP, one FP; precision 1/2, recall 1, F1 2/3
        PickMatching.Result m = PickMatching.match(List.of(Pick.at(0, 0, 0), Pick.at(0.5, 0, 0)), List.of(Pick.at(0.4, 0, 0)), 1);
        assertEquals(1, m.truePositives());
        assertEquals(1, m.pairs().get(0)[0]);
        assertEquals(2.0 / 3, m.f1(), 1e-15);
        assertEquals(0, PickMatching.match(List.of(), List.of(Pick.at(0, 0, 0)), 1).f1());
        assertThrows(IllegalArgumentException.class, () -> PickMatching.match(List.of(), List.of(), -1));
    }
}
