package org.cryograd.cli;

import java.util.HashMap;
import java.util.Map;
import org.cryograd.api.ProgressListener;

/**
 * The embedding API's progress shown as the command line shows it: a {@link ProgressBar} per stage ({@code sirt}
 * iterations, {@code dual} tile passes), the coordinate network's chunks through a {@link CnProgressReporter}. Other
 * stages (a WBP, a picking pass) are one short computation and show nothing. Thread-safe.
 */
final class ProgressDisplay implements ProgressListener {
    private final Ui ui;
    private final CnProgressReporter cn;
    private final Map<String, ProgressBar> bars = new HashMap<>();
    private final Map<String, Long> done = new HashMap<>();

    /** A display without a coordinate-network reporter. */
    ProgressDisplay(Ui ui) {
        this(ui, null);
    }

    /** A display whose {@code cn chunk i/n} stages go to {@code cn} (null: not shown). */
    ProgressDisplay(Ui ui, CnProgressReporter cn) {
        this.ui = ui;
        this.cn = cn;
    }

    @Override
    public synchronized void progress(String stage, long d, long total, String detail) {
        if (stage.startsWith(CnProgressReporter.STAGE)) {
            if (cn != null) cn.progress(stage, d, total, detail);
            return;
        }
        if (!stage.equals("sirt") && !stage.equals("dual")) return;
        ProgressBar bar = bars.computeIfAbsent(stage, s -> new ProgressBar(ui, s, total));
        done.put(stage, d);
        if (d > 0 && !"done".equals(detail)) bar.update(d, detail);
    }

    /**
     * Ends a stage's bar on a terminal with the units done, e.g. {@code "20 iterations, 1.2 s"} (a plain log says
     * nothing more: the command's own line follows).
     *
     * @param unit the plural unit, e.g. {@code "iterations"}
     */
    synchronized void finish(String stage, String unit) {
        ProgressBar bar = bars.remove(stage);
        long d = done.getOrDefault(stage, 0L);
        if (bar != null && ui.terminal) bar.finish(d, d + " " + unit + ", " + Ui.duration(bar.seconds()));
    }
}
