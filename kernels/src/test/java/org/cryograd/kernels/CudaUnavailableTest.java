package org.cryograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ServiceLoader;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.DeviceUnavailableException;
import org.cryograd.tensor.spi.BackendProvider;
import org.junit.jupiter.api.Test;

/** Without a usable driver, asking for a CUDA device fails once, clearly; the provider itself is always found. */
class CudaUnavailableTest {
    private static boolean gpuWorks() {
        try {
            Device.cuda();
            return true;
        } catch (DeviceUnavailableException e) {
            return false;
        }
    }

    @Test
    void providerIsRegisteredForCuda() {
        long n = ServiceLoader.load(BackendProvider.class).stream().filter(p -> p.type() == CudaBackendProvider.class).count();
        assertEquals(1, n, "META-INF/services lists CudaBackendProvider once");
        assertEquals("cuda", new CudaBackendProvider().kind());
    }

    @Test
    void theMissingLibraryIsNamedFromJCudasReport() {
        String report = "Error while loading native library \"JCudaDriver-12.0.0-linux-x86_64\"\nOperating system name: Linux\n"
                + "Stack trace from the attempt to load the library as a resource:\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.0.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file: "
                + "No such file or directory\n\tat java.base/jdk.internal.loader.NativeLibraries.load(Native Method)";
        assertEquals("libcuda.so.1: cannot open shared object file: No such file or directory", CudaDevice.loadReason(new UnsatisfiedLinkError(report)));
        assertEquals("no JCudaDriver in java.library.path", CudaDevice.loadReason(new UnsatisfiedLinkError("no JCudaDriver in java.library.path\nmore")));
    }

    @Test
    void deviceCudaThrowsOneClearMessageWithoutADriver() {
        assumeFalse(gpuWorks(), "a CUDA device opened here; this test covers machines without one");
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, Device::cuda);
        String m = e.getMessage();
        assertTrue(m.startsWith("CUDA unavailable"), m);
        assertTrue(m.contains("libcuda.so.1") || m.contains("cuInit") || m.contains("no GPU"), "names what is missing: " + m);
        assertEquals(1, m.lines().count(), "one line: " + m);
        // asking again fails the same way (nothing half-open is cached)
        DeviceUnavailableException again = assertThrows(DeviceUnavailableException.class, () -> Device.parse("cuda:0"));
        assertTrue(again.getMessage().startsWith("CUDA unavailable"), again.getMessage());
    }
}
