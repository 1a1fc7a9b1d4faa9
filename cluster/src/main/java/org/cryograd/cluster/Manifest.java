package org.cryograd.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cryograd.io.AtomicFiles;

/**
 * The batch's record: one CSV row per input, {@code input,output,status,attempts,seconds,metrics,error}, in input
 * order. Written atomically (temporary file + rename) whenever it changes, so a reader (or a rerun after a kill) always
 * sees a whole file. RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled.
 */
public final class Manifest {
    /** The header line's columns. */
    public static final List<String> COLUMNS = List.of("input", "output", "status", "attempts", "seconds", "metrics", "error");

    /**
     * One row.
     *
     * @param input the input (path or seed)
     * @param output the main output
     * @param status done, failed or pending
     * @param attempts runs of the task
     * @param seconds wall time of the attempts
     * @param metrics {@code key=value;...} or empty
     * @param error one line, or empty
     */
    public record Row(String input, String output, String status, int attempts, double seconds, String metrics, String error) {
        /** The row of a task's result. */
        static Row of(TaskSpec spec, TaskResult r) {
            return new Row(spec.input(), spec.output(), r.status(), r.attempts(), r.seconds(), r.metrics(), r.error());
        }

        List<String> fields() {
            return List.of(input, output, status, Integer.toString(attempts), String.format(Locale.ROOT, "%.3f", seconds), metrics, error);
        }
    }

    private final Path file;
    private final LinkedHashMap<String, Row> rows = new LinkedHashMap<>();

    /**
     * A manifest written to {@code file}, one pending row per task.
     *
     * @param file where it is written
     * @param specs the tasks, in order
     */
    public Manifest(Path file, List<TaskSpec> specs) {
        this.file = file;
        for (TaskSpec s : specs) rows.put(s.input(), new Row(s.input(), s.output(), TaskResult.PENDING, 0, 0, "", ""));
    }

    /** The file this manifest is written to. */
    public Path file() {
        return file;
    }

    /** Sets the row of {@code input} (which must be one of the tasks'). */
    public synchronized void put(Row row) {
        if (!rows.containsKey(row.input())) throw new IllegalArgumentException("manifest " + file + ": no task for input " + row.input());
        rows.put(row.input(), row);
    }

    /** The rows, in input order. */
    public synchronized List<Row> rows() {
        return new ArrayList<>(rows.values());
    }

    /** Writes the whole file atomically. */
    public synchronized void write() throws IOException {
        StringBuilder sb = new StringBuilder();
        line(sb, COLUMNS);
        for (Row r : rows.values()) line(sb, r.fields());
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void line(StringBuilder sb, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(quote(fields.get(i)));
        }
        sb.append('\n');
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /**
     * Reads a manifest written by {@link #write} (rows by input); a missing file reads as empty.
     *
     * @throws IOException if the file cannot be read or is not a manifest (the error names it)
     */
    public static Map<String, Row> read(Path file) throws IOException {
        Map<String, Row> out = new LinkedHashMap<>();
        if (!Files.exists(file)) return out;
        List<List<String>> records = Csv.parse(Files.readString(file, StandardCharsets.UTF_8), file);
        if (records.isEmpty() || !records.get(0).equals(COLUMNS))
            throw new IOException(file + ": not a batch manifest (the header must be " + String.join(",", COLUMNS) + ")");
        for (int i = 1; i < records.size(); i++) {
            List<String> f = records.get(i);
            if (f.size() != COLUMNS.size())
                throw new IOException(file + ": record " + (i + 1) + " has " + f.size() + " fields, expected " + COLUMNS.size());
            try {
                out.put(f.get(0), new Row(f.get(0), f.get(1), f.get(2), Integer.parseInt(f.get(3)), Double.parseDouble(f.get(4)), f.get(5), f.get(6)));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": record " + (i + 1) + ": attempts/seconds are not numbers: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
