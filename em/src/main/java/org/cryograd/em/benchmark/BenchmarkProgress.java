package org.cryograd.em.benchmark;

/** Progress of a long benchmark: a stage name and a human-readable message. */
@FunctionalInterface
public interface BenchmarkProgress {
    /** Reports nothing. */
    BenchmarkProgress NONE = (stage, message) -> {};

    /** Called as the benchmark proceeds (from the calling thread). */
    void report(String stage, String message);
}
