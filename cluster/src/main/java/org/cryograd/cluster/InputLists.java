package org.cryograd.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.cryograd.io.StarFile;
import org.cryograd.io.StarTable;

/**
 * Turns {@code --in} into the batch's inputs. {@code --in} is one of:
 * <ul>
 *   <li>a directory: its files (not subdirectories) with one of the job's extensions, sorted by name;</li>
 *   <li>a glob ({@code tomos/*.mrc}, {@code data/**}{@code /TS_*.st}): the matching files with one of the job's
 *       extensions, sorted by path;</li>
 *   <li>a RELION 5 tomograms STAR file ({@code .star}): one input per row of the table holding {@code rlnTomoName};
 *       the file is {@code rlnTomoReconstructedTomogram} when the job takes tomograms and the column is there,
 *       else {@code <name>.<ext>} in the data directory; the voxel size is {@code rlnTomoTiltSeriesPixelSize} times
 *       {@code rlnTomoTomogramBinning} for tomograms, {@code rlnTomoTiltSeriesPixelSize} for tilt series, whose
 *       {@code rlnTomoTiltSeriesStarFile} becomes {@code --tilt-star};</li>
 *   <li>a CSV list ({@code .csv}) with a header: {@code input} (required), and optional {@code name},
 *       {@code pixel_size}, {@code truth}, and per-input files {@code angles}, {@code xf}, {@code aln}, {@code mdoc},
 *       {@code defocus}, {@code tilt_star};</li>
 *   <li>a single file.</li>
 * </ul>
 * Relative paths in a list are resolved against the data directory (default: the list's own directory).
 */
public final class InputLists {
    /** CSV columns naming a per-input file, each given to the single command as {@code --<column>} ('_' as '-'). */
    static final List<String> FILE_COLUMNS = List.of("angles", "xf", "aln", "mdoc", "defocus", "tilt_star");

    private InputLists() {}

    /**
     * The inputs named by {@code in}.
     *
     * @param in the {@code --in} value
     * @param data where the files named in a STAR/CSV list live, or null for the list's directory
     * @param extensions lower-case extensions the job takes, without the dot; the first is the one a STAR name gets
     *     when no file with any of them exists
     * @param tomograms whether the job takes reconstructed tomograms (else tilt series)
     * @throws IllegalArgumentException naming {@code --in} (or the list's file and row) when nothing usable is found
     */
    public static List<BatchInput> resolve(String in, Path data, List<String> extensions, boolean tomograms) throws IOException {
        Path p = Path.of(in);
        List<BatchInput> out;
        String lower = in.toLowerCase(Locale.ROOT);
        if (Files.isDirectory(p)) {
            out = new ArrayList<>();
            try (Stream<Path> s = Files.list(p)) {
                s.filter(f -> Files.isRegularFile(f) && accepted(f, extensions)).sorted().forEach(f -> out.add(BatchInput.of(f)));
            }
            if (out.isEmpty()) throw new IllegalArgumentException("--in " + in + ": no files ending in ." + String.join(", .", extensions) + " in this directory");
        } else if (lower.endsWith(".star") && Files.isRegularFile(p)) {
            out = star(p, data != null ? data : dirOf(p), extensions, tomograms);
        } else if (lower.endsWith(".csv") && Files.isRegularFile(p)) {
            out = csv(p, data != null ? data : dirOf(p));
        } else if (Files.isRegularFile(p)) {
            out = List.of(BatchInput.of(p));
        } else if (in.matches(".*[*?\\[{].*")) {
            out = glob(in, extensions);
            if (out.isEmpty()) throw new IllegalArgumentException("--in " + in + ": the pattern matches no file ending in ." + String.join(", .", extensions));
        } else {
            throw new IllegalArgumentException("--in " + in + ": no such file or directory (give a directory, a glob, a .star or .csv list, or a file)");
        }
        requireUniqueNames(out, in);
        return out;
    }

