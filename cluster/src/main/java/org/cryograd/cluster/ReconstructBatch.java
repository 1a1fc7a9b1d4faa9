package org.cryograd.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cryograd batch reconstruct}: {@code cryograd reconstruct} on every tilt series, its angles found by name
 * ({@code <stack name>.tlt}, else {@code .rawtlt}, beside the stack; a CSV list's {@code angles} column wins).
 */
@Command(name = "reconstruct", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reconstruct every tilt series (cryograd reconstruct per input); OUT/<name>.mrc.",
            "Angles: <name>.tlt (else .rawtlt) beside each stack. Method and its options after '--', e.g. -- --method wbp."})
final class ReconstructBatch extends BatchCommand {
    @Option(names = "--in", required = true, paramLabel = "DIR|GLOB|LIST", order = 2,
            description = "Tilt series: a directory (*.mrc, *.st, *.ali, *.mrcs), a glob, a RELION 5 tomograms STAR or a CSV list.")
    String in;

    @Override
    String job() {
        return "reconstruct";
    }

    @Override
    List<TaskSpec> specs(Path outDir) throws Exception {
        List<TaskSpec> out = new ArrayList<>();
        for (BatchInput b : InputLists.resolve(localInput(in), data, List.of("mrc", "st", "ali", "mrcs"), false)) {
            String o = abs(outDir.resolve(b.name() + ".mrc"));
            List<String> a = new ArrayList<>(List.of("--device", TaskSpec.DEVICE, "reconstruct", "--tilts", abs(b.file())));
            Path angles = b.angles() != null ? b.angles() : angles(b);
            if (angles != null) a.addAll(List.of("--angles", abs(angles)));
            a.addAll(List.of("--out", o));
            a.addAll(passThrough);
            out.add(new TaskSpec(b.name(), abs(b.file()), o, List.of(o), List.of(TaskSpec.Step.of(a))));
        }
        return out;
    }

    /** {@code <stem>.tlt}, {@code <name>.tlt}, then the same with {@code .rawtlt}; null: the command reports it missing. */
    static Path angles(BatchInput b) {
        Path dir = b.file().toAbsolutePath().getParent();
        for (String ext : List.of(".tlt", ".rawtlt")) {
            for (String n : List.of(InputLists.stem(b.file()), b.name())) {
                Path c = dir.resolve(n + ext);
                if (Files.isRegularFile(c)) return c;
            }
        }
        return null;
    }
}
