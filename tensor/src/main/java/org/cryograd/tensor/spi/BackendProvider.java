package org.cryograd.tensor.spi;

import org.cryograd.tensor.Device;

/**
 * Service-provider entry point for non-CPU backends, found with {@link java.util.ServiceLoader}.
 * A module such as {@code cryograd-kernels} lists its implementation in
 * {@code META-INF/services/org.cryograd.tensor.spi.BackendProvider}.
 */
public interface BackendProvider {
    /** The device kind this provider serves, e.g. "cuda". */
    String kind();

    /**
     * The backend for {@code device}.
     *
     * @throws IllegalStateException with a clear reason when the device cannot be used
     */
    Backend open(Device device);
}
