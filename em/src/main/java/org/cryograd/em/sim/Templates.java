package org.cryograd.em.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.cryograd.io.MrcFile;
import org.cryograd.io.MrcHeader;

/**
 * Density templates of macromolecules (MRC maps, e.g. the 10 Å maps of the SHREC 2021 classes) turned into
 * potential maps at the simulation's voxel size.
 *
 * <p><b>Calibration.</b> The maps are in arbitrary units. A template's maximum is taken as a voxel fully inside
 * protein and scaled to the protein's mean inner potential ({@link MeanInnerPotential#protein()}, 7.9 V), before
 * resampling, so the scale does not depend on the voxel size asked for. This assumes the map's peak voxels are
 * saturated by protein, which holds for maps whose maxima agree across molecules of very different size (the
 * SHREC templates' maxima lie within 216-271 of one another while their sums span a factor of 100).
 */
public final class Templates {
    /** The SHREC 2021 classes plus a 70S ribosome and a 20S proteasome, as named in {@code ../shared/templates}. */
    public static final List<String> STANDARD = List.of("1s3x", "3qm1", "3gl1", "3h84", "2cg9", "3d2f", "1u6g", "3cf3", "1bxn", "1qvr", "4cr2",
            "5mrc", "4v4r", "3j9i");

    private Templates() {}

    /**
     * Loads one template: reads the MRC, scales its maximum to {@code proteinPotentialV}, resamples it to
     * {@code voxelSize} and names it after the file (without extension).
     *
     * @throws IOException on a read error or a map without a positive maximum or voxel size
     */
    public static DensityMap load(Path mrc, double voxelSize, double proteinPotentialV) throws IOException {
        MrcFile f = MrcFile.read(mrc);
        MrcHeader h = f.header();
        double v = h.voxelSize()[0];
        if (!(v > 0)) throw new IOException(mrc + ": the header has no voxel size (cella / mx); cannot resample the template");
        String name = mrc.getFileName().toString();
        int dot = name.indexOf('.');
        if (dot > 0) name = name.substring(0, dot);
        float[] data = f.data().toArray();
        DensityMap raw = new DensityMap(name, data, h.nx(), h.ny(), h.nz(), v);
        double max = raw.max();
        if (!(max > 0)) throw new IOException(mrc + ": the map has no positive value; cannot calibrate it");
        return raw.scaled(proteinPotentialV / max).resampled(voxelSize);
    }

    /**
     * Loads templates by name from a directory ({@code NAME.mrc}); every name must exist.
     *
     * @throws IOException naming the missing file and the directory's templates
     */
    public static List<DensityMap> load(Path dir, List<String> names, double voxelSize, double proteinPotentialV) throws IOException {
        List<DensityMap> out = new ArrayList<>();
        for (String n : names) {
            Path p = dir.resolve(n.toLowerCase(Locale.ROOT).endsWith(".mrc") ? n : n + ".mrc");
            if (!Files.isRegularFile(p)) throw new IOException("template " + p + " not found; " + dir + " holds: " + String.join(" ", available(dir)));
            out.add(load(p, voxelSize, proteinPotentialV));
        }
        return out;
    }

    /** The template names ({@code *.mrc} without extension) in a directory, sorted; empty when it does not exist. */
    public static List<String> available(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.toLowerCase(Locale.ROOT).endsWith(".mrc"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
    }
}
