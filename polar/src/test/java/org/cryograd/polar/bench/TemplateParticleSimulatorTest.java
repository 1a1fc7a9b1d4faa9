package org.cryograd.polar.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryograd.em.sim.DensityMap;
import org.cryograd.em.sim.MeanInnerPotential;
import org.cryograd.em.sim.Templates;
import org.cryograd.polar.sim.Setting;
import org.junit.jupiter.api.Test;

/** Images of the quick preset's geometry from the templates: 64 x 64, per-image SNR as asked, set structure. */
class TemplateParticleSimulatorTest {
    /** {@code ../shared/templates} from the module or the repository root; null when absent. */
    static Path templates() {
        for (String s : new String[] {"../../shared/templates", "../shared/templates"}) {
            Path p = Path.of(s);
            if (Files.isRegularFile(p.resolve("1bxn.mrc"))) return p;
        }
        return null;
    }

    @Test
    void quickPresetImagesAre64x64AtTheRequestedSnr() throws Exception {
        Path dir = templates();
        assumeTrue(dir != null, "../shared/templates (the density maps the benchmark projects) is absent");
        SimPolarBenchmarkOptions q = SimPolarBenchmarkOptions.quickPreset();
        List<DensityMap> maps = Templates.load(dir, List.of("1bxn", "3qm1"), q.pixelSize(), MeanInnerPotential.protein());
        TemplateParticleSimulator sim = new TemplateParticleSimulator(maps, TemplateParticleSimulator.Imaging.paper(q.imageSize(), q.pixelSize()));
        for (double snr : List.of(0.02, 0.1, 1.0)) {
            TemplateParticleSimulator.Sets s = sim.simulate(Setting.DIRECTIONAL, 4, q.setSize(), snr, 11);
            assertArrayEquals(new int[] {4, q.setSize(), 64, 64}, s.noisy().dims());
            assertArrayEquals(new int[] {4, q.setSize(), 64, 64}, s.clean().dims());
            float[] c = s.clean().toArray(), n = s.noisy().toArray();
            int px = 64 * 64;
            double ratio = 0;
            for (int i = 0; i < s.count(); i++) {
                double mc = 0, mn = 0;
                for (int j = 0; j < px; j++) {
                    mc += c[i * px + j];
                    mn += n[i * px + j] - c[i * px + j];
                }
                mc /= px;
                mn /= px;
                double vc = 0, vn = 0;
                for (int j = 0; j < px; j++) {
                    vc += (c[i * px + j] - mc) * (c[i * px + j] - mc);
                    double e = n[i * px + j] - c[i * px + j] - mn;
                    vn += e * e;
                }
                assertTrue(vc > 0, "image " + i + " has no signal");
                ratio += vc / vn / s.count();
            }
            // 64 images of 4096 noise samples: the mean ratio's relative error is about 0.3 %
            assertEquals(snr, ratio, 0.02 * snr, "SNR " + snr);
            // a directional set is one molecule
            for (int k = 0; k < 4; k++)
                for (int i = 1; i < q.setSize(); i++) assertEquals(s.molecules()[k * q.setSize()], s.molecules()[k * q.setSize() + i]);
        }
    }
}
