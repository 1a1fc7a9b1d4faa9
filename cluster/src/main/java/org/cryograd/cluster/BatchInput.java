package org.cryograd.cluster;

import java.nio.file.Path;
import java.util.Map;

/**
 * One input of a batch, as found by {@link InputLists}.
 *
 * @param name the name its outputs take (file name without extension, or a STAR/CSV row's name)
 * @param file the input file
 * @param pixelSize the voxel size in Å from a STAR/CSV list, or NaN when the file's header is to be used
 * @param truth the reference volume of this input (a CSV {@code truth} column), or null
 * @param files per-input files that a list names, by the single command's option ({@code --angles}, {@code --xf},
 *     {@code --tilt-star}, ...); those not named are looked for by name beside the input
 */
public record BatchInput(String name, Path file, double pixelSize, Path truth, Map<String, Path> files) {
    /** Copies the map. */
    public BatchInput {
        files = Map.copyOf(files);
    }

    /** An input known by its file alone. */
    public static BatchInput of(Path file) {
        return new BatchInput(InputLists.stem(file), file, Double.NaN, null, Map.of());
    }
}
