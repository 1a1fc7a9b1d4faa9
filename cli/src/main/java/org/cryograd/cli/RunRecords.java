package org.cryograd.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.cryograd.em.benchmark.RunRecord;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Writes a benchmark's {@code run.txt} ({@link RunRecord}): the command as typed, the commit of the checkout this
 * command line was built from (asked of {@code git}; {@code unknown} when there is none), the machine and the wall time.
 */
final class RunRecords {
    private RunRecords() {}

    /** Writes {@code dir/run.txt} for the command of {@code spec}, started at {@code start} ({@link System#nanoTime()} {@code t0}). */
    static void write(CommandSpec spec, Path dir, Instant start, long t0) throws IOException {
        double wall = (System.nanoTime() - t0) / 1e9;
        new RunRecord(commandLine(spec.root().commandLine().getParseResult().originalArgs()), commit(), RunRecord.thisMachine(), start, wall).write(dir);
    }

    /**
     * After a failed run: writes {@code run.txt} when the output directory exists (what the other methods measured is
     * there too); a failure to write it is added to {@code failure} as suppressed, never replacing it.
     */
    static void afterFailure(CommandSpec spec, Path dir, Instant start, long t0, Exception failure) {
        if (!Files.isDirectory(dir)) return;
        try {
            write(spec, dir, start, t0);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** {@code cryograd ARGS}, each argument quoted when the shell would split or expand it. */
    static String commandLine(List<String> args) {
        return "cryograd" + args.stream().map(a -> " " + (a.matches("[A-Za-z0-9_@%+=:,./-]+") ? a : "'" + a.replace("'", "'\\''") + "'"))
                .collect(Collectors.joining());
    }

    /**
     * The short commit of the git checkout holding this code (found by walking up from the jar or classes directory),
     * with {@code (with uncommitted changes)} when tracked files outside {@code results/} differ from it (recorded runs
     * written there by an earlier run of {@code bench/results.sh} do not change the code); {@code unknown} without git
     * or a checkout.
     */
    static String commit() {
        try {
            Path p = Path.of(RunRecords.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            while (p != null && !Files.exists(p.resolve(".git"))) p = p.getParent();
            if (p == null) return "unknown";
            String head = git(p, "rev-parse", "--short", "HEAD");
            if (head == null || head.isBlank()) return "unknown";
            String dirty = git(p, "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)results");
            return head.strip() + (dirty != null && !dirty.isBlank() ? " (with uncommitted changes)" : "");
        } catch (Exception | LinkageError e) {
            return "unknown";
        }
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = dir.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        Process pr = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = pr.getInputStream().readAllBytes();
        if (!pr.waitFor(10, TimeUnit.SECONDS) || pr.exitValue() != 0) {
            pr.destroy();
            return null;
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
