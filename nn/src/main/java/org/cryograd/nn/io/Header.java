package org.cryograd.nn.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated safetensors header: what a file holds, without its data.
 *
 * @param file      the file it was read from
 * @param metadata  the {@code "__metadata__"} entries (empty if absent), in file order
 * @param tensors   the tensor entries in header order
 * @param dataStart byte position of the data section in the file ({@code 8 + header length})
 */
public record Header(Path file, Map<String, String> metadata, List<TensorInfo> tensors, long dataStart) {
    /** Copies the collections so the record is immutable. */
    public Header {
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        tensors = List.copyOf(tensors);
    }

    /** The entry for {@code name}, or null if the file has no such tensor. */
    public TensorInfo get(String name) {
        for (TensorInfo t : tensors)
            if (t.name().equals(name)) return t;
        return null;
    }

    /** Tensor names in header order. */
    public List<String> names() {
        return tensors.stream().map(TensorInfo::name).toList();
    }
}
