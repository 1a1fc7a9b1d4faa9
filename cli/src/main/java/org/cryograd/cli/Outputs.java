package org.cryograd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryograd.api.VolumeData;
import org.cryograd.io.MrcHeader;
import org.cryograd.io.MrcWriter;
import org.cryograd.tensor.Tensor;

/** Writing outputs: parent directories created, every file written atomically (temporary file + rename). */
final class Outputs {
    private Outputs() {}

    /** Checks an output path and creates its parent directory. */
    static Path prepare(Path path, String option) {
        if (Files.isDirectory(path)) throw new CliError((option == null ? "" : option + " ") + path + ": is a directory; give a file name");
        Path parent = path.toAbsolutePath().getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new CliError("cannot create directory " + parent + ": " + e.getMessage(), e);
        }
        return path;
    }

    /** {@link #mrc(Path, Tensor, double, boolean, List)} of an API volume (its values and voxel size). */
    static void mrc(Path path, VolumeData v, boolean stack, List<String> labels) throws IOException {
        try (Tensor t = Tensor.of(v.data(), v.nz(), v.ny(), v.nx())) {
            mrc(path, t, v.voxelSize(), stack, labels);
        }
    }

    /**
     * Writes a float32 MRC atomically.
     *
     * @param stack true for a tilt series (image stack, ispg 0), false for a volume
     */
    static void mrc(Path path, Tensor data, double voxelSize, boolean stack, List<String> labels) throws IOException {
        prepare(path, null);
        int[] d = data.dims();
        MrcHeader.Builder b = MrcHeader.builder(d[2], d[1], d[0]);
        if (stack) b.imageStack();
        else b.volume();
        b.voxelSize(voxelSize);
        for (String l : labels) b.addLabel(l.length() > 80 ? l.substring(0, 80) : l);
        MrcWriter.write(path, data, b.build());
    }
}
