package org.cryograd.tensor;

import org.cryograd.tensor.spi.Backend;
import org.cryograd.tensor.spi.Storage;

/** A reference-counted storage: tensors that share data (reshape, view) hold the same ref. */
final class StorageRef {
    final Storage storage;
    final Backend backend;
    private int refs = 1;

    StorageRef(Storage storage, Backend backend) {
        this.storage = storage;
        this.backend = backend;
    }

    synchronized StorageRef retain() {
        if (refs <= 0) throw new IllegalStateException("storage already released");
        refs++;
        return this;
    }

    void release() {
        boolean free;
        synchronized (this) {
            free = --refs == 0;
        }
        if (free) backend.release(storage);
    }
}
