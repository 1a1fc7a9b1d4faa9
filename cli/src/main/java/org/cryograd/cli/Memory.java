package org.cryograd.cli;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The Java heap against a job's needs: a check before the work for the jobs whose size is known from their options or
 * input headers, and the one line an {@link OutOfMemoryError} becomes.
 */
final class Memory {
    private static final double GIB = 1024.0 * 1024 * 1024;

    private Memory() {}

    /** Bytes of one float32 array of {@code n} elements. */
    static long floats(long n) {
        return 4 * n;
    }

    /**
     * Refuses, before any work, a job that cannot fit in the heap.
     *
     * @param job what is being done, e.g. "a 1024x1024x256 phantom"
     * @param bytes a lower bound of what the job holds at once (so only jobs that certainly fail are refused)
     * @param what how {@code bytes} is made up, for the message
     */
    static void require(String job, long bytes, String what) {
        require(job, bytes, what, Runtime.getRuntime().maxMemory());
    }

    static void require(String job, long bytes, String what, long maxHeap) {
        if (maxHeap == Long.MAX_VALUE || bytes <= maxHeap) return;
        throw new CliError(String.format(Locale.ROOT, "%s needs at least %s of memory (%s) but the Java heap may use at most %s; %s", job,
                gib(bytes), what, gib(maxHeap), advice(bytes)));
    }

    /** The one line for an OutOfMemoryError (the heap is free again once the job has unwound). */
    static String outOfMemory() {
        return "out of memory: the job did not fit in the Java heap (at most " + gib(Runtime.getRuntime().maxMemory()) + "); "
                + advice(Runtime.getRuntime().maxMemory() * 2);
    }

    /** What to do about a need of {@code bytes}: a larger heap if the machine has it, else a smaller job. */
    private static String advice(long bytes) {
        long giB = (long) Math.ceil(bytes * 1.25 / GIB) + 1;
        long physical = physicalMemory();
        String smaller = "or make the job smaller (a smaller --size, fewer views, or a smaller tile)";
        if (physical > 0 && giB * GIB > physical)
            return "this machine has only " + gib(physical) + " of memory: make the job smaller (a smaller --size, fewer views, or a smaller tile)";
        return "give Java more with CRYOGRAD_JAVA_OPTS=-Xmx" + giB + "g" + (physical > 0 ? " (this machine has " + gib(physical) + ")" : "") + ", "
                + smaller;
    }

    /** The machine's (or container's) memory in bytes, or 0 when the JVM does not say. */
    static long physicalMemory() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) return os.getTotalMemorySize();
        } catch (RuntimeException | LinkageError e) {
            // not a HotSpot-style JVM: no advice about the machine's size
        }
        return 0;
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, bytes >= GIB ? "%.1f GiB" : "%.0f MiB", bytes >= GIB ? bytes / GIB : bytes / (1024.0 * 1024));
    }
}
