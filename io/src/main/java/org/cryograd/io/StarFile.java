package org.cryograd.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A STAR file as RELION writes it: {@code data_} blocks holding key-value pairs and {@code loop_} tables.
 *
 * <pre>{@code
 * StarFile star = StarFile.read(Path.of("run_data.star"));
 * StarTable particles = star.particlesWithOptics();          // RELION 3.1+: optics columns joined per particle
 * double[] defocus = particles.doubles("rlnDefocusU");
 * double[] apix = particles.doubles("rlnImagePixelSize");
 * }</pre>
 *
 * <p>Syntax handled: comments ({@code #} to end of line, outside quotes), blank lines anywhere, single- or
 * double-quoted values (a quote closes only when followed by whitespace or the line end, as in STAR), column
 * definitions with RELION's {@code #n} suffix, one row per line. A loop ends at the next {@code data_},
 * {@code loop_}, key, or the end of the file. Not supported, and reported as errors with file and line:
 * {@code ;}-delimited multi-line text fields, {@code save_} frames, {@code global_} blocks, rows whose values
 * span lines. Block names must be unique.
 *
 * <p>Writing puts pairs before tables in each block, quotes values that need it, aligns columns, and writes
 * numbers given as {@code double}/{@code float} in their shortest exact form, so a table written and read back
 * is identical (values, column order, block order).
 */
public final class StarFile {
    private final List<StarBlock> blocks;
    private final String file;

    private StarFile(List<StarBlock> blocks, String file) {
        Map<String, Boolean> seen = new HashMap<>();
        List<StarBlock> b = new ArrayList<>();
        for (StarBlock block : blocks) {
            if (seen.put(block.name(), Boolean.TRUE) != null)
                throw new IllegalArgumentException((file != null ? file + ": " : "") + "duplicate block 'data_" + block.name() + "'");
            b.add(block.in(file));
        }
        this.blocks = List.copyOf(b);
        this.file = file;
    }

    /**
     * A file made of these blocks.
     *
     * @param blocks blocks in order (unique names)
     * @return the file
     */
    public static StarFile of(StarBlock... blocks) {
        return new StarFile(List.of(blocks), null);
    }

    /**
     * A file made of these blocks.
     *
     * @param blocks blocks in order (unique names)
     * @return the file
     */
    public static StarFile of(List<StarBlock> blocks) {
        return new StarFile(blocks, null);
    }

    /** The blocks in file order. */
    public List<StarBlock> blocks() { return blocks; }

    /** Whether a block {@code data_name} exists. @param name without {@code data_} @return true if present */
    public boolean hasBlock(String name) {
        return blocks.stream().anyMatch(b -> b.name().equals(name));
    }

    /**
     * A block by name.
     *
     * @param name without the {@code data_} prefix
     * @return the block
     * @throws IllegalArgumentException naming the file and the blocks present if there is none
     */
    public StarBlock block(String name) {
        for (StarBlock b : blocks) if (b.name().equals(name)) return b;
        List<String> names = new ArrayList<>();
        for (StarBlock b : blocks) names.add("data_" + b.name());
        throw new IllegalArgumentException((file != null ? file + ": " : "") + "no block 'data_" + name + "' (blocks: " + String.join(", ", names) + ")");
    }

    // ------------------------------------------------------------------ RELION conventions

    /**
     * The particle table: block {@code data_particles} (RELION 3.1+), or for older files the table of the only
     * block.
     *
     * @return the table
     * @throws IllegalArgumentException if neither layout is found
     */
    public StarTable particles() {
        if (hasBlock("particles")) return block("particles").table();
        if (blocks.size() == 1) return blocks.get(0).table();
        return block("particles").table(); // throws, listing the blocks
    }

    /**
     * The particle table with, for every row, the columns of its optics group (matched on {@code rlnOpticsGroup})
     * appended, except columns the particle table already has. Files without {@code data_optics} (pre-3.1) give
     * {@link #particles()} unchanged.
     *
     * @return a new table
     * @throws IllegalArgumentException naming the row and group if a particle's optics group is not defined
     */
    public StarTable particlesWithOptics() {
        StarTable p = particles();
        if (!hasBlock("optics")) return p;
        StarTable o = block("optics").table();
        Map<Integer, Integer> groupRow = new HashMap<>();
        int[] groups = o.ints("rlnOpticsGroup");
        for (int r = 0; r < groups.length; r++) groupRow.put(groups[r], r);
        List<String> extra = new ArrayList<>();
        for (String c : o.columns()) if (!p.hasColumn(c)) extra.add(c);
        List<String> cols = new ArrayList<>(p.columns());
        cols.addAll(extra);
        int[] pg = p.ints("rlnOpticsGroup");
        List<String[]> rows = new ArrayList<>();
        for (int r = 0; r < p.rowCount(); r++) {
            Integer orow = groupRow.get(pg[r]);
            if (orow == null)
                throw new IllegalArgumentException((file != null ? file + ": " : "") + "block 'particles', row " + r
                        + ": rlnOpticsGroup " + pg[r] + " is not defined in block 'optics' (groups: " + groupRow.keySet() + ")");
            String[] row = new String[cols.size()];
            String[] pr = p.row(r);
            System.arraycopy(pr, 0, row, 0, pr.length);
            for (int i = 0; i < extra.size(); i++) row[pr.length + i] = o.get(orow, extra.get(i));
            rows.add(row);
        }
        return StarTable.parsed(cols, rows, null, file, "particles+optics");
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads and parses a STAR file.
     *
     * @param path the file
     * @return its blocks
     * @throws FileFormatException naming file, line and block on a syntax error
     * @throws IOException if it cannot be read
     */
    public static StarFile read(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        return parse(TextFiles.read(path, "a STAR file"), path);
    }

    /**
     * Parses STAR text.
     *
     * @param text file content
     * @param source the file name used in error messages
     * @return its blocks
     * @throws FileFormatException naming source, line and block on a syntax error
     */
    public static StarFile parse(String text, Path source) throws FileFormatException {
        String[] lines = text.split("\r?\n|\r", -1);
        String fileName = String.valueOf(source);
        List<StarBlock> blocks = new ArrayList<>();
        Map<String, Integer> blockLine = new HashMap<>();
        String blockName = null;
        Map<String, String> pairs = null;
        Map<String, Integer> pairLines = null;
        List<StarTable> tables = null;
        List<String> columns = null;
        List<String[]> rows = null;
        List<Integer> rowLines = null;
        boolean inHeader = false; // reading a loop's column names

        for (int li = 0; li <= lines.length; li++) {
            int lineNo = li + 1;
            String line = li < lines.length ? lines[li] : null;
            String t = line == null ? null : line.strip();
            if (t != null && (t.isEmpty() || t.startsWith("#"))) continue;
            if (t != null && line.startsWith(";"))
                throw new FileFormatException(source, blockName, lineNo, "multi-line text fields (';') are not supported");
            String lower = t == null ? null : t.toLowerCase(Locale.ROOT);
            boolean endsLoop = t == null || lower.startsWith("data_") || lower.startsWith("loop_") || (t.startsWith("_") && !inHeader);
            if (columns != null && endsLoop) {
                if (columns.isEmpty()) // a loop without rows is fine (RELION writes empty tables); without columns it is not
                    throw new FileFormatException(source, blockName, lineNo - (t == null ? 1 : 0), "block 'data_" + blockName + "': loop_ has no columns");
                int[] ln = rowLines.stream().mapToInt(Integer::intValue).toArray();
                tables.add(StarTable.parsed(columns, rows, ln, fileName, blockName));
                columns = null;
            }
            if (t == null) break;
            if (lower.startsWith("data_")) {
                if (blockName != null) blocks.add(new StarBlock(blockName, pairs, pairLines, tables, fileName));
                blockName = t.substring(5);
                if (blockName.chars().anyMatch(Character::isWhitespace))
                    throw new FileFormatException(source, blockName, lineNo, "block name '" + t + "' contains whitespace");
                Integer first = blockLine.putIfAbsent(blockName, lineNo);
                if (first != null)
                    throw new FileFormatException(source, blockName, lineNo, "duplicate block 'data_" + blockName + "' (first at line " + first + ")");
                pairs = new LinkedHashMap<>();
                pairLines = new HashMap<>();
                tables = new ArrayList<>();
                continue;
            }
            if (lower.startsWith("save_") || lower.startsWith("global_") || lower.startsWith("stop_"))
                throw new FileFormatException(source, blockName, lineNo, "'" + t.split("\\s+")[0] + "' is not supported (RELION STAR uses data_ blocks only)");
            if (blockName == null)
                throw new FileFormatException(source, null, lineNo, "'" + t + "' appears before the first data_ block");
            if (lower.startsWith("loop_")) {
                if (!lower.equals("loop_"))
                    throw new FileFormatException(source, blockName, lineNo, "unexpected text after loop_: '" + t + "'");
                columns = new ArrayList<>();
                rows = new ArrayList<>();
                rowLines = new ArrayList<>();
                inHeader = true;
                continue;
            }
            List<String> tokens = tokenize(t, source, blockName, lineNo);
            if (columns != null && inHeader && t.startsWith("_")) {
                // "_rlnName #3": the name, then RELION's column number as a comment (already dropped).
                if (tokens.size() != 1)
                    throw new FileFormatException(source, blockName, lineNo, "column definition '" + t + "' should be a name, optionally followed by #n");
                String col = tokens.get(0).substring(1);
                if (columns.contains(col))
                    throw new FileFormatException(source, blockName, lineNo, "block 'data_" + blockName + "': duplicate column '" + col + "'");
                if (col.isEmpty()) throw new FileFormatException(source, blockName, lineNo, "empty column name");
                columns.add(col);
                continue;
            }
            if (columns != null) {
                inHeader = false;
                if (tokens.size() != columns.size())
                    throw new FileFormatException(source, blockName, lineNo, "block 'data_" + blockName + "': row has " + tokens.size()
                            + " values but the loop has " + columns.size() + " columns");
                rows.add(tokens.toArray(new String[0]));
                rowLines.add(lineNo);
                continue;
            }
            if (t.startsWith("_")) {
                if (tokens.size() != 2)
                    throw new FileFormatException(source, blockName, lineNo, "block 'data_" + blockName + "': key-value line '" + t + "' should have one key and one value, found "
                            + tokens.size() + " tokens");
                String key = tokens.get(0).substring(1);
                if (pairs.containsKey(key))
                    throw new FileFormatException(source, blockName, lineNo, "block 'data_" + blockName + "': duplicate key '" + key + "'");
                pairs.put(key, tokens.get(1));
                pairLines.put(key, lineNo);
                continue;
            }
            throw new FileFormatException(source, blockName, lineNo, "block 'data_" + blockName + "': '" + t + "' is neither a key, a loop_ nor a loop row");
        }
        if (blockName != null) blocks.add(new StarBlock(blockName, pairs, pairLines, tables, fileName));
        if (blocks.isEmpty()) throw new FileFormatException(source, null, -1, "contains no data_ block");
        return new StarFile(blocks, fileName);
    }

    /** Splits a line into values: whitespace separated, quoted values unquoted, a {@code #} token starts a comment. */
    static List<String> tokenize(String s, Path source, String block, int lineNo) throws FileFormatException {
        List<String> out = new ArrayList<>();
        int i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) { i++; continue; }
            if (c == '#') break;
            if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < n && !(s.charAt(j) == c && (j + 1 == n || Character.isWhitespace(s.charAt(j + 1))))) j++;
                if (j >= n) throw new FileFormatException(source, block, lineNo, "unterminated " + (c == '"' ? "double" : "single") + " quote in '" + s + "'");
                out.add(s.substring(i + 1, j));
                i = j + 1;
                continue;
            }
            int j = i;
            while (j < n && !Character.isWhitespace(s.charAt(j))) j++;
            out.add(s.substring(i, j));
            i = j;
        }
        return out;
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes this file atomically.
     *
     * @param path the file to create or replace
     * @throws IOException if it cannot be written
     * @throws IllegalArgumentException if a value cannot be quoted (contains both {@code "} and {@code '}
     *     followed by whitespace)
     */
    public void write(Path path) throws IOException {
        AtomicFiles.write(path, toText().getBytes(StandardCharsets.UTF_8));
    }

    /** The STAR text {@link #write} produces. @return the text */
    public String toText() {
        StringBuilder sb = new StringBuilder("# version 30001, written by cryograd\n");
        for (StarBlock b : blocks) {
            sb.append("\ndata_").append(b.name()).append("\n\n");
            if (!b.pairs().isEmpty()) {
                int w = 0;
                for (String k : b.pairs().keySet()) w = Math.max(w, k.length() + 1);
                for (Map.Entry<String, String> e : b.pairs().entrySet())
                    sb.append(pad("_" + e.getKey(), w, false)).append("  ").append(quote(e.getValue())).append('\n');
                sb.append('\n');
            }
            for (StarTable t : b.tables()) {
                sb.append("loop_\n");
                for (int c = 0; c < t.columns().size(); c++) sb.append('_').append(t.columns().get(c)).append(" #").append(c + 1).append('\n');
                List<String[]> rows = t.rawRows();
                int[] width = new int[t.columns().size()];
                List<String[]> quoted = new ArrayList<>(rows.size());
                for (String[] r : rows) {
                    String[] q = new String[r.length];
                    for (int c = 0; c < r.length; c++) {
                        q[c] = quote(r[c]);
                        width[c] = Math.max(width[c], q[c].length());
                    }
                    quoted.add(q);
                }
                for (String[] q : quoted) {
                    for (int c = 0; c < q.length; c++) sb.append(c == 0 ? "" : " ").append(pad(q[c], width[c], true));
                    sb.append('\n');
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String pad(String s, int width, boolean right) {
        if (s.length() >= width) return s;
        String sp = " ".repeat(width - s.length());
        return right ? sp + s : s + sp;
    }

    /** The value as it must appear in the file: quoted when it would otherwise read differently. */
    static String quote(String v) {
        if (!needsQuotes(v)) return v;
        for (char q : new char[] {'"', '\''}) {
            boolean ok = true;
            for (int i = 0; i + 1 < v.length(); i++)
                if (v.charAt(i) == q && Character.isWhitespace(v.charAt(i + 1))) { ok = false; break; }
            if (ok) return q + v + q;
        }
        throw new IllegalArgumentException("STAR value cannot be quoted: " + v);
    }

    private static boolean needsQuotes(String v) {
        if (v.isEmpty()) return true;
        for (int i = 0; i < v.length(); i++) if (Character.isWhitespace(v.charAt(i))) return true;
        char c = v.charAt(0);
        if (c == '_' || c == '#' || c == '\'' || c == '"' || c == ';' || c == '$' || c == '[' || c == ']') return true;
        String l = v.toLowerCase(Locale.ROOT);
        return l.startsWith("data_") || l.startsWith("loop_") || l.startsWith("save_") || l.startsWith("global_") || l.startsWith("stop_");
    }

    @Override
    public String toString() {
        return "StarFile[" + (file != null ? file + ", " : "") + blocks + "]";
    }
}
