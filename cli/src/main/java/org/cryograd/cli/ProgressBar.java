package org.cryograd.cli;

import java.util.Locale;

/**
 * Progress of one job: on a terminal a bar redrawn in place on stderr (at most every 100 ms), otherwise a plain
 * log line at most every {@value #PLAIN_INTERVAL_S} seconds and one at the end.
 */
final class ProgressBar {
    static final int PLAIN_INTERVAL_S = 15;
    private static final int WIDTH = 28;

    private final Ui ui;
    private final String label;
    private final long total;
    private final long start = System.nanoTime();
    private long lastDraw = Long.MIN_VALUE;
    private long lastPlain = System.nanoTime();
    private int lastLength;

    ProgressBar(Ui ui, String label, long total) {
        this.ui = ui;
        this.label = label;
        this.total = Math.max(1, total);
    }

    /** Seconds since the bar was created. */
    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Reports {@code done} of {@code total} units with a short free-text detail (may be empty). */
    void update(long done, String detail) {
        long now = System.nanoTime();
        if (ui.terminal) {
            if (lastDraw != Long.MIN_VALUE && now - lastDraw < 100_000_000L && done < total) return;
            lastDraw = now;
            draw(done, detail, false);
        } else if (now - lastPlain >= PLAIN_INTERVAL_S * 1_000_000_000L) {
            lastPlain = now;
            ui.log("%s: %d/%d (%d%%)%s", label, done, total, percent(done), detail.isEmpty() ? "" : ", " + detail);
        }
    }

    /** Ends the bar: the final state, then a new line on a terminal, or one log line otherwise. */
    void finish(long done, String detail) {
        if (ui.terminal) draw(done, detail, true);
        else ui.log("%s: done%s", label, detail.isEmpty() ? "" : ", " + detail);
    }

    private void draw(long done, String detail, boolean last) {
        int filled = (int) Math.min(WIDTH, done * WIDTH / total);
        String line = String.format(Locale.ROOT, "%-16s [%s%s] %3d%% %s", label, "#".repeat(filled), "-".repeat(WIDTH - filled), percent(done), detail);
        StringBuilder sb = new StringBuilder("\r").append(line);
        if (line.length() < lastLength) sb.append(" ".repeat(lastLength - line.length()));
        lastLength = line.length();
        if (last) sb.append(System.lineSeparator());
        ui.err.print(sb);
        ui.err.flush();
    }

    private int percent(long done) {
        return (int) Math.min(100, done * 100 / total);
    }

    /** "m:ss" for an estimate in seconds, "?" when not finite. */
    static String clock(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) return "?";
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
