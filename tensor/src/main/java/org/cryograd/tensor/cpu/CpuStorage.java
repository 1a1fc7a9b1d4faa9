package org.cryograd.tensor.cpu;

import org.cryograd.tensor.spi.Storage;

/** CPU storage: a Java float array. */
public final class CpuStorage implements Storage {
    final float[] data;

    CpuStorage(float[] data) {
        this.data = data;
    }

    /** The backing array (shared, not a copy): for zero-copy interop with Java code that owns the tensor. */
    public float[] array() {
        return data;
    }

    @Override
    public long size() {
        return data.length;
    }
}
