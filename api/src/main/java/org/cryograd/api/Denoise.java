package org.cryograd.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.cryograd.dual.Augment;
import org.cryograd.dual.DualModel;
import org.cryograd.dual.TiledInference;
import org.cryograd.dual.Volume;
import org.cryograd.dual.VolumeSource;
import org.cryograd.io.FileFormatException;
import org.cryograd.io.MrcHeader;
import org.cryograd.io.MrcMode;
import org.cryograd.io.MrcReader;
import org.cryograd.io.MrcWriter;
import org.cryograd.io.NonFiniteVoxels;
import org.cryograd.nn.io.SafeTensorsException;
import org.cryograd.tensor.Tensor;

/**
 * Denoises a tomogram of any size with a trained DUAL model (a {@code cryograd train-dual} output folder or its
 * {@code model/}): overlapping tiles, blended; by default the denoiser is averaged over the flips the model was trained
 * with. Values come out in the clean domain's standardised units.
 *
 * <p>Thread-safe: every call loads its own copy of the model. The same input and options give the same volume, bit for
 * bit, as {@code cryograd denoise} (on the same device).
 */
public final class Denoise {
    private Denoise() {}

    /**
     * How to denoise.
     *
     * @param singlePass one denoiser pass per tile instead of the average over the model's training flips (4x faster,
     *                   a little worse); default false
     * @param overlap    overlap of neighbouring tiles in voxels, or -1 (default) for the model's own
     * @param device     {@code auto} (default), {@code cpu}, {@code cuda} or {@code cuda:N}
     */
    public record Options(boolean singlePass, int overlap, String device) {
        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException naming the bad value
         */
        public Options {
            if (overlap < -1) throw new IllegalArgumentException("overlap must be >= 0 voxels (-1: the model's), got " + overlap);
            device = Devices.check(device);
        }

        /** Averaged over the model's flips, the model's overlap, device auto. */
        public static Options defaults() {
            return new Options(false, -1, "auto");
        }

        /** A copy with single-pass on or off. */
        public Options withSinglePass(boolean on) {
            return new Options(on, overlap, device);
        }

        /** A copy with another tile overlap (-1: the model's). */
        public Options withOverlap(int voxels) {
            return new Options(singlePass, voxels, device);
        }

        /** A copy with another device. */
        public Options withDevice(String d) {
            return new Options(singlePass, overlap, d);
        }
    }

    /**
     * A denoised tomogram.
     *
     * @param volume  the denoised values, same shape and voxel size as the input
     * @param passes  denoiser passes run (tiles times flips)
     * @param seconds wall time of the denoising itself
     */
    public record Result(VolumeData volume, long passes, double seconds) {}

    /** {@link #run(Path, VolumeData, Options, ProgressListener, Cancellation)} without progress or cancellation. */
    public static Result run(Path modelDir, VolumeData tomogram, Options options) throws IOException {
        return run(modelDir, tomogram, options, ProgressListener.NONE, Cancellation.NONE);
    }