    /** The file name without its extension (and without .gz/.bz2 before it). */
    public static String stem(Path file) {
        String n = file.getFileName().toString();
        String l = n.toLowerCase(Locale.ROOT);
        if (l.endsWith(".gz") || l.endsWith(".bz2")) n = n.substring(0, n.lastIndexOf('.'));
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static boolean accepted(Path f, List<String> extensions) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.startsWith(".")) return false; // hidden files, our temporaries among them
        if (n.endsWith(".gz")) n = n.substring(0, n.length() - 3);
        else if (n.endsWith(".bz2")) n = n.substring(0, n.length() - 4);
        for (String e : extensions) if (n.endsWith("." + e)) return true;
        return false;
    }

    private static Path dirOf(Path file) {
        Path d = file.toAbsolutePath().getParent();
        return d != null ? d : Path.of(".");
    }

    private static List<BatchInput> glob(String pattern, List<String> extensions) throws IOException {
        // the directory part before the first element with a wildcard is where the walk starts
        String norm = pattern.replace('\\', '/');
        int wild = norm.length();
        for (char c : new char[] {'*', '?', '[', '{'}) {
            int i = norm.indexOf(c);
            if (i >= 0) wild = Math.min(wild, i);
        }
        int slash = norm.lastIndexOf('/', wild);
        Path base = slash < 0 ? Path.of(".") : Path.of(slash == 0 ? "/" : norm.substring(0, slash));
        String rest = slash < 0 ? norm : norm.substring(slash + 1);
        List<BatchInput> out = new ArrayList<>();
        if (!Files.isDirectory(base)) return out;
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        int depth = rest.contains("**") ? Integer.MAX_VALUE : rest.split("/").length;
        try (Stream<Path> s = Files.walk(base, depth)) {
            s.filter(f -> Files.isRegularFile(f) && m.matches(base.relativize(f)) && accepted(f, extensions)).sorted()
                    .forEach(f -> out.add(BatchInput.of(slash < 0 ? base.relativize(f) : f)));
        }
        return out;
    }

    private static List<BatchInput> star(Path file, Path data, List<String> extensions, boolean tomograms) throws IOException {
        StarFile star = StarFile.read(file);
        StarTable t = null;
        for (var b : star.blocks()) {
            for (StarTable x : b.tables()) {
                if (x.hasColumn("rlnTomoName")) {
                    t = x;
                    break;
                }
            }
            if (t != null) break;
        }
        if (t == null) throw new IllegalArgumentException("--in " + file + ": no table with an rlnTomoName column (a RELION 5 tomograms STAR file)");
        List<BatchInput> out = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            String name = t.get(r, "rlnTomoName");
            double px = Double.NaN;
            if (t.hasColumn("rlnTomoTiltSeriesPixelSize")) {
                px = t.getDouble(r, "rlnTomoTiltSeriesPixelSize");
                if (tomograms && t.hasColumn("rlnTomoTomogramBinning")) px *= t.getDouble(r, "rlnTomoTomogramBinning");
            }
            Path f = null;
            if (tomograms && t.hasColumn("rlnTomoReconstructedTomogram")) f = data.resolve(t.get(r, "rlnTomoReconstructedTomogram"));
            if (f == null) {
                f = data.resolve(name + "." + extensions.get(0)); // named in the error when none exists
                for (String e : extensions) {
                    Path c = data.resolve(name + "." + e);
                    if (Files.exists(c)) {
                        f = c;
                        break;
                    }
                }
            }
            Map<String, Path> files = new LinkedHashMap<>();
            if (!tomograms && t.hasColumn("rlnTomoTiltSeriesStarFile")) files.put("--tilt-star", data.resolve(t.get(r, "rlnTomoTiltSeriesStarFile")));
            out.add(new BatchInput(name, f, px, null, files));
        }
        if (out.isEmpty()) throw new IllegalArgumentException("--in " + file + ": the tomograms table has no rows");
        return out;
    }

    private static List<BatchInput> csv(Path file, Path data) throws IOException {
        List<List<String>> recs = Csv.parse(Files.readString(file, StandardCharsets.UTF_8), file);
        if (recs.isEmpty()) throw new IllegalArgumentException("--in " + file + ": empty list");
        Map<String, Integer> col = new LinkedHashMap<>();
        for (int i = 0; i < recs.get(0).size(); i++) col.put(recs.get(0).get(i).strip().toLowerCase(Locale.ROOT), i);
        if (!col.containsKey("input"))
            throw new IllegalArgumentException("--in " + file + ": the header has no 'input' column (columns: input, and optionally name, pixel_size, truth, "
                    + String.join(", ", FILE_COLUMNS) + ")");
        List<BatchInput> out = new ArrayList<>();
        for (int r = 1; r < recs.size(); r++) {
            List<String> f = recs.get(r);
            if (f.size() != recs.get(0).size())
                throw new IllegalArgumentException("--in " + file + ": line " + (r + 1) + " has " + f.size() + " fields, the header " + recs.get(0).size());
            Path input = data.resolve(f.get(col.get("input")).strip());
            String name = col.containsKey("name") && !f.get(col.get("name")).isBlank() ? f.get(col.get("name")).strip() : stem(input);
            double px = Double.NaN;
            if (col.containsKey("pixel_size") && !f.get(col.get("pixel_size")).isBlank()) {
                try {
                    px = Double.parseDouble(f.get(col.get("pixel_size")).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--in " + file + ": line " + (r + 1) + ": pixel_size '" + f.get(col.get("pixel_size")) + "' is not a number", e);
                }
            }
            Path truth = col.containsKey("truth") && !f.get(col.get("truth")).isBlank() ? data.resolve(f.get(col.get("truth")).strip()) : null;
            Map<String, Path> files = new LinkedHashMap<>();
            for (String c : FILE_COLUMNS) {
                if (col.containsKey(c) && !f.get(col.get(c)).isBlank()) files.put("--" + c.replace('_', '-'), data.resolve(f.get(col.get(c)).strip()));
            }
            out.add(new BatchInput(name, input, px, truth, files));
        }
        if (out.isEmpty()) throw new IllegalArgumentException("--in " + file + ": the list has a header but no rows");
        return out;
    }

    private static void requireUniqueNames(List<BatchInput> inputs, String in) {
        Map<String, Path> seen = new LinkedHashMap<>();
        for (BatchInput b : inputs) {
            Path other = seen.putIfAbsent(b.name(), b.file());
            if (other != null)
                throw new IllegalArgumentException("--in " + in + ": two inputs have the name '" + b.name() + "' (" + other + " and " + b.file()
                        + "); their outputs would clash");
        }
    }
}
