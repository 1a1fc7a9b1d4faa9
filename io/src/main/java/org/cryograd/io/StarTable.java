package org.cryograd.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code loop_} table of a STAR file: named columns (stored without the leading underscore, e.g.
 * {@code rlnDefocusU}) and rows of string values, immutable.
 *
 * <p>Typed accessors parse on demand. Errors name the file, block, column, row and (for parsed files) line:
 * {@code "run_data.star: block 'particles', column 'rlnDefocusU', row 3 (line 57): 'abc' is not a number"}.
 * Column names may be given with or without the leading underscore. Numbers are parsed as C's {@code strtod}
 * reads them in RELION ({@code nan}, {@code inf} accepted); integer columns also accept integral decimals such as
 * {@code 2.000000}.
 *
 * <pre>{@code
 * StarTable t = StarTable.builder("rlnCoordinateX", "rlnCoordinateY", "rlnMicrographName")
 *         .row(120.5, 88.0, "mic001.mrc").row(300.25, 41.0, "mic001.mrc").build();
 * double[] x = t.doubles("rlnCoordinateX");
 * }</pre>
 */
public final class StarTable {
    private final List<String> columns;
    private final Map<String, Integer> index;
    private final List<String[]> rows;
    private final int[] lines;
    private final String file;
    private final String block;

