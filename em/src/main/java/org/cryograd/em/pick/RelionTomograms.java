package org.cryograd.em.pick;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cryograd.io.StarBlock;
import org.cryograd.io.StarFile;
import org.cryograd.io.StarTable;

/**
 * RELION 5 tomograms STAR ({@code data_global}: {@code rlnTomoName}, {@code rlnTomoSizeX/Y/Z} in unbinned tilt-series
 * pixels, {@code rlnTomoTiltSeriesPixelSize}, optional {@code rlnTomoTomogramBinning}) and optimisation sets
 * ({@code rlnTomoParticlesFile}, {@code rlnTomoTomogramsFile}).
 *
 * <p>{@link #unbinned(String)} is RELION's own frame: size {@code rlnTomoSizeX/Y/Z}, voxel = tilt-series pixel, centre
 * {@code size/2} (RELION 5 {@code TomogramSet::loadTomogram}); centred Å read through it are exact.
 * {@link #binned(String)} is the reconstructed tomogram's: size rounded from {@code size / binning}, voxel
 * {@code pixel × binning}; its centre equals RELION's when the size divides by the binning.
 */
public final class RelionTomograms {
    /**
     * One tomogram's geometry.
     *
     * @param sizeX     {@code rlnTomoSizeX}, unbinned pixels
     * @param sizeY     {@code rlnTomoSizeY}
     * @param sizeZ     {@code rlnTomoSizeZ}
     * @param pixelSize {@code rlnTomoTiltSeriesPixelSize}, Å
     * @param binning   {@code rlnTomoTomogramBinning} (1 when absent)
     */
    public record Tomogram(int sizeX, int sizeY, int sizeZ, double pixelSize, double binning) {}

    private final Map<String, Tomogram> tomograms;
    private final String source;

    private RelionTomograms(Map<String, Tomogram> tomograms, String source) {
        this.tomograms = tomograms;
        this.source = source;
    }

    /** Reads a tomograms STAR file. @param path the file @return its tomograms @throws IOException on a read error */
    public static RelionTomograms read(Path path) throws IOException {
        return of(StarFile.read(path), path.toString());
    }

    /**
     * The tomograms of a parsed file: the first table with {@code rlnTomoName}, {@code rlnTomoSizeX/Y/Z} and
     * {@code rlnTomoTiltSeriesPixelSize}.
     *
     * @param star   the file
     * @param source its name in errors
     * @return the tomograms by name, in file order
     * @throws IllegalArgumentException naming the file and the missing columns
     */
    public static RelionTomograms of(StarFile star, String source) {
        String[] need = {"rlnTomoName", "rlnTomoSizeX", "rlnTomoSizeY", "rlnTomoSizeZ", "rlnTomoTiltSeriesPixelSize"};
        for (StarBlock b : star.blocks())
            for (StarTable t : b.tables()) {
                boolean all = true;
                for (String c : need) all &= t.hasColumn(c);
                if (!all) continue;
                String[] names = t.strings("rlnTomoName");
                int[] x = t.ints("rlnTomoSizeX"), y = t.ints("rlnTomoSizeY"), z = t.ints("rlnTomoSizeZ");
                double[] p = t.doubles("rlnTomoTiltSeriesPixelSize");
                double[] bin = t.hasColumn("rlnTomoTomogramBinning") ? t.doubles("rlnTomoTomogramBinning") : null;
                Map<String, Tomogram> out = new LinkedHashMap<>();
                for (int r = 0; r < names.length; r++) {
                    double bn = bin == null ? 1 : bin[r];
                    if (!(p[r] > 0) || !(bn > 0) || x[r] < 1 || y[r] < 1 || z[r] < 1)
                        throw new IllegalArgumentException(source + ", block '" + b.name() + "', row " + r + ": tomogram " + names[r]
                                + " has size " + x[r] + " x " + y[r] + " x " + z[r] + ", pixel size " + p[r] + ", binning " + bn
                                + " (all must be positive)");
                    out.put(names[r], new Tomogram(x[r], y[r], z[r], p[r], bn));
                }
                return new RelionTomograms(out, source);
            }
        throw new IllegalArgumentException(source + ": no loop with _rlnTomoName, _rlnTomoSizeX/Y/Z and _rlnTomoTiltSeriesPixelSize");
    }

    /** Every tomogram by name. @return an unmodifiable view */
    public Map<String, Tomogram> tomograms() {
        return java.util.Collections.unmodifiableMap(tomograms);
    }

    /** One tomogram; names match as in {@link ParticleCoordinates} (exact, else unambiguous file stem). */
    public Tomogram get(String name) {
        Tomogram t = tomograms.get(name);
        if (t != null) return t;
        String hit = null;
        for (String n : tomograms.keySet())
            if (ParticleCoordinates.sameTomogram(n, name)) {
                if (hit != null) throw new IllegalArgumentException(source + ": tomogram '" + name + "' matches " + hit + " and " + n);
                hit = n;
            }
        if (hit == null) throw new IllegalArgumentException(source + ": no tomogram '" + name + "' (tomograms: " + String.join(", ", tomograms.keySet()) + ")");
        return tomograms.get(hit);
    }

    /** RELION's unbinned frame of tomogram {@code name}. @param name tomogram @return size and tilt-series pixel size */
    public TomogramFrame unbinned(String name) {
        Tomogram t = get(name);
        return new TomogramFrame(t.sizeX(), t.sizeY(), t.sizeZ(), t.pixelSize());
    }

    /** The reconstructed tomogram's frame: {@code round(size / binning)}, {@code pixel × binning}. @param name tomogram @return the frame */
    public TomogramFrame binned(String name) {
        Tomogram t = get(name);
        double b = t.binning();
        return new TomogramFrame((int) Math.round(t.sizeX() / b), (int) Math.round(t.sizeY() / b), (int) Math.round(t.sizeZ() / b), t.pixelSize() * b);
    }

    /**
     * An optimisation set's two file names, as written (RELION resolves them from the project directory).
     *
     * @param particles {@code rlnTomoParticlesFile}
     * @param tomograms {@code rlnTomoTomogramsFile}
     */
    public record OptimisationSet(String particles, String tomograms) {
        /**
         * Reads the pairs of the first block that has them.
         *
         * @param star   the file
         * @param source its name in errors
         * @return the two names
         */
        public static OptimisationSet of(StarFile star, String source) {
            for (StarBlock b : star.blocks())
                if (b.pairs().containsKey("rlnTomoParticlesFile") && b.pairs().containsKey("rlnTomoTomogramsFile"))
                    return new OptimisationSet(b.getString("rlnTomoParticlesFile"), b.getString("rlnTomoTomogramsFile"));
            throw new IllegalArgumentException(source + ": no block with _rlnTomoParticlesFile and _rlnTomoTomogramsFile");
        }
    }
}