    /**
     * Denoises a tomogram held in memory.
     *
     * @param modelDir a DUAL model folder ({@code config.properties} + {@code weights.safetensors}) or the training
     *                 output folder holding it as {@code model/}
     * @param progress receives a report before every denoiser pass and one at the end (stage {@code "dual"}; done = passes
     *                 finished)
     * @param cancel   checked before every pass
     * @throws IOException              if the model cannot be read
     * @throws IllegalArgumentException if the folder is not a DUAL model or a weight is not finite
     * @throws CancelledException       if cancelled
     */
    public static Result run(Path modelDir, VolumeData tomogram, Options options, ProgressListener progress, Cancellation cancel) throws IOException {
        DualModel m = load(modelDir, options);
        Volume in = new Volume(tomogram.data(), tomogram.nz(), tomogram.ny(), tomogram.nx());
        long t0 = System.nanoTime();
        Counter c = new Counter(m, tomogram.nz(), tomogram.ny(), tomogram.nx(), flips(m, options), progress, cancel);
        Volume out = m.denoise(VolumeSource.of(in), flips(m, options), c);
        return new Result(new VolumeData(out.data(), out.nx(), out.ny(), out.nz(), tomogram.voxelSize()), c.finish(), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Denoises an MRC file into another, as {@code cryograd denoise --model DIR --in IN --out OUT}: the output is float32
     * with the input's header otherwise (voxel size, origin, labels), written atomically. The input is read by z-slabs.
     *
     * @throws IllegalArgumentException if the input is not a valid MRC file or holds a NaN or infinite value
     * @see #run(Path, VolumeData, Options, ProgressListener, Cancellation)
     */
    public static Result run(Path modelDir, Path inMrc, Path outMrc, Options options, ProgressListener progress, Cancellation cancel) throws IOException {
        Mrc.file(inMrc);
        try (MrcReader r = MrcReader.open(inMrc)) {
            NonFiniteVoxels.Found bad = NonFiniteVoxels.scan(r);
            if (bad != null) throw new IllegalArgumentException(bad.message() + "; the data must be finite");
        } catch (FileFormatException e) {
            throw new IllegalArgumentException("not a valid MRC file: " + e.getMessage(), e);
        }
        DualModel m = load(modelDir, options);
        long t0 = System.nanoTime();
        Volume out;
        MrcHeader header;
        long passes;
        try (MrcReader r = MrcReader.open(inMrc)) {
            header = r.header();
            Counter c = new Counter(m, header.nz(), header.ny(), header.nx(), flips(m, options), progress, cancel);
            out = m.denoise(VolumeSource.mrc(r), flips(m, options), c);
            passes = c.finish();
        } catch (FileFormatException | UncheckedIOException e) {
            throw new IllegalArgumentException(inMrc + ": " + e.getMessage(), e);
        }
        MrcHeader h = header.toBuilder().mode(MrcMode.FLOAT32).build();
        try (Tensor t = Tensor.of(out.data(), out.nz(), out.ny(), out.nx())) {
            MrcWriter.write(outMrc, t, h);
        }
        return new Result(new VolumeData(out.data(), out.nx(), out.ny(), out.nz(), Mrc.voxelSize(header)), passes, (System.nanoTime() - t0) / 1e9);
    }

    /** The model folder: the one given, or its {@code model/} when the given one is a training output folder. */
    static Path modelDir(Path given) {
        if (given == null || !Files.isDirectory(given)) throw new IllegalArgumentException("model " + given + ": no such directory (train one with 'cryograd train-dual')");
        Path inner = given.resolve("model");
        if (!Files.exists(given.resolve(DualModel.CONFIG)) && Files.isDirectory(inner)) given = inner;
        if (!Files.exists(given.resolve(DualModel.CONFIG)) || !Files.exists(given.resolve(DualModel.WEIGHTS)))
            throw new IllegalArgumentException("model " + given + ": not a DUAL model directory (expected " + DualModel.CONFIG + " and " + DualModel.WEIGHTS + ")");
        return given;
    }

    private static DualModel load(Path given, Options o) throws IOException {
        Path dir = modelDir(given);
        DualModel m;
        try {
            m = DualModel.load(dir);
        } catch (FileFormatException | SafeTensorsException | IllegalArgumentException e) {
            throw new IllegalArgumentException("model " + dir + ": " + e.getMessage(), e);
        }
        if (o.overlap() >= 0) {
            try {
                m = m.withTileOverlap(o.overlap());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("overlap " + o.overlap() + ": " + e.getMessage(), e);
            }
        }
        m.to(Devices.resolve(o.device()));
        return m;
    }

    private static Augment flips(DualModel m, Options o) {
        return o.singlePass() ? Augment.NONE : m.config().augment();
    }

    /** Counts denoiser passes for the listener and checks for cancellation before each. */
    private static final class Counter implements Runnable {
        final AtomicLong done = new AtomicLong();
        private final long total;
        private final ProgressListener pl;
        private final Cancellation cancel;

        Counter(DualModel m, int nz, int ny, int nx, Augment flips, ProgressListener pl, Cancellation cancel) {
            TiledInference t = new TiledInference(m.config().patchSize(), m.config().tileOverlap());
            this.total = (long) t.starts(nz).size() * t.starts(ny).size() * t.starts(nx).size() * flips.count();
            this.pl = pl == null ? ProgressListener.NONE : pl;
            this.cancel = cancel == null ? Cancellation.NONE : cancel;
            this.cancel.check("denoise");
        }

        /** Before each pass: reports the passes done so far, then checks for cancellation. */
        @Override
        public void run() {
            long d = done.get();
            pl.progress("dual", d, Math.max(total, d), "tile pass " + (d + 1) + "/" + total);
            cancel.check("denoise");
            done.incrementAndGet();
        }

        /** After the last pass. */
        long finish() {
            long d = done.get();
            pl.progress("dual", d, Math.max(total, d), "done");
            return d;
        }
    }
}
