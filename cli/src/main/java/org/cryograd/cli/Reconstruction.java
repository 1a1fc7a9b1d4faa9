package org.cryograd.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.cryograd.coordnet.CnConfig;
import org.cryograd.em.recon.SirtOptions;
import org.cryograd.em.recon.WbpOptions;

/**
 * What {@code reconstruct} and {@code demo} say about a run (both run it through the embedding API): the log line
 * that announces it, and number formatting.
 */
final class Reconstruction {
    /**
     * What a run needs besides the data.
     *
     * @param wbp        WBP options
     * @param sirt       SIRT options
     * @param cn         coordinate-network settings
     * @param checkpoint CN checkpoint directory (null: none)
     */
    record Settings(WbpOptions wbp, SirtOptions sirt, CnConfig cn, Path checkpoint) {}

    private Reconstruction() {}

    /**
     * The log line that starts a run: the method and its settings.
     *
     * @param chunks the coordinate network's number of chunks (ignored for the other methods)
     */
    static void announce(Ui ui, Method method, Settings s, int views, int nx, int ny, int nz, int chunks) {
        switch (method) {
            case WBP -> ui.log("wbp: weighted back-projection, %s filter, %d views, volume %dx%dx%d", s.wbp().filter(), views, nx, ny, nz);
            case SIRT -> ui.log("sirt: %d iterations, relaxation %s%s", s.sirt().iterations(), s.sirt().relaxation(), s.sirt().positivity() ? ", positivity" : "");
            case CN -> {
                CnConfig c = s.cn();
                ui.log("cn: SIREN %d-%dx%d-1, w0 %s, %s, %s", c.inputFeatures(), c.hidden(), c.hiddenLayers() + 1, fmt(c.w0()),
                        c.wholeVolume() ? "whole volume, " + c.wholeVolumeIterations() + " steps"
                                : chunks + " chunk" + (chunks == 1 ? "" : "s") + " of " + c.slicesPerChunk() + " y-slices, " + c.firstChunkIterations()
                                        + " steps (middle) / " + c.chunkIterations() + " steps (others)",
                        s.checkpoint() == null ? "no checkpoint" : "checkpoint " + Ui.show(s.checkpoint()));
            }
            case DFI -> ui.log("dfi: direct Fourier inversion, %d views, volume %dx%dx%d", views, nx, ny, nz);
            default -> throw new IllegalStateException("unknown method " + method);
        }
    }

    /** A number as a user wrote it: no exponent, no trailing zeros, at most 4 significant digits after rounding. */
    static String plain(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        java.math.BigDecimal b = new java.math.BigDecimal(v).round(new java.math.MathContext(4));
        return b.stripTrailingZeros().toPlainString();
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%g", v);
    }
}