    private StarTable(List<String> columns, List<String[]> rows, int[] lines, String file, String block) {
        this.columns = List.copyOf(columns);
        this.index = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            String c = columns.get(i);
            if (c.isEmpty() || c.chars().anyMatch(Character::isWhitespace))
                throw new IllegalArgumentException(where(file, block) + "column name '" + c + "' must be non-empty without whitespace");
            if (index.put(c, i) != null)
                throw new IllegalArgumentException(where(file, block) + "duplicate column '" + c + "'");
        }
        this.rows = rows;
        this.lines = lines;
        this.file = file;
        this.block = block;
    }

    static StarTable parsed(List<String> columns, List<String[]> rows, int[] lines, String file, String block) {
        return new StarTable(columns, rows, lines, file, block);
    }

    /** The same table with error messages naming {@code file} and {@code block}. */
    StarTable in(String file, String block) {
        return new StarTable(columns, rows, lines, file, block);
    }

    private static String where(String file, String block) {
        StringBuilder sb = new StringBuilder();
        if (file != null) sb.append(file).append(": ");
        if (block != null) sb.append("block '").append(block).append("', ");
        return sb.toString();
    }

    /**
     * A builder for a table with the given columns.
     *
     * @param columns column names (a leading underscore is removed)
     * @return a builder
     */
    public static Builder builder(String... columns) {
        return new Builder(Arrays.asList(columns));
    }

    /**
     * A table from whole columns: each value must be a {@code double[]}, {@code float[]}, {@code int[]},
     * {@code long[]}, {@code String[]} or {@code List<?>}, all of the same length. Numbers are written in their
     * shortest exact form, so reading the table back gives identical values.
     *
     * @param columns column name to values, in column order (use a {@link java.util.LinkedHashMap})
     * @return the table
     */
    public static StarTable fromColumns(Map<String, ?> columns) {
        List<String> names = new ArrayList<>();
        List<String[]> cols = new ArrayList<>();
        int n = -1;
        for (Map.Entry<String, ?> e : columns.entrySet()) {
            String[] c = formatColumn(e.getKey(), e.getValue());
            if (n >= 0 && c.length != n)
                throw new IllegalArgumentException("StarTable.fromColumns: column '" + e.getKey() + "' has " + c.length + " values, others have " + n);
            n = c.length;
            names.add(strip(e.getKey()));
            cols.add(c);
        }
        List<String[]> rows = new ArrayList<>();
        for (int r = 0; r < Math.max(n, 0); r++) {
            String[] row = new String[names.size()];
            for (int c = 0; c < row.length; c++) row[c] = cols.get(c)[r];
            rows.add(row);
        }
        return new StarTable(names, rows, null, null, null);
    }

    private static String[] formatColumn(String name, Object v) {
        if (v instanceof double[] a) {
            String[] s = new String[a.length];
            for (int i = 0; i < a.length; i++) s[i] = format(a[i]);
            return s;
        } else if (v instanceof float[] a) {
            String[] s = new String[a.length];
            for (int i = 0; i < a.length; i++) s[i] = format(a[i]);
            return s;
        } else if (v instanceof int[] a) {
            String[] s = new String[a.length];
            for (int i = 0; i < a.length; i++) s[i] = Integer.toString(a[i]);
            return s;
        } else if (v instanceof long[] a) {
            String[] s = new String[a.length];
            for (int i = 0; i < a.length; i++) s[i] = Long.toString(a[i]);
            return s;
        } else if (v instanceof String[] a) {
            return a.clone();
        } else if (v instanceof List<?> l) {
            String[] s = new String[l.size()];
            for (int i = 0; i < s.length; i++) s[i] = format(l.get(i));
            return s;
        }
        throw new IllegalArgumentException("StarTable.fromColumns: column '" + name + "' is a " + (v == null ? "null" : v.getClass().getSimpleName())
                + "; expected double[], float[], int[], long[], String[] or List");
    }

    /** How a value is written: numbers in their shortest exact decimal form, anything else by toString. */
    static String format(Object v) {
        Objects.requireNonNull(v, "STAR values cannot be null");
        if (v instanceof Double d) return Double.toString(d);
        if (v instanceof Float f) return Float.toString(f);
        String s = v.toString();
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0)
            throw new IllegalArgumentException("STAR values cannot contain line breaks: '" + s + "'");
        return s;
    }

    static String strip(String column) {
        return column.startsWith("_") ? column.substring(1) : column;
    }

    // ------------------------------------------------------------------ access

    /** Column names, without leading underscores, in file order. */
    public List<String> columns() { return columns; }

    /** Number of rows. */
    public int rowCount() { return rows.size(); }

    /** Whether the table has this column (with or without leading underscore). @param column the name @return true if present */
    public boolean hasColumn(String column) { return index.containsKey(strip(column)); }

    /**
     * Position of a column.
     *
     * @param column name, with or without leading underscore
     * @return its 0-based index
     * @throws IllegalArgumentException naming file, block and the available columns if it is absent
     */
    public int columnIndex(String column) {
        Integer i = index.get(strip(column));
        if (i == null)
            throw new IllegalArgumentException(where(file, block) + "no column '" + strip(column) + "' (columns: " + String.join(", ", columns) + ")");
        return i;
    }

    /** The 1-based line of a row in the file it was parsed from, or -1 (tables built in memory). @param row 0-based row @return the line */
    public int line(int row) {
        rawRow(row);
        return lines != null && lines[row] > 0 ? lines[row] : -1;
    }

    /** The raw string value at {@code row}, {@code column}. @param row 0-based row @param column name @return the value */
    public String get(int row, String column) {
        return rawRow(row)[columnIndex(column)];
    }

    /** A copy of one row's values in column order. @param row 0-based row @return the values */
    public String[] row(int row) {
        return rawRow(row).clone();
    }

    private String[] rawRow(int row) {
        if (row < 0 || row >= rows.size())
            throw new IllegalArgumentException(where(file, block) + "row " + row + " outside [0, " + rows.size() + ")");
        return rows.get(row);
    }

    /** The value at {@code row}, {@code column} as a double. @param row 0-based row @param column name @return the value */
    public double getDouble(int row, String column) {
        int c = columnIndex(column);
        return parseDouble(rawRow(row)[c], row, c);
    }

    /** The value at {@code row}, {@code column} as an int. @param row 0-based row @param column name @return the value */
    public int getInt(int row, String column) {
        int c = columnIndex(column);
        return parseInt(rawRow(row)[c], row, c);
    }

    /** A whole column as strings. @param column name @return the values, one per row */
    public String[] strings(String column) {
        int c = columnIndex(column);
        String[] out = new String[rows.size()];
        for (int r = 0; r < out.length; r++) out[r] = rows.get(r)[c];
        return out;
    }

    /**
     * A whole column as doubles.
     *
     * @param column name
     * @return the values, one per row
     * @throws IllegalArgumentException naming file, block, column, row and line of the first value that is not a number
     */
    public double[] doubles(String column) {
        int c = columnIndex(column);
        double[] out = new double[rows.size()];
        for (int r = 0; r < out.length; r++) out[r] = parseDouble(rows.get(r)[c], r, c);
        return out;
    }

    /**
     * A whole column as ints.
     *
     * @param column name
     * @return the values, one per row
     * @throws IllegalArgumentException naming file, block, column, row and line of the first value that is not an integer
     */
    public int[] ints(String column) {
        int c = columnIndex(column);
        int[] out = new int[rows.size()];
        for (int r = 0; r < out.length; r++) out[r] = parseInt(rows.get(r)[c], r, c);
        return out;
    }

    private IllegalArgumentException bad(String value, int row, int col, String what) {
        String line = lines != null && lines[row] > 0 ? " (line " + lines[row] + ")" : "";
        return new IllegalArgumentException(where(file, block) + "column '" + columns.get(col) + "', row " + row + line + ": '" + value + "' is not " + what);
    }

    private double parseDouble(String s, int row, int col) {
        String t = s.toLowerCase(Locale.ROOT);
        switch (t) {
            case "nan": case "+nan": case "-nan": return Double.NaN;
            case "inf": case "+inf": case "infinity": case "+infinity": return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
            default: break;
        }
        // Double.parseDouble would also take "1d", "0x1p3" and "NaN"; STAR numbers are plain decimals.
        if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) throw bad(s, row, col, "a number");
        return Double.parseDouble(t);
    }

    private int parseInt(String s, int row, int col) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            double d;
            try {
                d = parseDouble(s, row, col);
            } catch (IllegalArgumentException e2) {
                throw bad(s, row, col, "an integer");
            }
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) throw bad(s, row, col, "an integer");
            return (int) d;
        }
    }

    List<String[]> rawRows() { return Collections.unmodifiableList(rows); }

    @Override
    public String toString() {
        return "StarTable[" + rows.size() + " rows x " + columns.size() + " columns " + columns + "]";
    }

    /** Collects rows for a new {@link StarTable}. */
    public static final class Builder {
        private final List<String> columns = new ArrayList<>();
        private final List<String[]> rows = new ArrayList<>();

        private Builder(List<String> columns) {
            for (String c : columns) this.columns.add(strip(Objects.requireNonNull(c, "column")));
        }

        /**
         * Appends a row.
         *
         * @param values one per column: {@code Double}/{@code Float} (written in shortest exact form), integers,
         *     strings (quoted on output when needed) or anything else by {@code toString()}
         * @return this builder
         */
        public Builder row(Object... values) {
            if (values.length != columns.size())
                throw new IllegalArgumentException("StarTable.Builder.row: " + values.length + " values for " + columns.size() + " columns " + columns);
            String[] r = new String[values.length];
            for (int i = 0; i < r.length; i++) r[i] = format(values[i]);
            rows.add(r);
            return this;
        }

        /** The table. @return an immutable table */
        public StarTable build() {
            return new StarTable(columns, new ArrayList<>(rows), null, null, null);
        }
    }
}
