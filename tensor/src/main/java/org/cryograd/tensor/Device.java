package org.cryograd.tensor;

import org.cryograd.tensor.spi.Backend;
import org.cryograd.tensor.spi.Backends;

/**
 * Where a tensor's data lives: the CPU, or a GPU found through a {@link org.cryograd.tensor.spi.BackendProvider}.
 *
 * @param kind  "cpu" or "cuda"
 * @param index device ordinal (0 for the CPU)
 */
public record Device(String kind, int index) {
    private static final Device CPU = new Device("cpu", 0);

    /** The CPU device. */
    public static Device cpu() {
        return CPU;
    }

    /**
     * CUDA device {@code index}.
     *
     * @throws DeviceUnavailableException if no CUDA backend is installed, or there is no driver or no such (supported)
     *                                    GPU; any other exception means the backend failed while opening the device
     */
    public static Device cuda(int index) {
        Device d = new Device("cuda", index);
        Backends.of(d); // fails with one clear message when there is no usable backend
        return d;
    }

    /** CUDA device 0. */
    public static Device cuda() {
        return cuda(0);
    }

    /**
     * Parses "cpu", "cuda" or "cuda:N".
     *
     * @throws IllegalArgumentException on anything else
     */
    public static Device parse(String s) {
        if (s.equals("cpu")) return CPU;
        if (s.equals("cuda")) return cuda(0);
        if (s.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(s.substring(5)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("device '" + s + "': expected cpu, cuda or cuda:N", e);
            }
        }
        throw new IllegalArgumentException("device '" + s + "': expected cpu, cuda or cuda:N");
    }

    /** The backend that runs kernels on this device. */
    public Backend backend() {
        return Backends.of(this);
    }

    @Override
    public String toString() {
        return kind.equals("cpu") ? "cpu" : kind + ":" + index;
    }
}
