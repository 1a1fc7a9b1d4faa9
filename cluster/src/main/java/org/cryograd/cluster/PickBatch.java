package org.cryograd.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cryograd batch pick}: {@code cryograd pick} on every tomogram; a STAR list gives the name and voxel size. */
@Command(name = "pick", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pick particles in every tomogram (cryograd pick per input); OUT/<name>.star.",
            "Picking options after '--', e.g. -- --sigma 8 --polarity bright. From a STAR list each input gets --tomo-name and --pixel-size."})
final class PickBatch extends BatchCommand {
    @Option(names = "--in", required = true, paramLabel = "DIR|GLOB|LIST", order = 2,
            description = "Tomograms: a directory (*.mrc, *.rec, *.map), a glob, a RELION 5 tomograms STAR or a CSV list.")
    String in;

    @Override
    String job() {
        return "pick";
    }

    @Override
    List<TaskSpec> specs(Path outDir) throws Exception {
        boolean list = in.toLowerCase(Locale.ROOT).endsWith(".star") || in.toLowerCase(Locale.ROOT).endsWith(".csv");
        List<TaskSpec> out = new ArrayList<>();
        for (BatchInput b : InputLists.resolve(localInput(in), data, List.of("mrc", "rec", "map"), true)) {
            String o = abs(outDir.resolve(b.name() + ".star"));
            List<String> a = new ArrayList<>(List.of("pick", "--in", abs(b.file()), "--out", o));
            if (list) a.addAll(List.of("--tomo-name", b.name()));
            if (!Double.isNaN(b.pixelSize())) a.addAll(List.of("--pixel-size", Double.toString(b.pixelSize())));
            a.addAll(passThrough);
            out.add(new TaskSpec(b.name(), abs(b.file()), o, List.of(o), List.of(TaskSpec.Step.of(a))));
        }
        return out;
    }
}
