package org.cryograd.em.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cryograd.em.eval.VolumeStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's volumes from the physics simulator, on a tiny box. */
class PhysicsCaseSourceTest {
    static Path templates() {
        for (String s : new String[] {"../../shared/templates", "../shared/templates"})
            if (Files.isRegularFile(Path.of(s, "1bxn.mrc"))) return Path.of(s);
        return null;
    }

    private static double correlation(float[] a, float[] b) {
        float[] x = VolumeStats.standardize(a), y = VolumeStats.standardize(b);
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s / x.length;
    }

    @Test
    void missingTemplatesAreNamed(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-templates");
        IOException e = assertThrows(IOException.class, () -> PhysicsCaseSource.load(SimDualBenchmarkOptions.quick(missing, 1)));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        IOException empty = assertThrows(IOException.class, () -> PhysicsCaseSource.load(SimDualBenchmarkOptions.quick(dir, 1)));
        assertTrue(empty.getMessage().contains(dir.toString()), empty.getMessage());
    }

    @Test
    void halvesAreIndependentNoisyCopiesOfTheTomogram() throws IOException {
        Path t = templates();
        assumeTrue(t != null, "../shared/templates (the density templates the simulator places) is absent");
        SimDualBenchmarkOptions o = SimDualBenchmarkOptions.quick(t, 1).withBox(32, 32, 16, 20, 3).withTilts(-60, 60, 6);
        PhysicsCaseSource src = PhysicsCaseSource.load(o);
        SimulatedCase c = src.simulate(11, true);
        int n = 32 * 32 * 16;
        assertEquals(n, c.tomogram().length);
        assertEquals(n, c.truth().length);
        assertEquals(c.specimen().particles().size(), c.particles().size());
        assertTrue(c.particles().size() >= 1);
        double re = correlation(c.even(), c.tomogram()), ro = correlation(c.odd(), c.tomogram()), eo = correlation(c.even(), c.odd());
        // each half carries half of the counts: it correlates with the full tomogram more than with the other half (independent noise)
        assertTrue(re > eo && ro > eo, "even-full " + re + ", odd-full " + ro + ", even-odd " + eo);
        assertTrue(eo > 0, "the halves share the signal: " + eo);
        assertNull(src.simulate(12, false).even(), "halves only when asked for");
        // the same specimen without CTF correction: another tomogram of the same truth
        SimulatedCase u = PhysicsCaseSource.load(o.withCtfCorrect(false)).simulate(11, false);
        assertEquals(-1, java.util.Arrays.mismatch(c.truth(), u.truth()), "same specimen");
        assertTrue(java.util.Arrays.mismatch(c.tomogram(), u.tomogram()) >= 0, "another reconstruction");
        assertNotNull(src.oracle(c, 99));
        assertTrue(correlation(src.oracle(c, 99), c.tomogram()) > eo * 0.5, "the oracle images the same specimen");
    }
}
