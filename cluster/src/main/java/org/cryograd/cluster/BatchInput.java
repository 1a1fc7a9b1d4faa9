package org.cryograd.cluster;

import java.nio.file.Path;

/**
 * One input of a batch, as found by {@link InputLists}.
 *
 * @param name the name its outputs take (file name without extension, or a STAR/CSV row's name)
 * @param file the input file
 * @param pixelSize the voxel size in Å from a STAR/CSV list, or NaN when the file's header is to be used
 * @param truth the reference volume of this input (a CSV {@code truth} column), or null
 * @param angles the tilt angles file (a CSV {@code angles} column), or null to look for one by name
 */
public record BatchInput(String name, Path file, double pixelSize, Path truth, Path angles) {
    /** An input known by its file alone. */
    public static BatchInput of(Path file) {
        return new BatchInput(InputLists.stem(file), file, Double.NaN, null, null);
    }
}
