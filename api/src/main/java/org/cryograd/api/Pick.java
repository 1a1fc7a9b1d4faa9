package org.cryograd.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cryograd.em.pick.CoordinateConvention;
import org.cryograd.em.pick.DogPicker;
import org.cryograd.em.pick.PickMatching;
import org.cryograd.em.pick.PickStar;
import org.cryograd.em.pick.TomogramFrame;

/**
 * Particle picking in a tomogram by difference of Gaussians ({@code sigma1}, {@code sigma2 = k sigma1}), greedy
 * non-maximum suppression and the top N responses, as {@code cryograd pick}.
 *
 * <p>Thread-safe: the calls keep no state. A picking pass runs on the CPU and is not interrupted part-way; the
 * {@link Cancellation} is checked before and after it.
 */
public final class Pick {
    private Pick() {}

    /**
     * How to pick.
     *
     * @param sigma    sigma1 in voxels (about particle radius / sqrt(3)); required
     * @param k        sigma2 / sigma1, greater than 1 (default 1.1, as the DUAL paper)
     * @param top      number of picks at most (default 500)
     * @param nms      minimum distance between picks in voxels, or NaN (default) for sqrt(3) sigma
     * @param polarity {@code dark} (default; raw cryo-ET) or {@code bright} (density maps, DUAL-denoised output)
     * @param border   skip picks closer than this many voxels to a face, or -1 (default) for floor(sqrt(3) sigma)
     */
    public record Options(double sigma, double k, int top, double nms, String polarity, int border) {
        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException naming the bad value
         */
        public Options {
            if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("sigma must be a positive number of voxels, got " + sigma);
            if (!(k > 1) || Double.isInfinite(k)) throw new IllegalArgumentException("k must be greater than 1, got " + k);
            if (top < 1) throw new IllegalArgumentException("top must be at least 1, got " + top);
            if (!Double.isNaN(nms) && !(nms >= 0 && Double.isFinite(nms))) throw new IllegalArgumentException("nms must be >= 0, got " + nms);
            if (border < -1) throw new IllegalArgumentException("border must be >= 0 (-1: the default), got " + border);
            polarity = polarity == null ? "" : polarity.trim().toLowerCase(Locale.ROOT);
            if (!polarity.equals("dark") && !polarity.equals("bright")) throw new IllegalArgumentException("polarity " + polarity + ": choose dark or bright");
        }

        /** The command line's defaults for this sigma: k 1.1, top 500, nms and border about a radius, dark particles. */
        public static Options of(double sigma) {
            return new Options(sigma, 1.1, 500, Double.NaN, "dark", -1);
        }

        /** A copy with another k. */
        public Options withK(double v) {
            return new Options(sigma, v, top, nms, polarity, border);
        }

        /** A copy with another number of picks. */
        public Options withTop(int n) {
            return new Options(sigma, k, n, nms, polarity, border);
        }

        /** A copy with another NMS distance (NaN: the default). */
        public Options withNms(double d) {
            return new Options(sigma, k, top, d, polarity, border);
        }

        /** A copy with another polarity. */
        public Options withPolarity(String p) {
            return new Options(sigma, k, top, nms, p, border);
        }

        /** A copy with another border (-1: the default). */
        public Options withBorder(int b) {
            return new Options(sigma, k, top, nms, polarity, b);
        }

        /** The NMS distance in effect. */
        public double nmsDistance() {
            return Double.isNaN(nms) ? Math.sqrt(3) * sigma : nms;
        }

        /** The border in effect. */
        public int borderVoxels() {
            return border >= 0 ? border : (int) Math.floor(Math.sqrt(3) * sigma);
        }

        DogPicker picker() {
            return new DogPicker(sigma, k, nmsDistance(), top, polarity.equals("bright") ? DogPicker.Polarity.BRIGHT : DogPicker.Polarity.DARK,
                    borderVoxels());
        }
    }

    /**
     * One pick.
     *
     * @param x     column, 0-based voxels
     * @param y     row, 0-based voxels
     * @param z     section, 0-based voxels
     * @param score the DoG response there (higher is more particle-like)
     */
    public record Particle(double x, double y, double z, double score) {}

    /**
     * Matching of picks against true positions: each true particle matched to at most one pick within a distance.
     *
     * @param matched   picks matched to a true particle
     * @param precision matched / picks
     * @param recall    matched / true particles
     * @param f1        harmonic mean of precision and recall
     */
    public record Match(int matched, double precision, double recall, double f1) {}

