package org.cryograd.em.benchmark;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One method on one data item in a benchmark: its scores and its timings, or why it failed. Every benchmark of the
 * project (the DUAL denoise-and-pick table, the reconstruction demo's {@code EvaluationHarness}, the polar particle
 * benchmark) reports its rows with this record, and {@link ResultsTable} writes them in one long format.
 *
 * @param method         the method's label ({@code none}, {@code gaussian}, {@code wbp}, {@code polar_transformer}, ...)
 * @param data           the data item it ran on ({@code tomogram_9}, {@code spheres}, {@code directional_snr0.02}, ...)
 * @param parameters     the parameters used (after tuning) as text, {@code -} when there are none
 * @param metrics        metric name to value, in the benchmark's fixed order (NaN values when the method failed)
 * @param prepareSeconds wall time of tuning or training before the method could run (0 when there is none)
 * @param runSeconds     wall time of the method itself on the data item (denoising, reconstruction)
 * @param failure        {@code null}, or the error of a method that threw (its metrics are then NaN)
 */
public record MethodResult(String method, String data, String parameters, Map<String, Double> metrics, double prepareSeconds, double runSeconds,
                           String failure) {

    /** Checks the names and copies the metrics (keeping their order). */
    public MethodResult {
        if (method == null || method.isEmpty()) throw new IllegalArgumentException("MethodResult: method name is empty");
        if (data == null || data.isEmpty()) throw new IllegalArgumentException("MethodResult: data name is empty (method " + method + ")");
        if (parameters == null) parameters = "-";
        if (metrics == null) throw new IllegalArgumentException("MethodResult: metrics of " + method + " are null");
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** A result that measured {@code metrics} with no failure. */
    public static MethodResult of(String method, String data, String parameters, Map<String, Double> metrics, double prepareSeconds, double runSeconds) {
        return new MethodResult(method, data, parameters, metrics, prepareSeconds, runSeconds, null);
    }

    /** A failed method: every metric NaN, the error kept. */
    public static MethodResult failed(String method, String data, List<String> metricNames, double runSeconds, String failure) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String n : metricNames) m.put(n, Double.NaN);
        return new MethodResult(method, data, "-", m, Double.NaN, runSeconds, failure == null ? "failed" : failure);
    }

    /** Whether the method threw instead of producing scores. */
    public boolean failed() {
        return failure != null;
    }

    /**
     * One metric's value.
     *
     * @throws IllegalArgumentException if this result has no such metric (the message lists the ones it has)
     */
    public double metric(String name) {
        Double v = metrics.get(name);
        if (v == null) throw new IllegalArgumentException("MethodResult " + method + ": no metric '" + name + "' (has " + metrics.keySet() + ")");
        return v;
    }

    /** A copy with other parameters text (e.g. a summary's "mean of seeds ..."). */
    public MethodResult withParameters(String p) {
        return new MethodResult(method, data, p, metrics, prepareSeconds, runSeconds, failure);
    }
}
