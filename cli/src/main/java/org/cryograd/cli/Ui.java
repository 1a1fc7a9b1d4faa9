package org.cryograd.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a command talks to the user: results and summaries on {@code out}, progress and log lines on {@code err}
 * (so that {@code out} stays clean for pipes), with a terminal flag deciding between progress bars and plain lines.
 */
final class Ui {
    final PrintWriter out;
    final PrintWriter err;
    final boolean terminal;
    final boolean verbose;

    Ui(PrintWriter out, PrintWriter err, boolean terminal, boolean verbose) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.verbose = verbose;
    }

    /** One log line on err, prefixed with "cryograd: ". */
    void log(String fmt, Object... args) {
        err.println("cryograd: " + String.format(Locale.ROOT, fmt, args));
        err.flush();
    }

    /** One log line on err, only with -v. */
    void debug(String fmt, Object... args) {
        if (verbose) log(fmt, args);
    }

    /** A path as shown to the user: relative to the working directory when it lies under it. */
    static String show(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    /** Seconds as "12.3 s" or "4 min 05 s". */
    static String duration(double seconds) {
        if (seconds < 60) return String.format(Locale.ROOT, "%.1f s", seconds);
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
}
