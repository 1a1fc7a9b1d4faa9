package org.cryograd.em.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the TSV references written by {@code em/src/test/python/make_sim_fixtures.py}, and finds the shared templates. */
final class SimFixtures {
    private SimFixtures() {}

    /** Rows of a fixture as column name -> string. */
    static List<Map<String, String>> rows(String name) throws IOException {
        try (InputStream in = SimFixtures.class.getResourceAsStream("/em/sim/" + name)) {
            if (in == null) throw new IOException("missing fixture /em/sim/" + name + "; run em/src/test/python/make_sim_fixtures.py");
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            String[] head = lines[0].split("\t");
            List<Map<String, String>> out = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isBlank()) continue;
                String[] f = lines[i].split("\t");
                Map<String, String> m = new TreeMap<>();
                for (int j = 0; j < head.length; j++) m.put(head[j], f[j]);
                out.add(m);
            }
            return out;
        }
    }

    static double d(Map<String, String> row, String col) {
        return Double.parseDouble(row.get(col));
    }

    /** {@code ../shared/templates} from the module directory (tests run in em/) or the repository root; null when absent. */
    static Path templates() {
        for (String s : new String[] {"../../shared/templates", "../shared/templates"}) {
            Path p = Path.of(s);
            if (Files.isRegularFile(p.resolve("1bxn.mrc"))) return p;
        }
        return null;
    }
}
