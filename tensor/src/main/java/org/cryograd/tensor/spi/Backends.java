package org.cryograd.tensor.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.DeviceUnavailableException;

/**
 * The device registry: one backend per device, every kind (the CPU's too) found through {@link BackendProvider} with
 * the {@link ServiceLoader}, so the SPI depends on no implementation.
 */
public final class Backends {
    private static final Map<Device, Backend> OPEN = new ConcurrentHashMap<>();
    /** The CPU's backend, asked for on every CPU op: kept in a field rather than looked up in the map each time. */
    private static volatile Backend cpu;

    private Backends() {}

    /**
     * The backend for a device.
     *
     * @throws DeviceUnavailableException naming the device kind when no provider serves it, or the provider's own
     *                                    when it finds no such device
     */
    public static Backend of(Device device) {
        if (device.kind().equals("cpu")) {
            Backend b = cpu;
            if (b == null) cpu = b = OPEN.computeIfAbsent(device, Backends::open);
            return b;
        }
        return OPEN.computeIfAbsent(device, Backends::open);
    }

    private static Backend open(Device device) {
        List<String> kinds = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            kinds.add(p.kind());
            if (p.kind().equals(device.kind())) return p.open(device);
        }
        throw new DeviceUnavailableException("no backend for device " + device + ": "
                + (kinds.isEmpty() ? "no backend providers on the class path (cryograd-tensor's own META-INF/services entry is missing; "
                + "add cryograd-kernels for CUDA)"
                : "providers found only for " + kinds));
    }
}
