package org.cryograd.em.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.cryograd.em.eval.VolumeStats;
import org.cryograd.io.MrcFile;
import org.cryograd.io.StarFile;
import org.cryograd.io.StarTable;
import org.cryograd.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grand models, simulated tomograms and the benchmark split. */
class SynthTest {
    private static final SynthConfig SMALL = SynthConfig.quick().withSize(40, 40, 20).withCounts(10, 1, 1);

    private static double corr(float[] a, float[] b) {
        float[] x = VolumeStats.standardize(a), y = VolumeStats.standardize(b);
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s / x.length;
    }

    @Test
    void objectsDoNotOverlapAndStayInside() {
        SynthConfig c = SynthConfig.quick();
        GrandModel m = GrandModelGenerator.generate(c, ParticleTemplate.random(c, new Rng(1)), new Rng(2));
        assertEquals(c.particles(), m.objects(PlacedObject.Kind.PARTICLE).size());
        assertEquals(c.vesicles(), m.objects(PlacedObject.Kind.VESICLE).size());
        assertEquals(c.fiducials(), m.objects(PlacedObject.Kind.FIDUCIAL).size());
        List<PlacedObject> all = m.objects();
        for (int i = 0; i < all.size(); i++) {
            PlacedObject a = all.get(i);
            if (a.kind() != PlacedObject.Kind.VESICLE) {
                assertTrue(a.x() >= a.radius() && a.x() <= c.nx() - 1 - a.radius(), "x inside: " + a);
                assertTrue(a.y() >= a.radius() && a.y() <= c.ny() - 1 - a.radius(), "y inside: " + a);
            }
            assertTrue(a.z() >= Math.min(a.radius(), (c.nz() - 1) / 2.0) - 1e-9 && a.z() <= c.nz() - 1 - Math.min(a.radius(), (c.nz() - 1) / 2.0) + 1e-9, "z inside: " + a);
            for (int j = 0; j < i; j++) {
                PlacedObject b = all.get(j);
                double d = Math.sqrt(a.distanceSquared(b.x(), b.y(), b.z()));
                assertTrue(d >= a.radius() + b.radius() + c.minGap() - 1e-9, a + " overlaps " + b);
            }
        }
        // every particle class occurs
        for (int k = 0; k < c.classes(); k++) {
            int cls = k;
            assertTrue(m.objects().stream().anyMatch(o -> o.classId() == cls), "class " + k);
        }
    }

    @Test
    void particleCentreIsItsCentreOfMass() {
        // one particle of each class alone in a big volume: the density's centre of mass is the recorded centre
        SynthConfig c = SynthConfig.quick().withSize(40, 40, 40).withCounts(1, 0, 0);
        List<ParticleTemplate> t = ParticleTemplate.random(c, new Rng(5));
        for (int k = 0; k < 3; k++) {
            GrandModel m = GrandModelGenerator.generate(c, t, new Rng(10 + k));
            double sx = 0, sy = 0, sz = 0, s = 0;
            float[] d = m.density();
            for (int z = 0; z < 40; z++)
                for (int y = 0; y < 40; y++)
                    for (int x = 0; x < 40; x++) {
                        double v = d[(z * 40 + y) * 40 + x];
                        s += v;
                        sx += v * x;
                        sy += v * y;
                        sz += v * z;
                    }
            PlacedObject p = m.objects().get(0);
            assertEquals(p.x(), sx / s, 0.05, "x of " + p);
            assertEquals(p.y(), sy / s, 0.05, "y of " + p);
            assertEquals(p.z(), sz / s, 0.05, "z of " + p);
        }
    }

    @Test
    void ctfInvertsContrastAndPhaseFlipRestoresIt() {
        GrandModel m = GrandModelGenerator.generate(SMALL, ParticleTemplate.random(SMALL, new Rng(1)), new Rng(3));
        // CTF(0) = -amplitude contrast < 0: without correction the tomogram is anti-correlated with the map
        double plain = corr(new TomogramSimulator(SMALL.withSnr(1e12).withCtf(0, false)).simulate(m.density(), new Rng(4)), m.density());
        double ctf = corr(new TomogramSimulator(SMALL.withSnr(1e12)).simulate(m.density(), new Rng(4)), m.density());
        double flipped = corr(new TomogramSimulator(SMALL.withSnr(1e12).withCtf(3, true)).simulate(m.density(), new Rng(4)), m.density());
        double noisy = corr(new TomogramSimulator(SMALL.withSnr(0.01).withCtf(0, false)).simulate(m.density(), new Rng(4)), m.density());
        assertTrue(plain > 0.7, "noiseless WBP without CTF: r = " + plain);
        assertTrue(ctf < -0.2, "with CTF: r = " + ctf);
        assertTrue(flipped > 0.2, "phase flipped: r = " + flipped);
        assertTrue(noisy > 0 && noisy < plain - 0.3, "SNR 0.01: r = " + noisy);
    }

    @Test
    void benchmarkIsSeededAndSplitLikeThePaper(@TempDir Path dir) throws Exception {
        SyntheticBenchmark a = SyntheticBenchmark.generate(SMALL, 7), b = SyntheticBenchmark.generate(SMALL, 7), c = SyntheticBenchmark.generate(SMALL, 8);
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(a.pair(i).tomogram(), b.pair(i).tomogram(), "pair " + i);
            assertEquals(a.pair(i).model().objects(), b.pair(i).model().objects());
        }
        assertFalse(Arrays.equals(a.pair(0).tomogram(), c.pair(0).tomogram()));
        assertFalse(Arrays.equals(a.pair(0).model().density(), a.pair(1).model().density()));
        for (int i = 0; i < 4; i++) {
            assertSame(a.pair(i).tomogram(), a.noisyDomain().get(i));
            assertSame(a.pair(4 + i).model().density(), a.cleanDomain().get(i));
        }
        assertSame(a.pair(9).tomogram(), a.testTomogram());
        assertSame(a.pair(9).model(), a.testTruth());

        a.write(dir);
        MrcFile t9 = MrcFile.read(dir.resolve("tomogram_9.mrc"));
        assertArrayEquals(new int[] {20, 40, 40}, t9.data().dims());
        assertArrayEquals(a.testTomogram(), t9.data().toArray());
        assertArrayEquals(a.pair(4).model().density(), MrcFile.read(dir.resolve("grand_model_4.mrc")).data().toArray());
        assertEquals(10.0, t9.header().voxelSize()[0], 1e-6);
        StarTable objects = StarFile.read(dir.resolve("objects_9.star")).block("objects").table();
        List<PlacedObject> truth = a.testTruth().objects();
        assertEquals(truth.size(), objects.rowCount());
        for (int i = 0; i < truth.size(); i++) {
            assertEquals(truth.get(i).x(), objects.getDouble(i, "rlnCoordinateX"), 0);
            assertEquals(truth.get(i).z(), objects.getDouble(i, "rlnCoordinateZ"), 0);
            assertEquals(truth.get(i).classNumber(SMALL.classes()), objects.getInt(i, "rlnClassNumber"));
        }
        assertTrue(Files.exists(dir.resolve("objects_0.star")));
    }

    @Test
    void configurationErrorsNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SynthConfig.quick().withSnr(0));
        assertTrue(e.getMessage().contains("snr"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TomogramSimulator(SMALL).simulate(new float[5], new Rng(1)));
        assertTrue(e.getMessage().contains("5 voxels"), e.getMessage());
        assertEquals(2.5, SynthConfig.quick().classRadius(0));
        assertEquals(5.0, SynthConfig.quick().classRadius(3));
    }
}
