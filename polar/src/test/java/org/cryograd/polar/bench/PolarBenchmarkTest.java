package org.cryograd.polar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryograd.em.benchmark.MethodResult;
import org.cryograd.em.benchmark.ResultsTable;
import org.cryograd.polar.Interpolation;
import org.cryograd.polar.model.PolarModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolarBenchmarkTest {
    @Test
    void writesTheResultTableAndDownstreamFsc(@TempDir Path dir) throws IOException {
        PolarBenchmarkOptions o = new PolarBenchmarkOptions(true, 16, 4, List.of(0.5), new PolarModelConfig(16, 8, 1, 1, 3, 2, 2, 1,
                Interpolation.bilinear()), 3, 4, 8, 2, 2, 2, 1e-3, 16, true, 64, 5);
        PolarBenchmark.Result r = PolarBenchmark.run(o, dir, null);
        List<String> lines = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals("method,setting,snr,rel_mse", lines.get(0));
        assertEquals(1 + 2 * 6, lines.size());
        for (String m : new String[] {"none", "wiener", "dncnn", "dncnn_direct", "polar_cnn", "polar_transformer"})
            for (String s : new String[] {"directional", "mixed"}) assertTrue(Double.isFinite(r.relMse(m, s, 0.5)), m + " " + s);
        // 'none' is the noisy input: noise variance var(clean) / SNR is set from the test images' own variance, so its
        // relative MSE is (1/SNR) * mean(n^2) * var / (var + mean^2). Over 16 images of 16x16 mean(n^2) has relative sd
        // sqrt(2 / 4096) = 2.2 %, and the CTF (amplitude contrast 0.1) leaves the images' mean ~1 % of their power:
        // 5 sd plus that is 12 %
        for (String s : new String[] {"directional", "mixed"}) assertEquals(2.0, r.relMse("none", s, 0.5), 0.24, s);
        // the learned models train for 2 steps here, which guarantees no improvement, so only the values reported are
        // checked (finite above, and the table's rows equal the result's)
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertEquals(r.relMse(f[0], f[1], 0.5), Double.parseDouble(f[3]), 1e-5 * r.relMse(f[0], f[1], 0.5), line);
        }
        assertTrue(r.relMse("wiener", "directional", 0.5) < r.relMse("none", "directional", 0.5));
        List<String> fsc = Files.readAllLines(dir.resolve("fsc_downstream.csv"));
        assertEquals("method,shell,frequency,fsc", fsc.get(0));
        assertEquals(7, r.downstream().size());
        assertTrue(Files.exists(dir.resolve("fsc_summary.csv")));
        assertTrue(Files.exists(dir.resolve("models/polar_transformer_mixed_snr0.5/model.safetensors")));
        // the long table: 2 settings x 6 methods (rel_mse + 2 timings), then 7 downstream sources (3 metrics + 2 timings)
        List<String> lng = Files.readAllLines(dir.resolve(ResultsTable.FILE));
        assertEquals(ResultsTable.HEADER, lng.get(0));
        assertEquals(1 + 2 * 6 * 3 + 7 * 5, lng.size());
        assertEquals("polar,none,directional_snr0.5,5,rel_mse," + r.relMse("none", "directional", 0.5), lng.get(1));
        assertTrue(lng.get(2).startsWith("polar,none,directional_snr0.5,5,prepare_seconds,"), lng.get(2));
        assertTrue(lng.contains("polar,none,downstream_directional_snr0.5,5,resolution_fsc05_A," + r.downstream().get(1).fsc().resolution05()), lng.toString());
        assertEquals(2 * 6 + 7, r.results().size());
        for (MethodResult m : r.results()) assertTrue(!m.failed() && m.runSeconds() >= 0, m.toString());
    }
}
