package org.cryograd.em.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.cryograd.io.AtomicFiles;

/**
 * What made a benchmark's results, written next to them as {@value #FILE}: the exact command, the source commit, the
 * machine, when it started and its wall time. Lines are {@code key: value}:
 * <pre>
 * command: cryograd benchmark dual --quick --seed 1 --out runs/dual
 * commit: 44cf547
 * machine: x86_64, 2 cores, Linux 6.1.0, Java 17.0.15 (OpenJDK 64-Bit Server VM), max heap 18 GiB
 * date: 2026-12-07T01:02Z
 * wall seconds: 612.4
 * </pre>
 *
 * @param command     the command line as typed (or a description of the library call)
 * @param commit      the source commit, {@code unknown} when not known
 * @param machine     {@link #thisMachine()} or another description
 * @param start       when the run started
 * @param wallSeconds its wall time
 */
public record RunRecord(String command, String commit, String machine, Instant start, double wallSeconds) {
    /** The file name. */
    public static final String FILE = "run.txt";

    /** Checks the fields; missing text becomes {@code unknown}. */
    public RunRecord {
        command = known(command);
        commit = known(commit);
        machine = known(machine);
        if (start == null) throw new IllegalArgumentException("RunRecord: start is null");
    }

    /** Architecture, cores, OS, JVM and the heap limit of the running JVM. */
    public static String thisMachine() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%s, %d cores, %s %s, Java %s (%s), max heap %.1f GiB", System.getProperty("os.arch"), rt.availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                rt.maxMemory() / (double) (1L << 30));
    }

    /** The file's text. */
    public String text() {
        return "command: " + command + '\n'
                + "commit: " + commit + '\n'
                + "machine: " + machine + '\n'
                + "date: " + DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC).format(start) + '\n'
                + String.format(Locale.ROOT, "wall seconds: %.1f%n", wallSeconds).replace(System.lineSeparator(), "\n");
    }

    /** Writes {@link #text()} to {@code dir/run.txt} atomically. */
    public void write(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve(FILE), text().getBytes(StandardCharsets.UTF_8));
    }

    private static String known(String s) {
        return s == null || s.isBlank() ? "unknown" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
