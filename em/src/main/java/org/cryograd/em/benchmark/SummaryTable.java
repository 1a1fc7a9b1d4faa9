package org.cryograd.em.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cryograd.io.AtomicFiles;

/**
 * Mean and spread of a {@link ResultsTable} over its data items (e.g. held-out test tomograms): one row per method and
 * metric, {@value #HEADER}. Every metric of the results is summarised, then {@code run_seconds}; methods and metrics
 * keep their first-seen order. {@code mean} is over the finite values, {@code sd} their sample standard deviation
 * ({@code n - 1} in the denominator; NaN for fewer than two), {@code n} how many values were finite (a failed run or a
 * NaN score is left out).
 *
 * @param rows the summary rows, in order
 */
public record SummaryTable(List<Row> rows) {
    /** The header of {@value #FILE}. */
    public static final String HEADER = "method,metric,mean,sd,n";
    /** The file name benchmarks write it to. */
    public static final String FILE = "summary.csv";

    /**
     * One method's one metric.
     *
     * @param method the method
     * @param metric the metric
     * @param mean   mean of the finite values (NaN when none)
     * @param sd     their sample standard deviation (NaN for fewer than two)
     * @param n      how many values were finite
     */
    public record Row(String method, String metric, double mean, double sd, int n) {}

    /** Copies the rows. */
    public SummaryTable {
        rows = List.copyOf(rows);
    }

    /** Summarises every result of {@code table}, with {@code run_seconds} after each method's metrics. */
    public static SummaryTable of(ResultsTable table) {
        return of(table, true);
    }

    /** Summarises every result of {@code table}; {@code run_seconds} after each method's metrics when {@code withRunSeconds}. */
    public static SummaryTable of(ResultsTable table, boolean withRunSeconds) {
        Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
        for (MethodResult r : table.results()) {
            Map<String, List<Double>> m = values.computeIfAbsent(r.method(), k -> new LinkedHashMap<>());
            r.metrics().forEach((name, v) -> m.computeIfAbsent(name, k -> new ArrayList<>()).add(v));
            if (withRunSeconds) m.computeIfAbsent(ResultsTable.RUN_SECONDS, k -> new ArrayList<>()).add(r.runSeconds());
        }
        List<Row> rows = new ArrayList<>();
        values.forEach((method, m) -> {
            // run_seconds last, after the scores
            List<Double> run = m.remove(ResultsTable.RUN_SECONDS);
            if (run != null) m.put(ResultsTable.RUN_SECONDS, run);
            m.forEach((metric, v) -> rows.add(row(method, metric, v)));
        });
        return new SummaryTable(rows);
    }

    /** The row of {@code method} and {@code metric}. */
    public Row row(String method, String metric) {
        for (Row r : rows)
            if (r.method().equals(method) && r.metric().equals(metric)) return r;
        throw new IllegalArgumentException("SummaryTable: no row for method '" + method + "' and metric '" + metric + "'");
    }

    /** The file's text: header and rows, '\n'-terminated, numbers with 6 significant digits. */
    public String text() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row r : rows)
            sb.append(r.method()).append(',').append(r.metric()).append(',').append(String.format(Locale.ROOT, "%.6g,%.6g,%d", r.mean(), r.sd(), r.n()))
                    .append('\n');
        return sb.toString();
    }

    /** Writes {@link #text()} to {@code file} atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, text().getBytes(StandardCharsets.UTF_8));
    }

    private static Row row(String method, String metric, List<Double> v) {
        double[] m = meanSd(v);
        return new Row(method, metric, m[0], m[1], (int) m[2]);
    }

    /**
     * {mean, sample sd, n} of the finite values ({@code sd} NaN below two values, {@code mean} NaN without any): the
     * summary rule every benchmark uses.
     */
    public static double[] meanSd(List<Double> v) {
        double s = 0;
        int n = 0;
        for (double x : v)
            if (Double.isFinite(x)) {
                s += x;
                n++;
            }
        double mean = n == 0 ? Double.NaN : s / n, q = 0;
        for (double x : v) if (Double.isFinite(x)) q += (x - mean) * (x - mean);
        return new double[] {mean, n > 1 ? Math.sqrt(q / (n - 1)) : Double.NaN, n};
    }
}
