package org.cryograd.em.denoise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry: unique, well-formed names; every baseline has a reference test and a usable grid. */
class BaselinesTest {
    /** The classes holding reference tests ({@link ReferenceFor}); a new baseline's test class goes here. */
    private static final List<Class<?>> REFERENCE_TESTS = List.of(BaselineReferenceTest.class);

    @Test
    void namesAreUniqueAndFitFileNames() {
        List<String> names = Baselines.names();
        assertEquals(names.size(), new HashSet<>(names).size(), "repeated name in " + names);
        for (String n : names) {
            assertTrue(n.matches("[a-z0-9_]+"), n);
            // the benchmark's own rows: the raw input and the learned method
            assertFalse(n.equals("none") || n.equals("dual"), n + " is reserved");
        }
        for (Baseline<?> b : Baselines.ALL) {
            assertTrue(b.description().length() > 10 && !b.description().contains("\n"), b.name() + ": one-line description");
            assertEquals(b, Baselines.byName(b.name()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Baselines.byName("bm4d"));
        assertTrue(e.getMessage().contains(String.join(", ", names)), e.getMessage());
    }

    @Test
    void everyBaselineHasAReferenceTest() {
        Set<String> covered = new HashSet<>();
        for (Class<?> c : REFERENCE_TESTS)
            for (Method m : c.getDeclaredMethods()) {
                ReferenceFor r = m.getAnnotation(ReferenceFor.class);
                if (r == null) continue;
                assertNotNull(m.getAnnotation(Test.class), m + " is marked as a reference test but is not a @Test");
                assertTrue(Baselines.names().contains(r.value()), m + " names an unregistered baseline " + r.value());
                covered.add(r.value());
            }
        List<String> missing = new ArrayList<>(Baselines.names());
        missing.removeAll(covered);
        assertTrue(missing.isEmpty(), "baselines without a @ReferenceFor test: " + missing);
    }

    @Test
    void gridsAreNonEmptyDistinctAndDescribeTheirMembers() {
        for (Baseline<?> b : Baselines.ALL) checkGrid(b);
        // grids in intensity units scale with the input's std; Gaussian sigmas are in voxels
        assertEquals(2 * ((NonLocalMeans) Baselines.byName("nlm").grid(1).get(0)).h(), ((NonLocalMeans) Baselines.byName("nlm").grid(2).get(0)).h());
        assertEquals(Baselines.byName("gaussian").grid(1), Baselines.byName("gaussian").grid(3));
    }

    private static <D extends VolumeDenoiser> void checkGrid(Baseline<D> b) {
        List<D> grid = b.grid(1.0);
        assertFalse(grid.isEmpty(), b.name());
        assertEquals(grid.size(), new HashSet<>(grid).size(), b.name() + ": repeated grid member");
        Set<String> texts = new HashSet<>();
        for (D d : grid) texts.add(b.parameters(d));
        assertEquals(grid.size(), texts.size(), b.name() + ": two grid members print the same parameters " + texts);
        // every member runs on a small volume and keeps its shape
        float[] v = new float[6 * 7 * 8];
        for (int i = 0; i < v.length; i++) v[i] = (float) Math.sin(i * 0.37);
        assertEquals(v.length, grid.get(0).denoise(v, 6, 7, 8).length, b.name());
    }

    @Test
    void tuneReturnsTheBestMemberAndItsParameters() {
        float[] v = new float[8 * 8 * 8];
        for (int i = 0; i < v.length; i++) v[i] = (float) Math.cos(i * 1.3);
        // score = minus the distance of sigma from 2: the grid's 2.0 must win
        ParameterSearch.Tuned t = ParameterSearch.tune(new GaussianBaseline(), 1.0, v, 8, 8, 8, out -> {
            for (GaussianDenoiser g : new GaussianBaseline().grid(1))
                if (java.util.Arrays.equals(g.denoise(v, 8, 8, 8), out)) return -Math.abs(g.sigma() - 2);
            return Double.NaN;
        });
        assertEquals(new GaussianDenoiser(2.0), t.denoiser());
        assertEquals("sigma=2.0", t.parameters());
        assertEquals(0, t.score(), 0.0);
    }
}
