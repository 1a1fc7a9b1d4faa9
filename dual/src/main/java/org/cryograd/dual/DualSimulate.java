package org.cryograd.dual;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryograd.io.MrcFile;
import org.cryograd.io.MrcHeader;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;

/**
 * Library entry point of {@code cryograd simulate --method dual}: learned tomogram simulation from a density map,
 * {@code Gs(v + P Gn(z))} with random noise codes (eq. 1; {@link DualModel#simulate}).
 */
public final class DualSimulate {
    private DualSimulate() {}

    /**
     * Writes {@code draws} simulated tomograms {@code sim_000.mrc, sim_001.mrc, ...} into {@code outDir} (float32,
     * the density map's voxel size), each from fresh codes and permutations of one seeded stream.
     *
     * @return the written files
     */
    public static List<Path> run(Path modelDir, Path densityMrc, int draws, Path outDir, long seed) throws IOException {
        return run(modelDir, densityMrc, draws, outDir, seed, Device.cpu());
    }

    /** {@link #run(Path, Path, int, Path, long)} with the networks on {@code device}. */
    public static List<Path> run(Path modelDir, Path densityMrc, int draws, Path outDir, long seed, Device device) throws IOException {
        if (draws < 1) throw new IllegalArgumentException("DualSimulate: draws must be >= 1, got " + draws);
        DualModel model = DualModel.load(modelDir, device);
        Volume density;
        MrcHeader header;
        try (MemoryScope s = MemoryScope.open()) {
            MrcFile m = MrcFile.read(densityMrc);
            if (m.data().rank() != 3) throw new IllegalArgumentException(densityMrc + ": expected a 3-D volume, got shape " + m.data().shape());
            density = Volume.of(m.data());
            header = m.header();
        }
        Files.createDirectories(outDir);
        Rng rng = new Rng(seed);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < draws; i++) {
            Path f = outDir.resolve(String.format("sim_%03d.mrc", i));
            DualDenoise.write(f, model.simulate(density, rng), header);
            files.add(f);
        }
        return files;
    }
}
