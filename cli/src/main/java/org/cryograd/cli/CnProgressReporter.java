package org.cryograd.cli;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.cryograd.coordnet.CnConfig;
import org.cryograd.nn.train.Stage;
import org.cryograd.nn.train.StepReport;
import org.cryograd.nn.train.TrainingListener;

/**
 * Shows a coordinate-network run: one progress bar per chunk on a terminal (with the loss, overall progress and an
 * estimate of the time left), plain log lines otherwise. Thread-safe (chunks may train concurrently).
 */
final class CnProgressReporter implements TrainingListener {
    private final Ui ui;
    private final String name;
    private final long totalSteps;
    private final int ny;
    private final int slicesPerChunk;
    private final int firstIterations;
    private final int otherIterations;
    private final Map<Integer, ProgressBar> bars = new HashMap<>();
    private final Map<Integer, Integer> iterations = new HashMap<>();
    private final Map<Integer, Double> losses = new HashMap<>();
    private final long start = System.nanoTime();
    private long stepsDone;
    private long stepsThisRun;

    /**
     * @param config the run's settings (for the total number of steps)
     * @param chunks the number of chunks
     * @param ny     the number of y-slices
     */
    CnProgressReporter(Ui ui, String name, CnConfig config, int chunks, int ny) {
        this.ui = ui;
        this.name = name;
        this.ny = ny;
        this.slicesPerChunk = config.wholeVolume() ? ny : config.slicesPerChunk();
        this.firstIterations = config.wholeVolume() ? config.wholeVolumeIterations() : config.firstChunkIterations();
        this.otherIterations = config.chunkIterations();
        this.totalSteps = config.wholeVolume() ? config.wholeVolumeIterations()
                : config.firstChunkIterations() + (long) (chunks - 1) * config.chunkIterations();
    }

    private String chunkLabel(int chunk, int chunks) {
        return String.format(Locale.ROOT, "%s chunk %d/%d", name, chunk + 1, chunks);
    }

    private String rows(int chunk) {
        int y0 = chunk * slicesPerChunk, y1 = Math.min(ny, y0 + slicesPerChunk) - 1;
        return "y " + y0 + "-" + y1;
    }

    @Override
    public synchronized void started(Stage stage) {
        int chunk = stage.index(), chunks = stage.count(), iters = (int) stage.totalSteps();
        bars.put(chunk, new ProgressBar(ui, chunkLabel(chunk, chunks), iters));
        iterations.put(chunk, iters);
        if (!ui.terminal) ui.log("%s: training (%s, %d steps)", chunkLabel(chunk, chunks), rows(chunk), iters);
    }

    @Override
    public synchronized void step(Stage stage, StepReport report) {
        int chunk = stage.index(), iteration = (int) report.step() - 1;
        double loss = report.losses().get("total");
        if (!losses.containsKey(chunk)) stepsDone += iteration; // a resumed chunk: the steps of the earlier run
        stepsDone++;
        stepsThisRun++;
        losses.put(chunk, loss);
        ProgressBar bar = bars.get(chunk);
        if (bar != null) bar.update(iteration + 1, detail(iteration + 1, loss));
    }

    private String detail(int step, double loss) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        double eta = stepsThisRun == 0 ? Double.NaN : elapsed / stepsThisRun * Math.max(0, totalSteps - stepsDone);
        return String.format(Locale.ROOT, "step %d, loss %.5f | all %d%%, left ~%s", step, loss,
                (int) Math.min(100, stepsDone * 100 / Math.max(1, totalSteps)), ProgressBar.clock(eta));
    }

    @Override
    public synchronized void finished(Stage stage) {
        int chunk = stage.index(), chunks = stage.count();
        ProgressBar bar = bars.remove(chunk);
        int iters = iterations.getOrDefault(chunk, 0);
        Double loss = losses.remove(chunk);
        String d = String.format(Locale.ROOT, "%s, %d steps, %s%s", rows(chunk), iters, Ui.duration(bar == null ? 0 : bar.seconds()),
                loss == null ? "" : String.format(Locale.ROOT, ", loss %.5f", loss));
        if (bar != null) bar.finish(iters, d);
        else ui.log("%s: done, %s", chunkLabel(chunk, chunks), d);
    }

    @Override
    public synchronized void restored(Stage stage) {
        int chunk = stage.index(), chunks = stage.count();
        // a finished chunk of an earlier run counts as done
        stepsDone += chunks == 1 || chunk == chunks / 2 ? firstIterations : otherIterations;
        ui.log("%s: restored from the checkpoint (%s)", chunkLabel(chunk, chunks), rows(chunk));
    }
}
