package org.cryograd.em.denoise;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The registry of classical baselines: every benchmark that compares against "the classical denoisers", its tests and
 * the command line's help take them from {@link #ALL}, in this order. Adding one: a {@link Baseline} file, one entry
 * here, and its reference test (see em/README.md).
 */
public final class Baselines {
    private Baselines() {}

    /** Every baseline, in the order benchmarks run and report them. */
    public static final List<Baseline<?>> ALL = List.of(new GaussianBaseline(), new DiffusionBaseline(), new NlmBaseline());

    /** Their names, in order. */
    public static List<String> names() {
        return ALL.stream().map(Baseline::name).toList();
    }

    /** The baseline called {@code name}. */
    public static Baseline<?> byName(String name) {
        return ALL.stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no baseline '" + name + "'; known: " + String.join(", ", names())));
    }

    /** One line per baseline, {@code name: description}, joined by {@code separator} (for help texts). */
    public static String describe(String separator) {
        return ALL.stream().map(b -> b.name() + ": " + b.description()).collect(Collectors.joining(separator));
    }
}
