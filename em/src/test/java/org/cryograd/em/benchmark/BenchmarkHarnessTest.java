package org.cryograd.em.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness: table shape and header, timings, failures kept apart from the other methods; the run record. */
class BenchmarkHarnessTest {
    private static final List<String> METRICS = List.of("psnr", "ssim");

    private static Map<String, Double> scores(double psnr, double ssim) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("ssim", ssim); // out of order on purpose: the table keeps the harness's order
        m.put("psnr", psnr);
        return m;
    }

    /** Minimal CSV reading (quoted cells with doubled quotes), enough for the table. */
    private static List<List<String>> parse(String text) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        var in = new java.io.BufferedReader(new StringReader(text));
        for (String line; (line = in.readLine()) != null; ) {
            List<String> cells = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') quoted = !quoted;
                else if (c == ',' && !quoted) {
                    cells.add(cur.toString());
                    cur.setLength(0);
                } else cur.append(c);
            }
            cells.add(cur.toString());
            rows.add(cells);
        }
        return rows;
    }

    @Test
    void methodsTimesDataTimesMetricsWithTimings(@TempDir Path dir) throws Exception {
        BenchmarkHarness h = new BenchmarkHarness("toy", 7, METRICS);
        for (String data : List.of("a", "b")) {
            h.run("m1", data, () -> BenchmarkHarness.Outcome.of(scores(10, 0.5)));
            h.run("m2", data, () -> new BenchmarkHarness.Outcome("k=3", scores(12, 0.25), 1.5, 0.125));
        }
        assertEquals(4, h.results().size());
        MethodResult m2 = h.results().get(1);
        assertEquals(List.of("psnr", "ssim"), List.copyOf(m2.metrics().keySet()));
        assertEquals("k=3", m2.parameters());
        assertEquals(1.5, m2.prepareSeconds());
        assertEquals(0.125, m2.runSeconds());
        assertTrue(h.results().get(0).runSeconds() >= 0 && h.results().get(0).prepareSeconds() == 0, "measured run time");

        h.table().write(dir.resolve(ResultsTable.FILE));
        List<List<String>> rows = parse(Files.readString(dir.resolve(ResultsTable.FILE)));
        assertEquals(List.of("benchmark", "method", "data", "seed", "metric", "value"), rows.get(0));
        assertEquals(ResultsTable.HEADER, String.join(",", rows.get(0)));
        // 2 methods x 2 data x (2 metrics + 2 timings)
        assertEquals(1 + 2 * 2 * (METRICS.size() + 2), rows.size());
        assertEquals(List.of("toy", "m2", "a", "7", "psnr", "12.0"), rows.get(5));
        assertEquals(List.of("toy", "m2", "a", "7", "ssim", "0.25"), rows.get(6));
        assertEquals(List.of("toy", "m2", "a", "7", "prepare_seconds", "1.5"), rows.get(7));
        assertEquals(List.of("toy", "m2", "a", "7", "run_seconds", "0.125"), rows.get(8));
        for (List<String> r : rows.subList(1, rows.size())) {
            assertEquals(6, r.size(), r.toString());
            Double.parseDouble(r.get(5));
        }
        assertTrue(rows.stream().filter(r -> r.get(4).equals("run_seconds")).count() == 4, "a run time per method and data item");
    }

    @Test
    void oneFailingMethodIsReportedWithoutLosingTheOthers() throws Exception {
        BenchmarkHarness h = new BenchmarkHarness("toy", 1, METRICS);
        IllegalStateException boom = new IllegalStateException("no GPU, \"cuda:3\"");
        h.run("first", "d", () -> BenchmarkHarness.Outcome.of(scores(1, 0.1)));
        h.run("broken", "d", () -> {
            throw boom;
        });
        h.run("last", "d", () -> BenchmarkHarness.Outcome.of(scores(3, 0.3)));
        h.run("wrong", "d", () -> BenchmarkHarness.Outcome.of(Map.of("psnr", 1.0))); // a metric missing: refused, recorded
        assertEquals(List.of("first", "broken", "last", "wrong"), h.results().stream().map(MethodResult::method).toList());
        assertEquals(List.of("broken", "wrong"), h.failures().stream().map(MethodResult::method).toList());
        MethodResult b = h.results().get(1);
        assertTrue(b.failed() && b.failure().contains("no GPU"), b.toString());
        assertTrue(Double.isNaN(b.metric("psnr")) && Double.isNaN(b.metric("ssim")));
        assertEquals(3, h.results().get(2).metric("psnr"));
        assertFalse(h.results().get(2).failed());

        List<List<String>> rows = parse(h.table().text());
        List<String> error = rows.stream().filter(r -> r.get(4).equals(ResultsTable.ERROR) && r.get(1).equals("broken")).findFirst().orElseThrow();
        assertEquals("IllegalStateException: no GPU, \"cuda:3\"", error.get(5));
        assertTrue(rows.stream().anyMatch(r -> r.get(1).equals("broken") && r.get(4).equals("psnr") && r.get(5).equals("nan")));
        assertTrue(rows.stream().anyMatch(r -> r.get(1).equals("last") && r.get(4).equals("psnr") && r.get(5).equals("3.0")));
        // 4 results x 4 rows + 2 error rows
        assertEquals(1 + 4 * 4 + 2, rows.size());
        Exception thrown = assertThrows(Exception.class, h::rethrowFirstFailure);
        assertSame(boom, thrown);
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new BenchmarkHarness("toy", 1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new BenchmarkHarness("toy", 1, List.of("a", "a")));
        assertThrows(IllegalArgumentException.class, () -> new BenchmarkHarness("a,b", 1, METRICS));
        BenchmarkHarness h = new BenchmarkHarness("toy", 1, METRICS);
        assertThrows(IllegalArgumentException.class, () -> h.add(MethodResult.of("x", "d", "-", Map.of("psnr", 1.0), 0, 0)));
        assertEquals(0, h.results().size(), "nothing kept");
        assertThrows(IllegalArgumentException.class, () -> MethodResult.of("x", "d", "-", Map.of("psnr", 1.0), 0, 0).metric("f1"));
        assertEquals("nan", ResultsTable.number(Double.NaN));
        assertEquals("-inf", ResultsTable.number(Double.NEGATIVE_INFINITY));
        assertEquals(0.1 + 0.2, Double.parseDouble(ResultsTable.number(0.1 + 0.2)), 0);
    }

    @Test
    void runRecordNamesCommandCommitMachineAndWallTime(@TempDir Path dir) throws IOException {
        new RunRecord("cryograd demo --quick", "abc1234", RunRecord.thisMachine(), Instant.parse("2026-12-07T01:02:03Z"), 12.345).write(dir);
        List<String> lines = Files.readAllLines(dir.resolve(RunRecord.FILE));
        assertEquals("command: cryograd demo --quick", lines.get(0));
        assertEquals("commit: abc1234", lines.get(1));
        assertTrue(lines.get(2).startsWith("machine: ") && lines.get(2).contains(Runtime.getRuntime().availableProcessors() + " cores")
                && lines.get(2).contains(System.getProperty("java.version")), lines.get(2));
        assertEquals("date: 2026-12-07T01:02Z", lines.get(3));
        assertEquals("wall seconds: 12.3", lines.get(4));
        assertEquals(5, lines.size());
        assertEquals("commit: unknown", new RunRecord("x", null, "m", Instant.EPOCH, 0).text().split("\n")[1]);
    }
}
