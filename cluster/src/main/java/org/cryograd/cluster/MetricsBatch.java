package org.cryograd.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cryograd batch metrics}: {@code cryograd metrics --csv} of every volume against its truth; the scores go to
 * {@code OUT/<name>.metrics.csv} and the manifest's metrics column.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score every volume against its truth (cryograd metrics --csv per input); OUT/<name>.metrics.csv and the manifest.",
            "Truth: --truth DIR (the file of the same name there, else <name>.mrc), --truth FILE (one for all), or a CSV list's truth column."})
final class MetricsBatch extends BatchCommand {
    @Option(names = "--in", required = true, paramLabel = "DIR|GLOB|LIST", order = 2,
            description = "Volumes to score: a directory (*.mrc, *.rec, *.map), a glob, a RELION 5 tomograms STAR or a CSV list.")
    String in;

    @Option(names = "--truth", paramLabel = "DIR|FILE", order = 3, description = "The references (see above).")
    Path truth;

    @Override
    String job() {
        return "metrics";
    }

    @Override
    List<TaskSpec> specs(Path outDir) throws Exception {
        List<TaskSpec> out = new ArrayList<>();
        for (BatchInput b : InputLists.resolve(localInput(in), data, List.of("mrc", "rec", "map"), true)) {
            Path ref = truthOf(b);
            if (ref == null)
                throw new IllegalArgumentException("metrics: no truth for " + b.file() + " (give --truth DIR or FILE, or a CSV list with a truth column)");
            String o = abs(outDir.resolve(b.name() + ".metrics.csv"));
            List<String> a = new ArrayList<>(List.of("metrics", "--ref", abs(ref), "--test", abs(b.file()), "--csv"));
            a.addAll(passThrough);
            out.add(new TaskSpec(b.name(), abs(b.file()), o, List.of(o), List.of(new TaskSpec.Step(a, o, true))));
        }
        return out;
    }

    private Path truthOf(BatchInput b) {
        if (b.truth() != null) return b.truth();
        if (truth == null) return null;
        if (!Files.isDirectory(truth)) return truth;
        Path same = truth.resolve(b.file().getFileName().toString());
        return Files.exists(same) ? same : truth.resolve(b.name() + ".mrc");
    }
}