    /**
     * The picks, best first, and the tomogram they were picked in.
     *
     * @param particles the picks, in decreasing score
     * @param nx        tomogram width
     * @param ny        tomogram height
     * @param nz        tomogram thickness
     * @param voxelSize tomogram voxel size in Å (0 unknown)
     */
    public record Result(List<Particle> particles, int nx, int ny, int nz, double voxelSize) {
        /** Copies the list. */
        public Result {
            particles = List.copyOf(particles);
        }

        /**
         * Writes the picks as RELION STAR, as {@code cryograd pick --coords CONVENTION --tomo-name NAME} does.
         *
         * @param convention {@code voxel} (0-based voxels), {@code angstrom} (the same times the voxel size) or
         *                   {@code relion5} (centred Å with {@code _rlnTomoName}); the last two need a voxel size
         * @param tomoName   the tomogram's name ({@code _rlnTomoName} with {@code relion5})
         */
        public void writeStar(Path path, String convention, String tomoName) throws IOException {
            CoordinateConvention c;
            try {
                c = CoordinateConvention.parse(convention == null ? "" : convention);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("coordinate convention " + e.getMessage(), e);
            }
            TomogramFrame frame = new TomogramFrame(nx, ny, nz, voxelSize);
            if (c != CoordinateConvention.VOXEL && !frame.hasVoxelSize())
                throw new IllegalArgumentException("coordinates " + convention + ": the voxel size of the tomogram is unknown; give it one");
            if (tomoName == null || tomoName.isBlank()) throw new IllegalArgumentException("tomogram name must not be empty");
            PickStar.write(path, picks(particles), c, frame, tomoName);
        }

        /**
         * Scores the picks against true particle positions (0-based voxels of the same tomogram), each true particle
         * matched one-to-one to a pick within {@code maxDistance} voxels.
         */
        public Match match(List<Particle> truth, double maxDistance) {
            if (!(maxDistance > 0)) throw new IllegalArgumentException("match distance must be positive, got " + maxDistance);
            PickMatching.Result m = PickMatching.match(picks(particles), picks(truth), maxDistance);
            return new Match(m.truePositives(), m.precision(), m.recall(), m.f1());
        }
    }

    /** {@link #run(VolumeData, Options, ProgressListener, Cancellation)} without progress or cancellation. */
    public static Result run(VolumeData tomogram, Options options) {
        return run(tomogram, options, ProgressListener.NONE, Cancellation.NONE);
    }

    /** Picks particles in a tomogram held in memory. */
    public static Result run(VolumeData tomogram, Options options, ProgressListener progress, Cancellation cancel) {
        ProgressListener pl = progress == null ? ProgressListener.NONE : progress;
        Cancellation cx = cancel == null ? Cancellation.NONE : cancel;
        cx.check("pick");
        pl.progress("pick", 0, 1, "difference of Gaussians");
        List<org.cryograd.em.pick.Pick> picks = options.picker().pick(tomogram.data(), tomogram.nz(), tomogram.ny(), tomogram.nx());
        cx.check("pick");
        List<Particle> out = new ArrayList<>(picks.size());
        for (org.cryograd.em.pick.Pick p : picks) out.add(new Particle(p.x(), p.y(), p.z(), p.score()));
        pl.progress("pick", 1, 1, out.size() + " picks");
        return new Result(out, tomogram.nx(), tomogram.ny(), tomogram.nz(), tomogram.voxelSize());
    }

    /**
     * Reads a tomogram (MRC) and picks particles in it, as {@code cryograd pick --in MRC}.
     *
     * @throws IllegalArgumentException if the file is not a valid MRC file or holds a NaN or infinite value
     */
    public static Result run(Path tomogramMrc, Options options, ProgressListener progress, Cancellation cancel) throws IOException {
        return run(VolumeData.read(tomogramMrc), options, progress, cancel);
    }

    private static List<org.cryograd.em.pick.Pick> picks(List<Particle> ps) {
        List<org.cryograd.em.pick.Pick> out = new ArrayList<>(ps.size());
        for (Particle p : ps) out.add(new org.cryograd.em.pick.Pick(p.x(), p.y(), p.z(), p.score()));
        return out;
    }
}
