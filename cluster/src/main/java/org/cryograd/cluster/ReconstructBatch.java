package org.cryograd.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cryograd batch reconstruct}: {@code cryograd reconstruct} on every tilt series, with the metadata files that
 * a list names or that lie beside the stack under its name: {@code TS.xf} (IMOD alignment), {@code TS.aln} (AreTomo),
 * {@code TS.mrc.mdoc} or {@code TS.mdoc} (SerialEM), {@code TS.defocus} (IMOD ctfplotter), and the angles
 * {@code TS.tlt}, else {@code TS.rawtlt} (looked for only when no {@code .aln} or tilt-series STAR gives the tilts). An
 * option given after {@code --} is not looked for.
 */
@Command(name = "reconstruct", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reconstruct every tilt series (cryograd reconstruct per input); OUT/<name>.mrc.",
            "Found by name beside each stack TS.mrc: TS.xf, TS.aln, TS.mrc.mdoc or TS.mdoc, TS.defocus, and TS.tlt (else TS.rawtlt) unless "
                    + ".aln or a tilt-series STAR gives the tilts; a RELION 5 tomograms STAR gives --tilt-star and --pixel-size.",
            "Method and its options after '--', e.g. -- --method wbp."})
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
            for (Map.Entry<String, Path> e : metadata(b, passThrough).entrySet()) a.addAll(List.of(e.getKey(), abs(e.getValue())));
            if (!Double.isNaN(b.pixelSize()) && !passThrough.contains("--pixel-size")) a.addAll(List.of("--pixel-size", Double.toString(b.pixelSize())));
            a.addAll(List.of("--out", o));
            a.addAll(passThrough);
            out.add(new TaskSpec(b.name(), abs(b.file()), o, List.of(o), List.of(TaskSpec.Step.of(a))));
        }
        return out;
    }

    /** The metadata options of one input: named by its list, else found by name; none that the pass-through gives. */
    static Map<String, Path> metadata(BatchInput b, List<String> passThrough) {
        Path dir = b.file().toAbsolutePath().getParent();
        String stem = InputLists.stem(b.file()), file = b.file().getFileName().toString();
        Map<String, Path> m = new LinkedHashMap<>(b.files());
        m.computeIfAbsent("--xf", k -> find(dir, stem + ".xf"));
        m.computeIfAbsent("--aln", k -> find(dir, stem + ".aln"));
        m.computeIfAbsent("--mdoc", k -> find(dir, file + ".mdoc", stem + ".mdoc"));
        m.computeIfAbsent("--defocus", k -> find(dir, stem + ".defocus"));
        boolean tiltsGiven = m.get("--aln") != null || m.get("--tilt-star") != null || passThrough.contains("--aln")
                || passThrough.contains("--tilt-star");
        if (!tiltsGiven) m.computeIfAbsent("--angles", k -> find(dir, stem + ".tlt", b.name() + ".tlt", stem + ".rawtlt", b.name() + ".rawtlt"));
        m.values().removeIf(java.util.Objects::isNull);
        m.keySet().removeIf(passThrough::contains);
        return m;
    }

    private static Path find(Path dir, String... names) {
        for (String n : names) {
            Path c = dir.resolve(n);
            if (Files.isRegularFile(c)) return c;
        }
        return null;
    }
}
