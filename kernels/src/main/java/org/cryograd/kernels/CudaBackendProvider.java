package org.cryograd.kernels;

import org.cryograd.tensor.Device;
import org.cryograd.tensor.spi.Backend;
import org.cryograd.tensor.spi.BackendProvider;

/**
 * Registers the CUDA backend (device kind {@code "cuda"}) with the tensor module's {@link java.util.ServiceLoader}
 * lookup. Listing this class loads nothing of JCuda; only {@link #open} does, so a class path with cryograd-kernels but
 * no GPU costs nothing until a CUDA device is asked for, and then fails with one {@link IllegalStateException} that says
 * what is missing.
 */
public final class CudaBackendProvider implements BackendProvider {
    /** Used by {@link java.util.ServiceLoader}. */
    public CudaBackendProvider() {}

    @Override
    public String kind() {
        return "cuda";
    }

    @Override
    public Backend open(Device device) {
        if (!device.kind().equals("cuda")) throw new IllegalArgumentException("CUDA backend asked for device " + device);
        return CudaBackend.open(device);
    }
}
