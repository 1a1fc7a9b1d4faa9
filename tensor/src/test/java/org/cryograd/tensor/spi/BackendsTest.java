package org.cryograd.tensor.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.DeviceUnavailableException;
import org.junit.jupiter.api.Test;

/** The registry finds every backend, the CPU's included, through the service loader. */
class BackendsTest {
    @Test
    void theCpuBackendIsAProviderLikeAnyOther() {
        List<BackendProvider> cpu = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.kind().equals("cpu")).toList();
        assertEquals(1, cpu.size(), "exactly one provider of kind cpu");
        Backend b = Backends.of(Device.cpu());
        assertSame(cpu.get(0).open(Device.cpu()), b, "the registry's CPU backend is the provider's");
        assertSame(b, Device.cpu().backend());
        // the device-report defaults that tools use without naming a backend class: nothing to report on the CPU
        assertEquals(null, b.memoryStats());
        b.synchronize();
        assertEquals("CpuBackend", b.deviceName());
    }

    @Test
    void aKindWithoutProviderNamesTheKindsThereAre() {
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, () -> Backends.of(new Device("tpu", 0)));
        assertTrue(e.getMessage().contains("no backend for device tpu:0") && e.getMessage().contains("cpu"), e.getMessage());
    }
}
