package org.cryograd.tensor.cpu;

import org.cryograd.tensor.Device;
import org.cryograd.tensor.spi.Backend;
import org.cryograd.tensor.spi.BackendProvider;

/** The CPU backend's entry in the service registry, found like any other backend (kind {@code cpu}). */
public final class CpuBackendProvider implements BackendProvider {
    @Override
    public String kind() {
        return "cpu";
    }

    @Override
    public Backend open(Device device) {
        return CpuBackend.INSTANCE;
    }
}
