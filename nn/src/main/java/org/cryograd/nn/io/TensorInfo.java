package org.cryograd.nn.io;

import java.util.Arrays;

/**
 * One tensor entry of a safetensors header: its name, stored element type, shape and byte range within the data
 * section (offsets relative to the first byte after the header).
 *
 * @param name  the tensor's name (its key in the header)
 * @param dtype the stored element type
 * @param shape dimension sizes (empty for a scalar); do not modify
 * @param begin first byte in the data section
 * @param end   one past the last byte in the data section
 */
public record TensorInfo(String name, DType dtype, int[] shape, long begin, long end) {
    /** Validates the fields and copies the shape. */
    public TensorInfo {
        if (name == null || dtype == null || shape == null) throw new IllegalArgumentException("TensorInfo: null field");
        shape = shape.clone();
        if (begin < 0 || end < begin)
            throw new IllegalArgumentException("TensorInfo '" + name + "': bad byte range [" + begin + ", " + end + "]");
    }

    /** Number of elements (1 for a scalar). */
    public long numel() {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** Bytes of data this entry covers. */
    public long byteLength() {
        return end - begin;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && t.name.equals(name) && t.dtype == dtype && Arrays.equals(t.shape, shape)
                && t.begin == begin && t.end == end;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape) + " [" + begin + ", " + end + "]";
    }
}
