package org.cryograd.fiji;

import ij.IJ;
import java.awt.EventQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.cryograd.api.CancelledException;
import org.cryograd.api.Cancellation;
import org.cryograd.api.ProgressListener;

/**
 * How every cryograd command runs inside ImageJ: off the event thread, with progress in the status bar and progress
 * bar, cancelled by Esc, and failures shown as one line in an error dialog (the line the command line prints).
 */
final class Jobs {
    private Jobs() {}

    /** The work of one command. */
    interface Work {
        void run(ProgressListener progress, Cancellation cancel) throws Exception;
    }

    /**
     * Runs {@code work}: on the calling thread (a menu command or a macro already runs on its own thread, and a macro
     * needs the result before its next line), or on a new thread when called on the event dispatch thread.
     *
     * @param command the command's name, for messages (e.g. {@code "Reconstruct tilt series"})
     */
    static void run(String command, Work work) {
        if (EventQueue.isDispatchThread()) {
            Thread t = new Thread(() -> runHere(command, work), "cryograd: " + command);
            t.setDaemon(true);
            t.start();
        } else {
            runHere(command, work);
        }
    }

    private static void runHere(String command, Work work) {
        IJ.resetEscape();
        Cancellation cancel = Cancellation.polling(IJ::escapePressed);
        long start = System.nanoTime();
        try {
            work.run(Jobs::progress, cancel);
            IJ.showProgress(1.0);
            IJ.showStatus(String.format(Locale.ROOT, "cryograd: %s done in %.1f s", command, (System.nanoTime() - start) / 1e9));
        } catch (CancelledException e) {
            IJ.showProgress(1.0);
            IJ.showStatus("cryograd: " + command + " cancelled");
        } catch (Exception | OutOfMemoryError e) {
            IJ.showProgress(1.0);
            IJ.showStatus("");
            IJ.error("cryograd: " + command, message(command, e));
        } finally {
            IJ.resetEscape();
        }
    }

    private static void progress(String stage, long done, long total, String detail) {
        IJ.showProgress(total <= 0 ? 0 : (double) done / total);
        IJ.showStatus("cryograd " + stage + (detail == null || detail.isEmpty() ? "" : ": " + detail) + " (Esc to cancel)");
    }

    /**
     * The one-line message of a failure, as the command line words it: {@code "error: <message>"} for bad input and
     * failed jobs, {@code "internal error: <type>: <message>"} for anything else.
     */
    static String message(String command, Throwable e) {
        Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        if (t instanceof OutOfMemoryError)
            return "error: out of memory; give ImageJ more (Edit > Options > Memory & Threads) or use a smaller image";
        if (t instanceof IllegalArgumentException || t instanceof IOException || t instanceof IllegalStateException)
            return "error: " + oneLine(t.getMessage());
        return "internal error: " + t.getClass().getSimpleName() + ": " + oneLine(t.getMessage());
    }

    static String oneLine(String s) {
        if (s == null || s.isBlank()) return "(no message)";
        return s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
