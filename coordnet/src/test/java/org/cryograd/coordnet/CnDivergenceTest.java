package org.cryograd.coordnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cryograd.em.geometry.Projector;
import org.cryograd.nn.io.Checkpoint;
import org.cryograd.nn.optim.DivergedException;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconstruction stops at the first non-finite loss term or gradient and keeps the last good checkpoint. */
class CnDivergenceTest {
    private static final int NX = 24, NZ = 12, NY = 9; // 3 chunks of 3 y-slices; the middle one (chunk 2 of 3) trains first

    private static CoordNetReconstructor reconstructor() {
        return new CoordNetReconstructor(CnConfig.paper().withHidden(32).withHiddenLayers(2).withSlicesPerChunk(3).withIterations(30, 12), 5);
    }

    private static Projector projector() {
        return CnTestData.projector(NX, NZ, 6);
    }

    private static Tensor tilts(Projector p) {
        return p.project(CnTestData.tensor(CnTestData.spheres(NX, NY, NZ), NX, NY, NZ));
    }

    private static byte[] bytes(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aNaNLossTermStopsAtItsStepAndKeepsTheCheckpoint(@TempDir Path dir) throws IOException {
        Projector p = projector();
        CoordNetReconstructor r = reconstructor();
        Path partial = dir.resolve("chunk-0001.partial.safetensors");
        byte[][] atFailure = new byte[1][];
        r.lossHook = (terms, step) -> {
            if (step != 13) return terms;
            atFailure[0] = bytes(partial); // written after step 10
            Tensor nan = terms.projection().mul(Float.NaN);
            return new CnProblem.LossTerms(nan, terms.penalty(), terms.penalty() == null ? nan : nan.add(terms.penalty()));
        };
        DivergedException e = assertThrows(DivergedException.class, () -> r.reconstruct(p, tilts(p), dir, TrainingListener.NONE));
        assertTrue(e.getMessage().startsWith("step 13: loss term 'projection_l1' is NaN; chunk 2 of 3"), e.getMessage());
        assertTrue(e.getMessage().contains("the last good checkpoint " + partial + " is kept"), e.getMessage());
        assertEquals(13, e.step());
        assertArrayEquals(atFailure[0], bytes(partial), "the last good checkpoint is untouched");
        assertFalse(Files.exists(dir.resolve("chunk-0001.safetensors")), "no final checkpoint of the failed chunk");
        try (Checkpoint c = Checkpoint.load(partial)) { // loads: every tensor finite
            assertEquals(10, c.progress().step());
        }
    }

    @Test
    void aNaNGradientWithAFiniteLossStopsToo() {
        Projector p = projector();
        CoordNetReconstructor r = reconstructor();
        // 0 * sqrt(x - x): value 0, gradient 0 * Inf = NaN
        r.lossHook = (terms, step) -> step != 4 ? terms
                : new CnProblem.LossTerms(terms.projection(), terms.penalty(),
                        terms.total().add(terms.projection().sub(terms.projection()).sqrt().mul(0f)));
        DivergedException e = assertThrows(DivergedException.class, () -> r.reconstruct(p, tilts(p), null, TrainingListener.NONE));
        assertTrue(e.getMessage().matches("step 4: gradient of '[^']+' has \\d+ non-finite values? \\(.*NaN.*"), e.getMessage());
    }
}
