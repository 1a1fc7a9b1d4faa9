package org.cryograd.em.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Methods x data x metrics: runs each method on each data item as a {@link Trial}, times it, and keeps one
 * {@link MethodResult} per run with exactly this harness's metrics, in their fixed order. A method that throws is
 * recorded as a failed result (NaN metrics, the error kept) and the harness goes on with the next one, so one broken
 * method never loses the others' results; the caller writes its files and then calls {@link #rethrowFirstFailure()}.
 * {@link #table()} holds every result for the long-format {@link ResultsTable#FILE}. Not thread-safe.
 *
 * <pre>{@code
 * BenchmarkHarness h = new BenchmarkHarness("dual", seed, List.of("psnr", "ssim"));
 * h.run("gaussian", "tomogram_9", () -> BenchmarkHarness.Outcome.of(Map.of("psnr", 12.0, "ssim", 0.3)));
 * h.table().write(dir.resolve(ResultsTable.FILE));
 * h.rethrowFirstFailure();
 * }</pre>
 */
public final class BenchmarkHarness {
    private static final Logger LOG = LoggerFactory.getLogger(BenchmarkHarness.class);

    private final long seed;
    private final List<String> metrics;
    private final ResultsTable table;
    private final List<MethodResult> results = new ArrayList<>();
    private Exception firstFailure;

    /**
     * One method run on one data item.
     */
    @FunctionalInterface
    public interface Trial {
        /** Runs the method, scores it, and returns what it measured. */
        Outcome run() throws Exception;
    }

    /**
     * What a trial measured.
     *
     * @param parameters     the method's parameters as text ({@code -} when none)
     * @param metrics        every metric of the harness (extra or missing names are refused)
     * @param prepareSeconds tuning or training time inside the trial (0 when none)
     * @param runSeconds     the method's own time; NaN = the trial's wall time less {@code prepareSeconds}
     */
    public record Outcome(String parameters, Map<String, Double> metrics, double prepareSeconds, double runSeconds) {
        /** Metrics only: no parameters, no preparation, the trial's wall time as the run time. */
        public static Outcome of(Map<String, Double> metrics) {
            return new Outcome("-", metrics, 0, Double.NaN);
        }
    }

    /**
     * A harness for one benchmark run.
     *
     * @param benchmark the benchmark's name in the long table ({@code demo}, {@code dual}, {@code polar})
     * @param seed      the run's seed, written on every row
     * @param metrics   the metric names every method reports, in table order (at least one, no repeats)
     */
    public BenchmarkHarness(String benchmark, long seed, List<String> metrics) {
        if (metrics == null || metrics.isEmpty()) throw new IllegalArgumentException("BenchmarkHarness: no metrics");
        if (metrics.stream().distinct().count() != metrics.size()) throw new IllegalArgumentException("BenchmarkHarness: repeated metric in " + metrics);
        this.table = new ResultsTable(benchmark);
        this.seed = seed;
        this.metrics = List.copyOf(metrics);
    }

    /**
     * Runs one method on one data item and keeps its result.
     *
     * @return the result, failed if the trial threw an {@link Exception} (errors such as {@link OutOfMemoryError} pass through)
     */
    public MethodResult run(String method, String data, Trial trial) {
        long t0 = System.nanoTime();
        MethodResult r;
        try {
            Outcome o = trial.run();
            double wall = (System.nanoTime() - t0) / 1e9;
            if (o == null) throw new IllegalStateException("BenchmarkHarness: method " + method + " returned no outcome");
            check(method, o.metrics());
            double run = Double.isNaN(o.runSeconds()) ? Math.max(0, wall - o.prepareSeconds()) : o.runSeconds();
            r = MethodResult.of(method, data, o.parameters(), ordered(o.metrics()), o.prepareSeconds(), run);
        } catch (Exception e) {
            double wall = (System.nanoTime() - t0) / 1e9;
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            // the first failure is the one callers rethrow (and so report); later ones get a warning line of their own
            if (firstFailure == null) {
                firstFailure = e;
                LOG.debug("{} on {} failed", method, data, e);
            } else {
                LOG.warn("{} on {} failed too: {}", method, data, message);
            }
            r = MethodResult.failed(method, data, metrics, wall, message);
        }
        return keep(r);
    }

    /** Keeps a result measured elsewhere (its metrics must be this harness's). */
    public MethodResult add(MethodResult r) {
        if (!r.failed()) check(r.method(), r.metrics());
        return keep(new MethodResult(r.method(), r.data(), r.parameters(), ordered(r.metrics()), r.prepareSeconds(), r.runSeconds(), r.failure()));
    }

    /** Every result, in run order. */
    public List<MethodResult> results() {
        return List.copyOf(results);
    }

    /** The failed results, in run order. */
    public List<MethodResult> failures() {
        return results.stream().filter(MethodResult::failed).toList();
    }

    /** The metric names, in table order. */
    public List<String> metrics() {
        return metrics;
    }

    /** The long-format table of every result so far. */
    public ResultsTable table() {
        return table;
    }

    /** The first trial's exception, or {@code null} when every trial succeeded. */
    public Exception firstFailure() {
        return firstFailure;
    }

    /** Throws the first trial's exception, if any trial failed (after the caller has written what the others measured). */
    public void rethrowFirstFailure() throws Exception {
        if (firstFailure != null) throw firstFailure;
    }

    private MethodResult keep(MethodResult r) {
        results.add(r);
        table.add(seed, r);
        return r;
    }

    private void check(String method, Map<String, Double> m) {
        if (m == null || !m.keySet().equals(new java.util.HashSet<>(metrics)))
            throw new IllegalArgumentException("BenchmarkHarness: method " + method + " reported metrics " + (m == null ? null : m.keySet())
                    + ", the table's are " + metrics);
    }

    private Map<String, Double> ordered(Map<String, Double> m) {
        Map<String, Double> o = new LinkedHashMap<>();
        for (String n : metrics) o.put(n, m.containsKey(n) ? m.get(n) : Double.NaN);
        return o;
    }
}
