package org.cryograd.em.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryograd.io.AtomicFiles;

/**
 * Every benchmark's results in one long format, one value per line: {@value #HEADER}. Each {@link MethodResult}
 * gives one row per metric in its order, then {@code prepare_seconds} and {@code run_seconds}, then, if it failed, an
 * {@code error} row whose value is the quoted message. Numbers are written in Java's shortest exact form ({@code nan},
 * {@code inf}, {@code -inf} for the special values), so the file parses with any CSV reader and loses nothing.
 * Benchmarks write it as {@value #FILE} next to their own CSV files.
 */
public final class ResultsTable {
    /** The fixed header. */
    public static final String HEADER = "benchmark,method,data,seed,metric,value";
    /** The file name benchmarks write it to (their {@code results.csv} keeps its own, older, wide layout). */
    public static final String FILE = "results_long.csv";
    /** Metric name of the preparation (tuning or training) time. */
    public static final String PREPARE_SECONDS = "prepare_seconds";
    /** Metric name of the method's own run time. */
    public static final String RUN_SECONDS = "run_seconds";
    /** Metric name of a failed method's error message. */
    public static final String ERROR = "error";

    private final String benchmark;
    private final List<Long> seeds = new ArrayList<>();
    private final List<MethodResult> results = new ArrayList<>();

    /**
     * An empty table.
     *
     * @param benchmark the benchmark's name ({@code demo}, {@code dual}, {@code polar}): letters, digits, '_' or '-'
     */
    public ResultsTable(String benchmark) {
        if (benchmark == null || !benchmark.matches("[A-Za-z0-9_-]+"))
            throw new IllegalArgumentException("ResultsTable: benchmark name '" + benchmark + "' must be letters, digits, '_' or '-'");
        this.benchmark = benchmark;
    }

    /** The benchmark's name. */
    public String benchmark() {
        return benchmark;
    }

    /** Adds one result measured with {@code seed}. */
    public ResultsTable add(long seed, MethodResult r) {
        if (r == null) throw new IllegalArgumentException("ResultsTable.add: result is null");
        seeds.add(seed);
        results.add(r);
        return this;
    }

    /** Adds results measured with {@code seed}, in order. */
    public ResultsTable addAll(long seed, List<MethodResult> rs) {
        for (MethodResult r : rs) add(seed, r);
        return this;
    }

    /** The results in the order added. */
    public List<MethodResult> results() {
        return List.copyOf(results);
    }

    /** The whole file: header and rows, '\n'-terminated. */
    public String text() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < results.size(); i++) {
            MethodResult r = results.get(i);
            String prefix = benchmark + ',' + cell(r.method()) + ',' + cell(r.data()) + ',' + seeds.get(i) + ',';
            r.metrics().forEach((name, v) -> sb.append(prefix).append(cell(name)).append(',').append(number(v)).append('\n'));
            sb.append(prefix).append(PREPARE_SECONDS).append(',').append(number(r.prepareSeconds())).append('\n');
            sb.append(prefix).append(RUN_SECONDS).append(',').append(number(r.runSeconds())).append('\n');
            if (r.failed()) sb.append(prefix).append(ERROR).append(',').append(quote(r.failure())).append('\n');
        }
        return sb.toString();
    }

    /** Writes {@link #text()} to {@code file} atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, text().getBytes(StandardCharsets.UTF_8));
    }

    /** A value cell: shortest exact decimal, or nan / inf / -inf. */
    static String number(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return Double.toString(v);
    }

    private static String cell(String s) {
        return s.matches("[^,\"\\r\\n]*") ? s : quote(s);
    }

    private static String quote(String s) {
        return '"' + s.replace("\r", " ").replace("\n", " ").replace("\"", "\"\"") + '"';
    }
}
