package org.cryograd.em.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the atoms of a PDB or PDBx/mmCIF file: the first model only, alternate locations other than blank/'A'
 * skipped. PDB: {@code ATOM}/{@code HETATM} records by column (x 31-38, y 39-46, z 47-54, occupancy 55-60, B 61-66,
 * element 77-78; the element falls back to the atom name when blank). mmCIF: the {@code _atom_site} loop
 * ({@code type_symbol}, {@code Cartn_x/y/z}, {@code occupancy}, {@code B_iso_or_equiv}, {@code label_alt_id},
 * {@code pdbx_PDB_model_num}). The format is chosen by extension ({@code .cif}, {@code .mmcif}, else PDB).
 */
public final class AtomicModels {
    private AtomicModels() {}

    /**
     * Reads a PDB or mmCIF file.
     *
     * @throws IOException on a read error, or a file without atoms or with a malformed coordinate (naming the line)
     */
    public static List<Atom> read(Path path) throws IOException {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        List<String> lines = Files.readAllLines(path, StandardCharsets.ISO_8859_1);
        List<Atom> atoms = name.endsWith(".cif") || name.endsWith(".mmcif") ? parseCif(lines, path.toString()) : parsePdb(lines, path.toString());
        if (atoms.isEmpty()) throw new IOException(path + ": no atoms (ATOM/HETATM records or an _atom_site loop)");
        return atoms;
    }

    /** Parses PDB records; {@code source} names the file in errors. */
    public static List<Atom> parsePdb(List<String> lines, String source) throws IOException {
        List<Atom> atoms = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("ENDMDL")) break;
            if (!(l.startsWith("ATOM  ") || l.startsWith("HETATM"))) continue;
            if (l.length() < 54) throw new IOException(source + ": line " + (i + 1) + ": ATOM record shorter than 54 columns");
            char alt = l.charAt(16);
            if (alt != ' ' && alt != 'A') continue;
            try {
                double x = Double.parseDouble(l.substring(30, 38).trim());
                double y = Double.parseDouble(l.substring(38, 46).trim());
                double z = Double.parseDouble(l.substring(46, 54).trim());
                double occ = l.length() >= 60 && !l.substring(54, 60).isBlank() ? Double.parseDouble(l.substring(54, 60).trim()) : 1;
                double b = l.length() >= 66 && !l.substring(60, 66).isBlank() ? Double.parseDouble(l.substring(60, 66).trim()) : 0;
                String el = l.length() >= 78 ? l.substring(76, 78).trim() : "";
                if (el.isEmpty()) el = elementFromName(l.substring(12, 16));
                atoms.add(new Atom(el.toUpperCase(Locale.ROOT), x, y, z, b, occ));
            } catch (NumberFormatException e) {
                throw new IOException(source + ": line " + (i + 1) + ": bad number in an ATOM record: " + e.getMessage());
            }
        }
        return atoms;
    }

    private static String elementFromName(String name) {
        // PDB atom names: a two-letter element starts in column 13, a one-letter one in column 14
        String n = name.replaceAll("[^A-Za-z]", "");
        if (n.isEmpty()) return "";
        if (name.charAt(0) != ' ' && !Character.isDigit(name.charAt(0)) && n.length() >= 2) return n.substring(0, 2);
        return n.substring(0, 1);
    }

    /** Parses the {@code _atom_site} loop of an mmCIF file; {@code source} names the file in errors. */
    public static List<Atom> parseCif(List<String> lines, String source) throws IOException {
        List<Atom> atoms = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).trim().equals("loop_")) continue;
            int j = i + 1;
            Map<String, Integer> col = new HashMap<>();
            while (j < lines.size() && lines.get(j).trim().startsWith("_")) {
                String tag = lines.get(j).trim().split("\\s+")[0];
                col.put(tag, col.size());
                j++;
            }
            if (!col.containsKey("_atom_site.Cartn_x")) {
                i = j - 1;
                continue;
            }
            for (String need : new String[] {"_atom_site.Cartn_x", "_atom_site.Cartn_y", "_atom_site.Cartn_z", "_atom_site.type_symbol"})
                if (!col.containsKey(need)) throw new IOException(source + ": the _atom_site loop has no " + need + " column");
            Integer firstModel = null;
            List<String> tokens = new ArrayList<>();
            for (; j < lines.size(); j++) {
                String t = lines.get(j).trim();
                if (t.isEmpty() || t.startsWith("#")) {
                    if (tokens.isEmpty()) break;
                    continue;
                }
                if (t.startsWith("_") || t.equals("loop_") || t.startsWith("data_")) break;
                tokens.addAll(tokenize(t));
                if (tokens.size() < col.size()) continue;
                if (tokens.size() > col.size()) throw new IOException(source + ": line " + (j + 1) + ": " + tokens.size() + " values for " + col.size() + " _atom_site columns");
                String model = get(tokens, col, "_atom_site.pdbx_PDB_model_num");
                if (model != null) {
                    int m = Integer.parseInt(model);
                    if (firstModel == null) firstModel = m;
                    if (m != firstModel) break;
                }
                String alt = get(tokens, col, "_atom_site.label_alt_id");
                if (alt == null || alt.equals(".") || alt.equals("?") || alt.equals("A")) {
                    try {
                        String occ = get(tokens, col, "_atom_site.occupancy"), b = get(tokens, col, "_atom_site.B_iso_or_equiv");
                        atoms.add(new Atom(get(tokens, col, "_atom_site.type_symbol").toUpperCase(Locale.ROOT),
                                Double.parseDouble(get(tokens, col, "_atom_site.Cartn_x")), Double.parseDouble(get(tokens, col, "_atom_site.Cartn_y")),
                                Double.parseDouble(get(tokens, col, "_atom_site.Cartn_z")), number(b, 0), number(occ, 1)));
                    } catch (NumberFormatException e) {
                        throw new IOException(source + ": line " + (j + 1) + ": bad number in the _atom_site loop: " + e.getMessage());
                    }
                }
                tokens.clear();
            }
            break;
        }
        return atoms;
    }

    private static double number(String s, double missing) {
        return s == null || s.equals("?") || s.equals(".") ? missing : Double.parseDouble(s);
    }

    private static String get(List<String> tokens, Map<String, Integer> col, String tag) {
        Integer c = col.get(tag);
        return c == null ? null : tokens.get(c);
    }

    private static List<String> tokenize(String line) {
        List<String> out = new ArrayList<>();
        int i = 0, n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"') {
                int e = i + 1;
                while (e < n && !(line.charAt(e) == c && (e + 1 == n || Character.isWhitespace(line.charAt(e + 1))))) e++;
                out.add(line.substring(i + 1, Math.min(e, n)));
                i = e + 1;
            } else {
                int e = i;
                while (e < n && !Character.isWhitespace(line.charAt(e))) e++;
                out.add(line.substring(i, e));
                i = e;
            }
        }
        return out;
    }
}
