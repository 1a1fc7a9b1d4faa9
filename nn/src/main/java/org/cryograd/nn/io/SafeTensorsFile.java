package org.cryograd.nn.io;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cryograd.tensor.Tensor;

/**
 * The content of a safetensors file: its tensors (float32, CPU) in header order, its metadata, and the element
 * type each tensor had in the file. Closing it closes the tensors.
 *
 * @param file     where it was read from (for messages)
 * @param tensors  name to tensor, in header order (unmodifiable)
 * @param metadata the {@code "__metadata__"} entries, in file order (unmodifiable, empty if absent)
 * @param dtypes   name to the element type stored in the file (before conversion to float32)
 */
public record SafeTensorsFile(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, Map<String, DType> dtypes)
        implements AutoCloseable {
    /** Wraps the maps unmodifiably, keeping their order. */
    public SafeTensorsFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        dtypes = Collections.unmodifiableMap(new LinkedHashMap<>(dtypes));
    }

    /**
     * The tensor called {@code name}.
     *
     * @throws IllegalArgumentException naming the file and the tensor if there is none
     */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException(file + ": no tensor named '" + name + "' (the file has " + tensors.keySet() + ")");
        return t;
    }

    /** Closes every tensor. */
    @Override
    public void close() {
        tensors.values().forEach(Tensor::close);
    }
}
