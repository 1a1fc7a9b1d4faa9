package org.cryograd.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code data_} block of a STAR file: key-value pairs (keys without the leading underscore) and zero or more
 * {@code loop_} tables, immutable. RELION files have either pairs (e.g. {@code data_general}) or one table per block.
 */
public final class StarBlock {
    private final String name;
    private final Map<String, String> pairs;
    private final Map<String, Integer> pairLines;
    private final List<StarTable> tables;
    private final String file;

    StarBlock(String name, Map<String, String> pairs, Map<String, Integer> pairLines, List<StarTable> tables, String file) {
        this.name = Objects.requireNonNull(name, "name");
        if (name.chars().anyMatch(Character::isWhitespace))
            throw new IllegalArgumentException("StarBlock: name '" + name + "' must not contain whitespace");
        this.pairs = Collections.unmodifiableMap(new LinkedHashMap<>(pairs));
        this.pairLines = pairLines;
        List<StarTable> t = new ArrayList<>();
        for (StarTable table : tables) t.add(table.in(file, name));
        this.tables = List.copyOf(t);
        this.file = file;
    }

    /**
     * A block with one table and no pairs.
     *
     * @param name block name without {@code data_} (may be empty)
     * @param table the loop
     * @return the block
     */
    public static StarBlock of(String name, StarTable table) {
        return new StarBlock(name, Map.of(), Map.of(), List.of(table), null);
    }

    /**
     * A block with key-value pairs and tables.
     *
     * @param name block name without {@code data_} (may be empty)
     * @param pairs keys (with or without leading underscore) to values, in the order to write them
     * @param tables loops, in order
     * @return the block
     */
    public static StarBlock of(String name, Map<String, ?> pairs, List<StarTable> tables) {
        Map<String, String> p = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : pairs.entrySet()) {
            String key = StarTable.strip(e.getKey());
            if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace))
                throw new IllegalArgumentException("StarBlock '" + name + "': key '" + e.getKey() + "' must be non-empty without whitespace");
            p.put(key, StarTable.format(e.getValue()));
        }
        return new StarBlock(name, p, Map.of(), tables, null);
    }

    StarBlock in(String file) {
        return new StarBlock(name, pairs, pairLines, tables, file);
    }

    /** Block name without the {@code data_} prefix ("" for a bare {@code data_}). */
    public String name() { return name; }

    /** Key-value pairs in file order, keys without leading underscore. */
    public Map<String, String> pairs() { return pairs; }

    /** The loops of this block, in file order. */
    public List<StarTable> tables() { return tables; }

    /**
     * The single loop of this block.
     *
     * @return the table
     * @throws IllegalArgumentException naming file and block if the block has no loop or more than one
     */
    public StarTable table() {
        if (tables.size() != 1)
            throw new IllegalArgumentException(where() + "has " + tables.size() + " loop_ tables; expected exactly one");
        return tables.get(0);
    }

    private String where() {
        return (file != null ? file + ": " : "") + "block '" + name + "' ";
    }

    /**
     * A pair's value.
     *
     * @param key with or without leading underscore
     * @return the value
     * @throws IllegalArgumentException naming file, block and key if absent
     */
    public String getString(String key) {
        String v = pairs.get(StarTable.strip(key));
        if (v == null) throw new IllegalArgumentException(where() + "has no key '" + StarTable.strip(key) + "' (keys: " + String.join(", ", pairs.keySet()) + ")");
        return v;
    }

    /** A pair's value as a double. @param key the key @return the value */
    public double getDouble(String key) {
        return asTable(key).getDouble(0, StarTable.strip(key));
    }

    /** A pair's value as an int. @param key the key @return the value */
    public int getInt(String key) {
        return asTable(key).getInt(0, StarTable.strip(key));
    }

    /** Reuses the table's number parsing (and its error messages) for one pair. */
    private StarTable asTable(String key) {
        String k = StarTable.strip(key);
        String v = getString(k);
        Integer line = pairLines.get(k);
        List<String[]> row = new ArrayList<>();
        row.add(new String[] {v});
        return StarTable.parsed(List.of(k), row, new int[] {line == null ? 0 : line}, file, name);
    }

    @Override
    public String toString() {
        return "StarBlock[data_" + name + ", " + pairs.size() + " pairs, " + tables.size() + " tables]";
    }
}
