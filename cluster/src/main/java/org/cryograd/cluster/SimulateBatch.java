package org.cryograd.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cryograd batch simulate}: per seed, {@code cryograd simulate phantom} then {@code cryograd simulate tilts} of
 * it with the same seed, into {@code OUT/seed_<s>/} ({@code phantom.mrc}, {@code tilts.mrc}, {@code tilts.tlt}).
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Simulate one phantom and its tilt series per seed (cryograd simulate phantom + simulate tilts); OUT/seed_<s>/.")
final class SimulateBatch extends BatchCommand {
    @Option(names = "--seeds", required = true, paramLabel = "LIST", order = 1, description = "Seeds: N (1..N), A-B, or A,B,C.")
    String seeds;

    @Option(names = "--size", required = true, paramLabel = "X,Y,Z", order = 2, description = "Phantom size in voxels.")
    String size;

    @Option(names = "--kind", defaultValue = "spheres", paramLabel = "KIND", order = 3, description = "Phantom kind (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--range", defaultValue = "-60,60", paramLabel = "MIN,MAX", order = 4, description = "Tilt range (default: ${DEFAULT-VALUE}).")
    String range;

    @Option(names = "--step", defaultValue = "2", paramLabel = "DEG", order = 5, description = "Tilt step (default: ${DEFAULT-VALUE}).")
    String step;

    @Option(names = "--snr", paramLabel = "S", order = 6, description = "Noise: var(signal)/var(noise) over the series (default: noiseless).")
    String snr;

    @Override
    String job() {
        return "simulate";
    }

    @Override
    List<TaskSpec> specs(Path outDir) {
        List<TaskSpec> out = new ArrayList<>();
        for (long s : parseSeeds(seeds)) {
            String name = "seed_" + s;
            Path dir = outDir.resolve(name);
            String phantom = abs(dir.resolve("phantom.mrc")), tilts = abs(dir.resolve("tilts.mrc")), tlt = abs(dir.resolve("tilts.tlt"));
            List<String> p = new ArrayList<>(List.of("simulate", "phantom", "--kind", kind, "--size", size, "--seed", Long.toString(s), "--out", phantom));
            List<String> t = new ArrayList<>(List.of("--device", TaskSpec.DEVICE, "simulate", "tilts", "--volume", phantom, "--range", range,
                    "--step", step, "--seed", Long.toString(s), "--out", tilts, "--angles", tlt));
            if (snr != null) t.addAll(List.of("--snr", snr));
            t.addAll(passThrough);
            out.add(new TaskSpec(name, "seed " + s, abs(dir), List.of(phantom, tilts, tlt), List.of(TaskSpec.Step.of(p), TaskSpec.Step.of(t))));
        }
        return out;
    }

    /** {@code N} (1..N), {@code A-B}, or {@code A,B,C} (each may be a range), sorted, without repeats. */
    static List<Long> parseSeeds(String text) {
        TreeSet<Long> out = new TreeSet<>();
        try {
            String t = text.strip();
            if (t.matches("\\d+")) {
                long n = Long.parseLong(t);
                if (n < 1 || n > 1_000_000) throw new IllegalArgumentException("--seeds " + text + ": a count must be 1 to 1000000");
                for (long i = 1; i <= n; i++) out.add(i);
            } else {
                for (String part : t.split(",")) {
                    String q = part.strip();
                    int dash = q.indexOf('-', 1);
                    if (dash > 0) {
                        long a = Long.parseLong(q.substring(0, dash).strip()), b = Long.parseLong(q.substring(dash + 1).strip());
                        if (b < a || b - a >= 1_000_000) throw new IllegalArgumentException("--seeds " + text + ": bad range " + q);
                        for (long i = a; i <= b; i++) out.add(i);
                    } else {
                        out.add(Long.parseLong(q));
                    }
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seeds " + text + ": expected N, A-B or A,B,C", e);
        }
        return new ArrayList<>(out);
    }
}
