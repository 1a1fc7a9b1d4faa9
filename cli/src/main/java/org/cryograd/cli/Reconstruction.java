package org.cryograd.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.cryograd.coordnet.CnConfig;
import org.cryograd.coordnet.CoordNetReconstructor;
import org.cryograd.em.geometry.Projector;
import org.cryograd.em.recon.FourierInversion;
import org.cryograd.em.recon.Sirt;
import org.cryograd.em.recon.SirtOptions;
import org.cryograd.em.recon.Wbp;
import org.cryograd.em.recon.WbpOptions;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Tensor;

/**
 * Runs one reconstruction method on a projector with progress display and timing ({@code demo}); the log line that
 * announces a run ({@code reconstruct} too, which runs through the embedding API), and number formatting.
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

    /**
     * The result of a run.
     *
     * @param volume  the reconstruction {@code [nz, ny, nx]} on the CPU
     * @param seconds wall time of the reconstruction itself
     */
    record Result(Tensor volume, double seconds) {}

    private Reconstruction() {}

    static Result run(Ui ui, Method method, Projector p, Tensor tilts, Device device, Settings s) {
        Tensor t = device.equals(Device.cpu()) ? tilts : tilts.to(device);
        int ny = tilts.dim(1);
        long start = System.nanoTime();
        Tensor v;
        switch (method) {
            case WBP -> {
                announce(ui, method, s, p.views(), p.nx(), ny, p.nz(), 0);
                v = Wbp.reconstruct(p, t, s.wbp());
            }
            case SIRT -> {
                int n = s.sirt().iterations();
                announce(ui, method, s, p.views(), p.nx(), ny, p.nz(), 0);
                ProgressBar bar = new ProgressBar(ui, "sirt", n);
                v = Sirt.reconstruct(p, t, s.sirt(), it -> bar.update(it, "iteration " + it + "/" + n));
                if (ui.terminal) bar.finish(n, n + " iterations, " + Ui.duration(bar.seconds()));
            }
            case CN -> {
                CnConfig c = s.cn();
                CoordNetReconstructor r = new CoordNetReconstructor(c);
                int chunks = r.chunkCount(ny);
                announce(ui, method, s, p.views(), p.nx(), ny, p.nz(), chunks);
                v = r.reconstruct(p, t, s.checkpoint(), new CnProgressReporter(ui, "cn", c, chunks, ny));
            }
            case DFI -> {
                announce(ui, method, s, p.views(), p.nx(), ny, p.nz(), 0);
                v = FourierInversion.reconstruct(p, t);
            }
            default -> throw new IllegalStateException("unknown method " + method);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Tensor cpu = v.device().equals(Device.cpu()) ? v : v.to(Device.cpu());
        // finite input gives a finite volume; should a method still produce NaN/Inf, nothing is written
        org.cryograd.tensor.NonFinite bad = org.cryograd.tensor.NonFinite.of(cpu);
        if (bad.any()) throw new CliError(method.label() + ": the reconstruction has " + bad.summary() + " (first at flat index " + bad.firstIndex()
                + "); nothing written");
        ui.log("%s: done in %s", method.label(), Ui.duration(seconds));
        return new Result(cpu, seconds);
    }

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
