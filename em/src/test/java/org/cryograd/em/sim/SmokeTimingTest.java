package org.cryograd.em.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryograd.tensor.Rng;
import org.junit.jupiter.api.Test;

class SmokeTimingTest {
    @Test
    void run() throws Exception {
        Path dir = Path.of("../../shared/templates");
        if (!Files.isDirectory(dir)) dir = Path.of("../shared/templates");
        long t0 = System.nanoTime();
        SpecimenOptions so = SpecimenOptions.defaults();
        List<DensityMap> t = Templates.load(dir, Templates.STANDARD, so.voxelSize(), so.proteinPotentialV());
        long t1 = System.nanoTime();
        Specimen sp = SpecimenBuilder.build(so, t, new Rng(1), System.out::println);
        long t2 = System.nanoTime();
        TomogramSimulation sim = TomogramSimulator.run(sp, TiltScheme.defaults(), ImagingOptions.defaults().withEvenOdd(true), 1, System.out::println);
        long t3 = System.nanoTime();
        Path out = Files.createTempDirectory("simsmoke");
        SimulationFiles.writeTomogram(sim, out, "TS_01", "test");
        long t4 = System.nanoTime();
        System.out.printf("templates %.2f s, specimen %.2f s, imaging %.2f s, write %.2f s -> %s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, out);
    }
}
