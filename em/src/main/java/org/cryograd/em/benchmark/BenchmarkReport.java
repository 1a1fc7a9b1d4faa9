package org.cryograd.em.benchmark;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@link DualBenchmark#run} measured, as written to its CSV files.
 *
 * @param methods one row per method, in {@link DualBenchmark}'s order (none, the registry's baselines, dual) ({@code results.csv}, {@code details.csv})
 * @param picking where each method's picks landed, same order ({@code picking_breakdown.csv})
 * @param realism simulator name ({@code white_noise}, {@code physics_oracle}, {@code dual} when DUAL simulates) to its
 *                distances from the real test tomogram, in that order ({@code realism.csv})
 */
public record BenchmarkReport(List<MethodResult> methods, List<PickBreakdown> picking, Map<String, RealismScores> realism) {

    /** Copies the lists and the map (keeping its order); one breakdown per method. */
    public BenchmarkReport {
        methods = List.copyOf(methods);
        picking = List.copyOf(picking);
        if (picking.size() != methods.size())
            throw new IllegalArgumentException("BenchmarkReport: " + picking.size() + " pick breakdowns for " + methods.size() + " methods");
        realism = Collections.unmodifiableMap(new LinkedHashMap<>(realism));
    }
}
