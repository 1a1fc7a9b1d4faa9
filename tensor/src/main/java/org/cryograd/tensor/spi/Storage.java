package org.cryograd.tensor.spi;

/**
 * A block of float32 memory owned by one {@link Backend}. Tensors share a storage through
 * reference counting; when the last holder closes, the backend releases it.
 */
public interface Storage {
    /** Number of float32 elements. */
    long size();
}
