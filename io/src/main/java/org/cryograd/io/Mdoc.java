package org.cryograd.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SerialEM {@code .mdoc} file (IMOD's "autodoc" text format): global {@code key = value} pairs, title lines
 * {@code [T = ...]}, and sections {@code [Type = name]} each followed by its own pairs. A tilt series' mdoc has one
 * {@code [ZValue = n]} section per image, {@code n} the 0-based section of the image in the stack; frame-saving
 * mdocs have {@code [FrameSet = n]} sections, montages {@code [MontSection = n]}.
 *
 * <p>Keys a tilt series uses (SerialEM's "Image Metadata Files" documentation): {@code TiltAngle} (degrees),
 * {@code ExposureDose} (electrons/Å² of this image; 0 when the dose was not calibrated), {@code PriorRecordDose}
 * (electrons/Å² of the Record images taken before it), {@code Defocus} (µm, the microscope's reading relative to
 * its standard focus; negative is underfocus) and {@code TargetDefocus} (µm, the defocus the user asked for),
 * {@code PixelSpacing} (Å, per section and/or global), {@code DateTime}, {@code SubFramePath}. The tilt axis angle
 * (degrees, counter-clockwise from the image's y axis, as IMOD's etomo takes it) appears in a title line
 * {@code [T = Tilt axis angle = 85.3, binning = 4 ...]} ({@link #tiltAxisAngle()}).
 *
 * <p>Values are kept as text; typed getters parse them and name file, line and key on error
 * ({@code "ts.mdoc:42: field 'TiltAngle' = 'abc' is not a number"}). A value may contain {@code =} (only the first
 * one separates key and value). Lines starting with {@code #} are comments. A key repeated within one section
 * keeps its last value (as IMOD's autodoc reader does).
 */
public final class Mdoc {
    private static final Pattern SECTION = Pattern.compile("\\[\\s*([^=\\]]+?)\\s*=\\s*(.*?)\\s*]");
    private static final Pattern TILT_AXIS = Pattern.compile("(?i)tilt\\s*axis\\s*angle\\s*=\\s*([+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)");

    /**
     * One {@code key = value} pair.
     *
     * @param key   the key, case kept
     * @param value the value, whitespace-stripped
     * @param line  its 1-based line, or -1 for pairs built in memory
     */
    public record Entry(String key, String value, int line) {}

    /** A section (or the global pairs): type, name and pairs in file order. */
    public static final class Section {
        private final Path file;
        private final String type;
        private final String name;
        private final int line;
        private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

        Section(Path file, String type, String name, int line) {
            this.file = file;
            this.type = type;
            this.name = name;
            this.line = line;
        }

        /** The section type ({@code ZValue}, {@code FrameSet}, ...; empty for the global pairs). */
        public String type() { return type; }

        /** The name after {@code =} in the header ({@code "3"} for {@code [ZValue = 3]}). */
        public String name() { return name; }

        /** The 1-based line of the header, or -1. */
        public int line() { return line; }

        /** The pairs in file order. */
        public List<Entry> entries() { return List.copyOf(entries.values()); }

        /** Whether the key is present. */
        public boolean has(String key) { return entries.containsKey(key); }

        /** The raw value, or null when absent. */
        public String get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        void put(String key, String value, int line) {
            entries.remove(key);
            entries.put(key, new Entry(key, value, line));
        }

        private String where() {
            return type.isEmpty() ? "global pairs" : "section [" + type + " = " + name + "]";
        }

        /**
         * The value as one number.
         *
         * @throws FileFormatException naming file, line and key when absent or not a single number
         */
        public double getDouble(String key) throws FileFormatException {
            Entry e = entries.get(key);
            if (e == null) throw new FileFormatException(file, key, line, where() + " has no '" + key + "'");
            String[] t = Tokens.split(e.value());
            if (t.length != 1) throw new FileFormatException(file, key, e.line(), "field '" + key + "' = '" + e.value() + "' is not one number");
            return Tokens.number(t[0], file, e.line(), key);
        }

        /** The value as a number, or {@code fallback} when the key is absent. */
        public double getDouble(String key, double fallback) throws FileFormatException {
            return has(key) ? getDouble(key) : fallback;
        }

        /** The value as a list of numbers (e.g. {@code StagePosition = 20.79 155.29}). */
        public double[] getDoubles(String key) throws FileFormatException {
            Entry e = entries.get(key);
            if (e == null) throw new FileFormatException(file, key, line, where() + " has no '" + key + "'");
            String[] t = Tokens.split(e.value());
            double[] v = new double[t.length];
            for (int i = 0; i < t.length; i++) v[i] = Tokens.number(t[i], file, e.line(), key);
            return v;
        }

        /** The value as an integer. */
        public int getInt(String key) throws FileFormatException {
            Entry e = entries.get(key);
            if (e == null) throw new FileFormatException(file, key, line, where() + " has no '" + key + "'");
            return Tokens.integer(e.value().strip(), file, e.line(), key);
        }
    }

    private final Path file;
    private final Section global;
    private final List<String> titles;
    private final List<Section> sections;

    private Mdoc(Path file, Section global, List<String> titles, List<Section> sections) {
        this.file = file;
        this.global = global;
        this.titles = List.copyOf(titles);
        this.sections = List.copyOf(sections);
    }

    /** The file it was read from, or null. */
    public Path file() { return file; }

    /** The global pairs (before the first section), as a section of type "". */
    public Section global() { return global; }

    /** The title texts of the {@code [T = ...]} lines, in file order. */
    public List<String> titles() { return titles; }

    /** All sections in file order (titles excluded). */
    public List<Section> sections() { return sections; }

    /** The sections of one type, in file order. */
    public List<Section> sections(String type) {
        return sections.stream().filter(s -> s.type().equals(type)).toList();
    }

    /**
     * The {@code [ZValue = n]} sections ordered by {@code n}; they must be numbered 0, 1, 2, ... without gaps or
     * repeats.
     *
     * @throws FileFormatException naming the section's line when a number is bad, repeated or missing
     */
    public List<Section> zValues() throws FileFormatException {
        List<Section> z = new ArrayList<>(sections("ZValue"));
        Map<Integer, Section> byIndex = new LinkedHashMap<>();
        for (Section s : z) {
            int n = Tokens.integer(s.name(), file, s.line(), "ZValue");
            Section prev = byIndex.put(n, s);
            if (prev != null) throw new FileFormatException(file, "ZValue", s.line(), "[ZValue = " + n + "] repeats the section of line " + prev.line());
        }
        for (int i = 0; i < byIndex.size(); i++)
            if (!byIndex.containsKey(i))
                throw new FileFormatException(file, "ZValue", -1, "has " + byIndex.size() + " [ZValue] sections but none numbered " + i
                        + " (expected 0.." + (byIndex.size() - 1) + ")");
        z.sort(Comparator.comparingInt(s -> Integer.parseInt(s.name().strip().replaceFirst("\\.0*$", "").replaceFirst("^\\+", ""))));
        return Collections.unmodifiableList(z);
    }

    /**
     * The tilt axis angle from a title line {@code Tilt axis angle = A} (SerialEM), else from a global
     * {@code TiltAxisAngle} key; empty when neither is present.
     */
    public OptionalDouble tiltAxisAngle() throws FileFormatException {
        for (String t : titles) {
            Matcher m = TILT_AXIS.matcher(t);
            if (m.find()) return OptionalDouble.of(Double.parseDouble(m.group(1)));
        }
        if (global.has("TiltAxisAngle")) return OptionalDouble.of(global.getDouble("TiltAxisAngle"));
        return OptionalDouble.empty();
    }

    /**
     * Reads an mdoc file.
     *
     * @throws FileFormatException naming file and line of a line that is neither a pair, a section header, a title
     *                             nor a comment
     */
    public static Mdoc read(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        return parse(TextFiles.read(path, "a SerialEM .mdoc file"), path);
    }

    /** Parses mdoc text; {@code source} names the file in messages (may be null). */
    public static Mdoc parse(String text, Path source) throws FileFormatException {
        Section global = new Section(source, "", "", -1);
        List<String> titles = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        Section current = global;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            String l = lines.get(i).strip();
            if (i == 0 && !l.isEmpty() && l.charAt(0) == '\uFEFF') l = l.substring(1).strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            if (l.startsWith("[")) {
                Matcher m = SECTION.matcher(l);
                if (!m.matches()) throw new FileFormatException(source, null, line, "'" + l + "' is not a section header [Type = name]");
                String type = m.group(1), name = m.group(2);
                if (type.equals("T")) {
                    titles.add(name);
                    current = global; // pairs after a title line belong to no section
                    continue;
                }
                current = new Section(source, type, name, line);
                sections.add(current);
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) throw new FileFormatException(source, null, line, "'" + l + "' is not a 'key = value' pair");
            String key = l.substring(0, eq).strip();
            if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace))
                throw new FileFormatException(source, null, line, "'" + key + "' is not a key (no spaces allowed)");
            current.put(key, l.substring(eq + 1).strip(), line);
        }
        return new Mdoc(source, global, titles, sections);
    }

    /** The text of this mdoc: global pairs, titles, then sections, each section after a blank line. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : global.entries()) sb.append(e.key()).append(" = ").append(e.value()).append('\n');
        for (String t : titles) sb.append('\n').append("[T = ").append(t).append("]\n");
        for (Section s : sections) {
            sb.append('\n').append('[').append(s.type()).append(" = ").append(s.name()).append("]\n");
            for (Entry e : s.entries()) sb.append(e.key()).append(" = ").append(e.value()).append('\n');
        }
        return sb.toString();
    }

    /** Writes {@link #toText()} atomically. */
    public void write(Path path) throws IOException {
        AtomicFiles.write(path, toText().getBytes(StandardCharsets.UTF_8));
    }

    /** A builder for writing an mdoc. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds an mdoc in memory: global pairs, titles and sections. Numbers are written in their shortest exact
     * decimal form.
     *
     * <pre>{@code
     * Mdoc.Builder b = Mdoc.builder().global("PixelSpacing", 5.4).global("ImageFile", "ts.mrc")
     *         .title("Tilt axis angle = 85.3, binning = 1");
     * b.section("ZValue", "0").put("TiltAngle", -60.0).put("ExposureDose", 3.0);
     * b.build().write(Path.of("ts.mrc.mdoc"));
     * }</pre>
     */
    public static final class Builder {
        private final Section global = new Section(null, "", "", -1);
        private final List<String> titles = new ArrayList<>();
        private final List<Section> sections = new ArrayList<>();
        private Section current;

        private Builder() {}

        private static String text(Object v) {
            if (v instanceof Double d) return Tokens.format(d);
            if (v instanceof Float f) return Tokens.format(f.doubleValue());
            if (v instanceof double[] a) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < a.length; i++) sb.append(i > 0 ? " " : "").append(Tokens.format(a[i]));
                return sb.toString();
            }
            String s = String.valueOf(v);
            if (s.contains("\n") || s.contains("\r")) throw new IllegalArgumentException("Mdoc: value '" + s + "' spans lines");
            return s.strip();
        }

        private static void checkKey(String key) {
            if (key == null || key.isEmpty() || key.contains("=") || key.startsWith("[") || key.startsWith("#")
                    || key.chars().anyMatch(Character::isWhitespace))
                throw new IllegalArgumentException("Mdoc: '" + key + "' is not a valid key");
        }

        /** Adds (or replaces) a global pair. */
        public Builder global(String key, Object value) {
            checkKey(key);
            global.put(key, text(value), -1);
            return this;
        }

        /** Adds a {@code [T = text]} title line. */
        public Builder title(String text) {
            if (text.contains("]") || text.contains("\n")) throw new IllegalArgumentException("Mdoc: title '" + text + "' may not contain ']' or a line end");
            titles.add(text.strip());
            return this;
        }

        /** Starts a section; following {@link #put} calls add to it. */
        public Builder section(String type, String name) {
            checkKey(type);
            if (type.equals("T")) throw new IllegalArgumentException("Mdoc: use title() for [T = ...] lines");
            current = new Section(null, type, name.strip(), -1);
            sections.add(current);
            return this;
        }

        /** Adds a pair to the current section. */
        public Builder put(String key, Object value) {
            if (current == null) throw new IllegalStateException("Mdoc.Builder: put before any section(); use global()");
            checkKey(key);
            current.put(key, text(value), -1);
            return this;
        }

        /** The mdoc. */
        public Mdoc build() {
            return new Mdoc(null, global, titles, sections);
        }
    }
}
