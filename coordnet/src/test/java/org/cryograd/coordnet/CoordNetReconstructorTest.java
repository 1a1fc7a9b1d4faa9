package org.cryograd.coordnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cryograd.em.geometry.Projector;
import org.cryograd.nn.train.Stage;
import org.cryograd.nn.train.StepReport;
import org.cryograd.nn.train.TrainingCancelledException;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoordNetReconstructorTest {
    private static final int NX = 24, NZ = 12;

    /** Small, fast settings: SIREN 3-32x3-1, 3 y-slices per chunk. */
    private static CnConfig small(int first, int other) {
        return CnConfig.paper().withHidden(32).withHiddenLayers(2).withSlicesPerChunk(3).withIterations(first, other);
    }

    private static final class Losses implements TrainingListener {
        final Map<Integer, List<Double>> perChunk = new ConcurrentHashMap<>();

        @Override
        public void step(Stage stage, StepReport report) {
            int chunk = stage.index(), iteration = (int) report.step() - 1;
            double loss = report.losses().get("total");
            List<Double> l = perChunk.computeIfAbsent(chunk, k -> new ArrayList<>());
            assertEquals(l.size(), iteration, "steps are reported in order");
            l.add(loss);
        }
    }

    @Test
    void reconstructionFitsTheProjectionsAndBeatsBackProjection() {
        int ny = 6;
        float[] truth = CnTestData.spheres(NX, ny, NZ);
        Projector p = CnTestData.projector(NX, NZ, 3);
        Tensor tilts = p.project(CnTestData.tensor(truth, NX, ny, NZ));
        Losses losses = new Losses();
        Tensor vol = new CoordNetReconstructor(small(150, 60)).reconstruct(p, tilts, null, losses);
        assertArrayEquals(new int[] {NZ, ny, NX}, vol.dims());
        assertEquals(2, losses.perChunk.size());
        List<Double> mid = losses.perChunk.get(1);
        assertEquals(150, mid.size());
        assertEquals(60, losses.perChunk.get(0).size());
        assertTrue(mid.get(149) < 0.2 * mid.get(0), "middle-chunk loss " + mid.get(0) + " -> " + mid.get(149));
        // the reprojection of the result matches the data: mean |P v - t| / range
        float[] t = tilts.toArray(), pv = p.project(vol).toArray();
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE, err = 0;
        for (float v : t) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        for (int i = 0; i < t.length; i++) err += Math.abs(pv[i] - t[i]);
        err /= t.length * (hi - lo);
        assertTrue(err < 0.2 * mid.get(0), "reprojection error " + err);
        double cn = CnTestData.pearson(truth, vol.toArray()), bp = CnTestData.pearson(truth, p.backproject(tilts).toArray());
        assertTrue(cn > bp + 0.05, "correlation with the truth: CN " + cn + ", back-projection " + bp);
    }

    @Test
    void chunksStitchWithoutSeams() {
        // Statistic: for each pair of adjacent y-slices, e(y) = mean over (z, x) of |L(v - truth)[y+1] - L(v - truth)[y]|,
        // the jump of the reconstruction error, where L is a 5x5 box average in the x-z plane (so the per-slice
        // missing-wedge noise does not hide a chunk-level offset). A seam is an excess jump where two networks meet; over
        // two seeds, the mean of e at the 3 chunk-boundary pairs must be at most 1.2 x its mean at the 8 pairs inside chunks.
        int ny = 12;
        float[] truth = CnTestData.spheres(NX, ny, NZ);
        Projector p = CnTestData.projector(NX, NZ, 3);
        Tensor tilts = p.project(CnTestData.tensor(truth, NX, ny, NZ));
        double boundary = 0, inside = 0;
        float[] v = null;
        for (long seed = 1; seed >= 0; seed--) {
            v = new CoordNetReconstructor(small(150, 60).withSeed(seed)).reconstruct(p, tilts).toArray();
            double[] e = jumpErrors(v, truth, ny);
            for (int y = 0; y + 1 < ny; y++) {
                if ((y + 1) % 3 == 0) boundary += e[y] / 6;
                else inside += e[y] / 16;
            }
        }
        assertTrue(boundary <= 1.2 * inside, "mean jump at chunk boundaries " + boundary + " vs inside chunks " + inside);
        // the statistic sees a seam: the seed-0 volume with chunk 2 brightened by 10% of the phantom's range fails it
        for (int z = 0; z < NZ; z++)
            for (int y = 6; y < 9; y++)
                for (int x = 0; x < NX; x++) v[(z * ny + y) * NX + x] += 0.1f;
        double[] e = jumpErrors(v, truth, ny);
        double b = (e[5] + e[8]) / 2, in = (e[0] + e[1] + e[3] + e[4] + e[6] + e[7] + e[9] + e[10]) / 8;
        assertTrue(b > 1.2 * in, "an offset chunk is detected: " + b + " vs " + in);
    }

    /** The statistic of {@link #chunksStitchWithoutSeams} for every adjacent pair {@code (y, y+1)}. */
    private static double[] jumpErrors(float[] v, float[] truth, int ny) {
        float[] d = new float[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i] - truth[i];
        double[] lp = new double[v.length];
        for (int z = 0; z < NZ; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < NX; x++) {
                    double s = 0;
                    int n = 0;
                    for (int zz = Math.max(0, z - 2); zz <= Math.min(NZ - 1, z + 2); zz++)
                        for (int xx = Math.max(0, x - 2); xx <= Math.min(NX - 1, x + 2); xx++) {
                            s += d[(zz * ny + y) * NX + xx];
                            n++;
                        }
                    lp[(z * ny + y) * NX + x] = s / n;
                }
        double[] e = new double[ny - 1];
        for (int y = 0; y + 1 < ny; y++) {
            double s = 0;
            for (int z = 0; z < NZ; z++)
                for (int x = 0; x < NX; x++) {
                    int a = (z * ny + y) * NX + x;
                    s += Math.abs(lp[a + NX] - lp[a]);
                }
            e[y] = s / (NZ * NX);
        }
        return e;
    }

    /** Stops the run by throwing from a progress callback. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super("stop");
        }
    }

    @Test
    void resumesFromFinishedChunksBitForBit(@TempDir Path dir) {
        int ny = 9;
        Projector p = CnTestData.projector(NX, NZ, 6);
        Tensor tilts = p.project(CnTestData.tensor(CnTestData.spheres(NX, ny, NZ), NX, ny, NZ));
        CoordNetReconstructor r = new CoordNetReconstructor(small(30, 12), 5);
        float[] reference = r.reconstruct(p, tilts).toArray();

        int[] finished = {0};
        assertThrows(Stop.class, () -> r.reconstruct(p, tilts, dir, new TrainingListener() {
            @Override
            public void finished(Stage stage) {
                int chunk = stage.index(), chunks = stage.count();
                if (++finished[0] == 2) throw new Stop();
            }
        }));
        assertTrue(Files.exists(dir.resolve("chunk-0001.safetensors")) && Files.exists(dir.resolve("chunk-0002.safetensors")));
        assertFalse(Files.exists(dir.resolve("chunk-0000.safetensors")));
        List<Integer> restored = new ArrayList<>(), trained = new ArrayList<>();
        float[] resumed = r.reconstruct(p, tilts, dir, new TrainingListener() {
            @Override
            public void restored(Stage stage) {
                int chunk = stage.index(), chunks = stage.count();
                restored.add(chunk);
            }

            @Override
            public void started(Stage stage) {
                int chunk = stage.index(), chunks = stage.count(), iterations = (int) stage.totalSteps();
                trained.add(chunk);
            }
        }).toArray();
        assertEquals(List.of(1, 2), restored);
        assertEquals(List.of(0), trained);
        assertArrayEquals(reference, resumed, 0f);
        // a finished directory: everything restored, same volume again
        assertArrayEquals(reference, r.reconstruct(p, tilts, dir, TrainingListener.NONE).toArray(), 0f);
    }

    @Test
    void resumesInsideAChunkBitForBit(@TempDir Path dir) {
        int ny = 9;
        Projector p = CnTestData.projector(NX, NZ, 6);
        Tensor tilts = p.project(CnTestData.tensor(CnTestData.spheres(NX, ny, NZ), NX, ny, NZ));
        CoordNetReconstructor r = new CoordNetReconstructor(small(30, 12).withFourierFeatures(8, 1.0), 5);
        float[] reference = r.reconstruct(p, tilts).toArray();
        // stop in the middle chunk at step 13: the partial checkpoint holds 10 steps; 10..12 are recomputed
        assertThrows(Stop.class, () -> r.reconstruct(p, tilts, dir, new TrainingListener() {
            @Override
            public void step(Stage stage, StepReport report) {
                int chunk = stage.index(), iteration = (int) report.step() - 1;
                double loss = report.losses().get("total");
                if (iteration == 13) throw new Stop();
            }
        }));
        assertTrue(Files.exists(dir.resolve("chunk-0001.partial.safetensors")));
        List<Integer> firstSteps = new ArrayList<>();
        float[] resumed = r.reconstruct(p, tilts, dir, new TrainingListener() {
            @Override
            public void step(Stage stage, StepReport report) {
                int chunk = stage.index(), iteration = (int) report.step() - 1;
                double loss = report.losses().get("total");
                if (chunk == 1 && firstSteps.isEmpty()) firstSteps.add(iteration);
            }
        }).toArray();
        assertEquals(List.of(10), firstSteps);
        assertFalse(Files.exists(dir.resolve("chunk-0001.partial.safetensors")), "partial checkpoint removed when the chunk finished");
        assertArrayEquals(reference, resumed, 0f);
    }

    /** A listener that asks to cancel stops both chunk threads before their next step; the run then resumes exactly. */
    @Test
    void aCancelRequestStopsTheRunWhichThenResumes(@TempDir Path dir) {
        int ny = 12;
        Projector p = CnTestData.projector(NX, NZ, 6);
        Tensor tilts = p.project(CnTestData.tensor(CnTestData.spheres(NX, ny, NZ), NX, ny, NZ));
        CnConfig c = small(20, 8).withParallelChunks(2);
        CoordNetReconstructor r = new CoordNetReconstructor(c, 5);
        float[] reference = r.reconstruct(p, tilts).toArray();
        java.util.concurrent.atomic.AtomicBoolean cancel = new java.util.concurrent.atomic.AtomicBoolean();
        Map<Integer, Integer> after = new ConcurrentHashMap<>();
        TrainingCancelledException e = assertThrows(TrainingCancelledException.class, () -> r.reconstruct(p, tilts, dir, new TrainingListener() {
            @Override
            public void step(Stage stage, StepReport report) {
                if (cancel.get()) after.merge(stage.index(), 1, Integer::sum);
                if (stage.index() == 3 && report.step() == 3) cancel.set(true);
            }

            @Override
            public boolean cancelRequested() {
                return cancel.get();
            }
        }));
        assertTrue(e.getMessage().contains("cancelled after step"), e.getMessage());
        assertTrue(after.values().stream().allMatch(n -> n <= 1), "each thread finishes at most the step it was in: " + after);
        assertArrayEquals(reference, r.reconstruct(p, tilts, dir, TrainingListener.NONE).toArray(), 0f);
    }

    @Test
    void parallelChunksGiveTheSameVolume(@TempDir Path dir) {
        int ny = 12; // 4 chunks: middle 2, then 3 to the right and 1, 0 to the left
        Projector p = CnTestData.projector(NX, NZ, 6);
        Tensor tilts = p.project(CnTestData.tensor(CnTestData.spheres(NX, ny, NZ), NX, ny, NZ));
        CnConfig c = small(20, 8);
        float[] one = new CoordNetReconstructor(c).reconstruct(p, tilts).toArray();
        Losses l = new Losses();
        float[] two = new CoordNetReconstructor(c.withParallelChunks(2)).reconstruct(p, tilts, null, l).toArray();
        assertEquals(4, l.perChunk.size());
        assertArrayEquals(one, two, 0f);

        // an interrupted sequential run resumed with two threads gives the same volume too
        int[] finished = {0};
        assertThrows(Stop.class, () -> new CoordNetReconstructor(c).reconstruct(p, tilts, dir, new TrainingListener() {
            @Override
            public void finished(Stage stage) {
                int chunk = stage.index(), chunks = stage.count();
                if (++finished[0] == 2) throw new Stop();
            }
        }));
        assertArrayEquals(one, new CoordNetReconstructor(c.withParallelChunks(2)).reconstruct(p, tilts, dir, TrainingListener.NONE).toArray(), 0f);
    }

    @Test
    void aFailureInOneDirectionStopsTheOther() {
        int ny = 12;
        Projector p = CnTestData.projector(NX, NZ, 6);
        Tensor tilts = p.project(CnTestData.tensor(CnTestData.spheres(NX, ny, NZ), NX, ny, NZ));
        Map<Integer, Integer> steps = new ConcurrentHashMap<>();
        // 4 chunks, middle 2: chunk 1 (then 0) and chunk 3 train at once. Chunk 1 fails only once chunk 3 has
        // stepped, so "chunk 3 stopped early" cannot pass because chunk 3 never ran; the wait is a hang guard only
        java.util.concurrent.CountDownLatch otherRan = new java.util.concurrent.CountDownLatch(1);
        Stop e = assertThrows(Stop.class, () -> new CoordNetReconstructor(small(10, 200).withParallelChunks(2)).reconstruct(p, tilts, null,
                new TrainingListener() {
                    @Override
                    public void step(Stage stage, StepReport report) {
                        int chunk = stage.index(), iteration = (int) report.step() - 1;
                        double loss = report.losses().get("total");
                        steps.merge(chunk, 1, Integer::sum);
                        if (chunk == 3) otherRan.countDown();
                        if (chunk == 1 && iteration == 3) {
                            try {
                                if (!otherRan.await(10, java.util.concurrent.TimeUnit.MINUTES)) throw new AssertionError("chunk 3 never ran alongside chunk 1");
                            } catch (InterruptedException ie) {
                                throw new AssertionError(ie);
                            }
                            throw new Stop();
                        }
                    }
                }));
        assertEquals("stop", e.getMessage());
        assertTrue(steps.getOrDefault(0, 0) == 0, "chunk 0 comes after chunk 1 in its direction");
        int other = steps.getOrDefault(3, 0);
        assertTrue(other >= 1 && other < 200, "the other direction ran and stopped early: " + steps);
    }

    @Test
    void wholeVolumeModeFitsAndResumes(@TempDir Path dir) {
        int ny = 6;
        float[] truth = CnTestData.spheres(NX, ny, NZ);
        Projector p = CnTestData.projector(NX, NZ, 3);
        Tensor tilts = p.project(CnTestData.tensor(truth, NX, ny, NZ));
        CoordNetReconstructor r = new CoordNetReconstructor(small(1, 1).withWholeVolume(3, 120).withGradientPenalty(0.1), 25);
        Losses l = new Losses();
        float[] reference = r.reconstruct(p, tilts, null, l).toArray();
        List<Double> losses = l.perChunk.get(0);
        assertEquals(120, losses.size());
        double early = losses.subList(0, 10).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double late = losses.subList(110, 120).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(late < 0.3 * early, "whole-volume loss " + early + " -> " + late);
        assertTrue(CnTestData.pearson(truth, reference) > CnTestData.pearson(truth, p.backproject(tilts).toArray()));

        assertThrows(Stop.class, () -> r.reconstruct(p, tilts, dir, new TrainingListener() {
            @Override
            public void step(Stage stage, StepReport report) {
                int chunk = stage.index(), iteration = (int) report.step() - 1;
                double loss = report.losses().get("total");
                if (iteration == 60) throw new Stop();
            }
        }));
        assertTrue(Files.exists(dir.resolve("whole.partial.safetensors")));
        assertArrayEquals(reference, r.reconstruct(p, tilts, dir, TrainingListener.NONE).toArray(), 0f);
    }

    @Test
    void slicesAreDrawnWithoutReplacement() {
        org.cryograd.tensor.Rng rng = new org.cryograd.tensor.Rng(4);
        int[] counts = new int[10];
        for (int k = 0; k < 2000; k++) {
            int[] s = CoordNetReconstructor.sampleSlices(rng, 10, 4);
            assertEquals(4, s.length);
            for (int i = 0; i < 4; i++) {
                if (i > 0) assertTrue(s[i] > s[i - 1], "sorted and distinct");
                counts[s[i]]++;
            }
        }
        // each index is drawn with probability 4/10: 800 of 2000, binomial sd ~22
        for (int c : counts) assertEquals(800, c, 110);
        assertArrayEquals(CoordNetReconstructor.sampleSlices(new org.cryograd.tensor.Rng(7), 10, 3),
                CoordNetReconstructor.sampleSlices(new org.cryograd.tensor.Rng(7), 10, 3));
    }

    @Test
    void lossIsTheScaledL1PlusTheSquaredGradientPenalty() {
        int ny = 3;
        Projector p = CnTestData.projector(5, 4, 30);
        org.cryograd.tensor.Rng rng = new org.cryograd.tensor.Rng(21);
        Tensor tilts = Tensor.rand(rng, p.views(), ny, 5).mul(3f).add(1f);
        CnProblem pb = new CnProblem(p, tilts, 0.7);
        float[] t = tilts.toArray();
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (float v : t) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertEquals(hi - lo, pb.scale, 1e-6);
        Tensor n = Tensor.randn(rng, 4, ny, 5);
        float[] nv = n.toArray(), pn = p.project(n).toArray();
        double l1 = 0;
        for (int i = 0; i < t.length; i++) l1 += Math.abs(pn[i] - t[i] / (hi - lo));
        l1 /= t.length;
        double sq = 0;
        for (int z = 0; z < 4; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < 5; x++) {
                    double c = nv[(z * ny + y) * 5 + x];
                    if (x + 1 < 5) sq += Math.pow(nv[(z * ny + y) * 5 + x + 1] - c, 2);
                    if (y + 1 < ny) sq += Math.pow(nv[(z * ny + y + 1) * 5 + x] - c, 2);
                    if (z + 1 < 4) sq += Math.pow(nv[((z + 1) * ny + y) * 5 + x] - c, 2);
                }
        Tensor target = pb.target(CnProblem.range(0, ny));
        assertEquals(l1 + 0.7 * sq / nv.length, pb.loss(n, target, true).item(), 1e-5);
        double sqNoY = 0;
        for (int z = 0; z < 4; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < 5; x++) {
                    double c = nv[(z * ny + y) * 5 + x];
                    if (x + 1 < 5) sqNoY += Math.pow(nv[(z * ny + y) * 5 + x + 1] - c, 2);
                    if (z + 1 < 4) sqNoY += Math.pow(nv[((z + 1) * ny + y) * 5 + x] - c, 2);
                }
        assertEquals(l1 + 0.7 * sqNoY / nv.length, pb.loss(n, target, false).item(), 1e-5);
        var g = org.cryograd.tensor.GradCheck.check(a -> pb.loss(a[0], target, true), 1e-3, 2e-3, 1e-2, n.requiresGrad());
        assertTrue(g.ok(), g.worst());
    }

    @Test
    void coordinatesUseTheGlobalY() {
        Projector p = CnTestData.projector(3, 2, 30);
        CnProblem pb = new CnProblem(p, Tensor.ones(p.views(), 5, 3), 0);
        float[] c = pb.coordsArray(new int[] {2, 4});
        assertEquals(2 * 2 * 3 * 3, c.length);
        // point (z=1, y=4, x=2) is the last: (x/2, y/4, z/1)
        assertArrayEquals(new float[] {1f, 1f, 1f}, java.util.Arrays.copyOfRange(c, c.length - 3, c.length));
        // point (z=0, y=2, x=1) is the second
        assertArrayEquals(new float[] {0.5f, 0.5f, 0f}, java.util.Arrays.copyOfRange(c, 3, 6));
        assertEquals(1f, pb.scale, "a constant tilt series keeps scale 1");
    }

    @Test
    void badInputsAndForeignCheckpointsAreRefused(@TempDir Path dir) {
        Projector p = CnTestData.projector(NX, NZ, 20);
        CoordNetReconstructor r = new CoordNetReconstructor(small(3, 2));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> r.reconstruct(p, Tensor.zeros(p.views(), 3, NX + 1)));
        assertTrue(shape.getMessage().contains("[" + p.views() + ", 3, " + (NX + 1) + "]"), shape.getMessage());
        float[] bad = new float[p.views() * 3 * NX];
        bad[5] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> r.reconstruct(p, Tensor.of(bad, p.views(), 3, NX)));

        Tensor tilts = Tensor.rand(new org.cryograd.tensor.Rng(1), p.views(), 3, NX);
        r.reconstruct(p, tilts, dir, TrainingListener.NONE);
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> new CoordNetReconstructor(small(3, 2).withSeed(5)).reconstruct(p, tilts, dir, TrainingListener.NONE));
        assertTrue(other.getMessage().contains("'config'"), other.getMessage());
        IllegalArgumentException data = assertThrows(IllegalArgumentException.class,
                () -> r.reconstruct(p, tilts.mul(2f), dir, TrainingListener.NONE));
        assertTrue(data.getMessage().contains("'tilts_sha256'"), data.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CoordNetReconstructor(small(3, 2), 0));
    }
}
