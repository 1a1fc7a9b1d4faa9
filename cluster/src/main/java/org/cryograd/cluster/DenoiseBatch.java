package org.cryograd.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cryograd batch denoise}: {@code cryograd denoise} on every tomogram, the DUAL model broadcast once. */
@Command(name = "denoise", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Denoise every tomogram with a trained DUAL model (cryograd denoise per input); OUT/<name>.mrc.")
final class DenoiseBatch extends BatchCommand {
    @Option(names = "--model", required = true, paramLabel = "DIR", order = 1, description = "A 'train-dual' output directory (or its model/).")
    Path model;

    @Option(names = "--in", required = true, paramLabel = "DIR|GLOB|LIST", order = 2,
            description = "Tomograms: a directory (*.mrc, *.rec, *.map), a glob, a RELION 5 tomograms STAR or a CSV list.")
    String in;

    @Override
    String job() {
        return "denoise";
    }

    @Override
    ModelFiles model() throws Exception {
        return ModelFiles.read(model);
    }

    @Override
    List<TaskSpec> specs(Path outDir) throws Exception {
        List<TaskSpec> out = new ArrayList<>();
        for (BatchInput b : InputLists.resolve(localInput(in), data, List.of("mrc", "rec", "map"), true)) {
            String o = abs(outDir.resolve(b.name() + ".mrc"));
            List<String> a = new ArrayList<>(List.of("--device", TaskSpec.DEVICE, "denoise", "--model", TaskSpec.MODEL, "--in", abs(b.file()), "--out", o));
            a.addAll(passThrough);
            out.add(new TaskSpec(b.name(), abs(b.file()), o, List.of(o), List.of(TaskSpec.Step.of(a))));
        }
        return out;
    }
}
