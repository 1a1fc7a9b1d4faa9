package org.cryograd.polar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cryograd.em.benchmark.MethodResult;
import org.junit.jupiter.api.Test;

/** summary.csv's mean and sample standard deviation over seeds, against values worked out by hand. */
class SimPolarSummaryTest {
    @Test
    void meanAndSampleSdPerMethodSettingAndSnr() {
        List<SimPolarBenchmark.Seeded> in = List.of(
                seeded(1, "dncnn", "mixed_snr0.02", 1.0), seeded(2, "dncnn", "mixed_snr0.02", 2.0), seeded(3, "dncnn", "mixed_snr0.02", 4.0),
                seeded(1, "dncnn", "directional_snr0.02", 5.0),
                new SimPolarBenchmark.Seeded(1, MethodResult.of("none", "downstream_directional_snr0.02", "-", Map.of("resolution_fsc05_A", 20.0), 0, 0)),
                new SimPolarBenchmark.Seeded(2, MethodResult.of("none", "downstream_directional_snr0.02", "-", Map.of("resolution_fsc05_A", 30.0), 0, 0)));
        List<SimPolarBenchmark.SummaryRow> rows = SimPolarBenchmark.summarize(in);
        assertEquals(3, rows.size(), rows.toString());
        SimPolarBenchmark.SummaryRow a = rows.get(0);
        assertEquals(List.of("dncnn", "mixed", "0.02", "rel_mse"), List.of(a.method(), a.setting(), a.snr(), a.metric()));
        assertEquals(7.0 / 3, a.mean(), 1e-12);
        // deviations -4/3, -1/3, 5/3: (16 + 1 + 25) / 9 / (3 - 1)
        assertEquals(Math.sqrt(42.0 / 18), a.sd(), 1e-12);
        assertEquals(3, a.n());
        SimPolarBenchmark.SummaryRow b = rows.get(1);
        assertEquals(5.0, b.mean(), 0);
        assertTrue(Double.isNaN(b.sd()), "one seed has no sample sd");
        SimPolarBenchmark.SummaryRow c = rows.get(2);
        assertEquals(List.of("none", "downstream_directional", "0.02", "resolution_fsc05_A"), List.of(c.method(), c.setting(), c.snr(), c.metric()));
        assertEquals(25.0, c.mean(), 1e-12);
        assertEquals(Math.sqrt(50.0), c.sd(), 1e-12);
    }

    private static SimPolarBenchmark.Seeded seeded(long seed, String method, String data, double v) {
        return new SimPolarBenchmark.Seeded(seed, MethodResult.of(method, data, "-", Map.of("rel_mse", v), 0, 0));
    }
}
