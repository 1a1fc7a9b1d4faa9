package org.cryograd.tensor.spi;

import org.cryograd.tensor.Device;

/**
 * Service-provider entry point of a backend, found with {@link java.util.ServiceLoader}: the CPU's is listed by
 * cryograd-tensor itself, others (e.g. {@code cryograd-kernels} for CUDA) in their own
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
