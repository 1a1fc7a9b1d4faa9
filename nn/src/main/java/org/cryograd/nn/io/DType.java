package org.cryograd.nn.io;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The safetensors element types this reader understands. cryograd tensors are float32, so {@link #F32} is
 * read as is and every other type is converted on reading: floating types (F64 rounded to nearest, F16 and
 * BF16 exactly) always, integer and boolean types exactly when every value lies within +-2^24 (larger values
 * would not survive the conversion, and the reader refuses rather than round them). Writing always uses F32.
 */
public enum DType {
    /** IEEE 754 binary64. */
    F64(8),
    /** IEEE 754 binary32: cryograd's own type. */
    F32(4),
    /** IEEE 754 binary16. */
    F16(2),
    /** bfloat16 (the upper half of a binary32). */
    BF16(2),
    /** signed 64-bit integer (PyTorch uses it for BatchNorm's {@code num_batches_tracked}). */
    I64(8),
    /** signed 32-bit integer. */
    I32(4),
    /** signed 16-bit integer. */
    I16(2),
    /** signed 8-bit integer. */
    I8(1),
    /** unsigned 8-bit integer. */
    U8(1),
    /** one byte, 0 or 1. */
    BOOL(1);

    private final int size;

    DType(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** Whether values are floating point. */
    public boolean isFloating() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /**
     * The type for a safetensors dtype string.
     *
     * @throws IllegalArgumentException for a type this reader does not support, listing the supported ones
     */
    public static DType parse(String name) {
        for (DType d : values())
            if (d.name().equals(name)) return d;
        throw new IllegalArgumentException("unsupported dtype '" + name + "' (supported: "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
    }
}
