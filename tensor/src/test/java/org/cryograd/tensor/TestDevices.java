package org.cryograd.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.cryograd.tensor.spi.BackendProvider;
import org.cryograd.tensor.spi.Backends;
import org.junit.jupiter.api.Assumptions;

/**
 * The devices the device-independent tests run on: the CPU plus device 0 of every other kind whose
 * {@link BackendProvider} is on the class path (none in this module alone; {@code cuda} when cryograd-kernels runs these
 * tests through its {@code dependenciesToScan}). A device that cannot open (no driver, no GPU) is still listed, and
 * {@link #use} skips its cases with the reason, so CPU-only machines stay green and the GPU machine runs them for real.
 * The system property {@code cryograd.test.devices} (e.g. {@code cuda}) restricts the list to the named kinds.
 */
public final class TestDevices {
    private static final Map<Device, String> UNUSABLE = new ConcurrentHashMap<>();
    private static final Map<Device, Boolean> CHECKED = new ConcurrentHashMap<>();

    private TestDevices() {}

    /** The CPU, then device 0 of each provider kind, in provider order. */
    public static List<Device> all() {
        List<Device> out = new ArrayList<>();
        out.add(Device.cpu());
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            Device d = new Device(p.kind(), 0);
            if (!p.kind().equals("cpu") && !out.contains(d)) out.add(d);
        }
        String only = System.getProperty("cryograd.test.devices");
        if (only != null && !only.isBlank()) {
            Set<String> kinds = Set.of(only.split(","));
            out.removeIf(d -> !kinds.contains(d.kind()));
        }
        return out;
    }

    /**
     * Returns {@code device} when its backend opens; otherwise aborts the calling test (JUnit assumption) with the
     * backend's own reason, e.g. "cuda:0 unavailable: CUDA unavailable: the JCuda driver library could not be loaded".
     */
    public static Device use(Device device) {
        if (available(device)) return device;
        Assumptions.abort(device + " unavailable: " + UNUSABLE.get(device));
        return device;
    }

    /**
     * CUDA device 0, or an aborted test (JUnit assumption) with the reason when there is none. Only
     * {@link DeviceUnavailableException} means "no GPU here"; any other failure (a broken backend) propagates and fails
     * the test instead of reading as a skip.
     */
    public static Device cudaOrSkip() {
        try {
            return Device.cuda();
        } catch (DeviceUnavailableException e) {
            Assumptions.abort("no CUDA device: " + e.getMessage());
            throw new AssertionError(e);
        }
    }

    /** Whether the device's backend opens (checked once per device). */
    public static boolean available(Device device) {
        return CHECKED.computeIfAbsent(device, TestDevices::opens);
    }

    /** For test factories: the given tests when the device opens, else one test that skips with the reason. */
    public static java.util.stream.Stream<org.junit.jupiter.api.DynamicNode> orSkip(Device device,
                                                                                    java.util.function.Supplier<java.util.stream.Stream<? extends org.junit.jupiter.api.DynamicNode>> tests) {
        if (available(device)) return tests.get().map(n -> (org.junit.jupiter.api.DynamicNode) n);
        return java.util.stream.Stream.of(org.junit.jupiter.api.DynamicTest.dynamicTest("unavailable", () -> use(device)));
    }

    private static boolean opens(Device d) {
        try {
            Backends.of(d);
            return true;
        } catch (DeviceUnavailableException e) { // only "no such device here" skips: a broken backend fails
            UNUSABLE.put(d, String.valueOf(e.getMessage()));
            return false;
        }
    }
}
