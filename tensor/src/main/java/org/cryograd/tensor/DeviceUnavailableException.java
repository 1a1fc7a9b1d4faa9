package org.cryograd.tensor;

/**
 * The requested device is not there to use: no backend provider for its kind on the class path, no driver library,
 * a driver that reports no (or not this, or no supported) GPU. Any other failure while opening a device (a backend
 * bug, a kernel image that does not load) is a different exception, so callers (and tests that skip without a GPU)
 * can tell "no device here" from "the backend is broken".
 */
public class DeviceUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public DeviceUnavailableException(String message) {
        super(message);
    }

    public DeviceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
