package org.cryograd.api;

import java.util.Locale;
import org.cryograd.tensor.Device;

/** The device option of the API: {@code auto} (a working GPU, else the CPU), {@code cpu}, {@code cuda} or {@code cuda:N}. */
final class Devices {
    private Devices() {}

    /** Checks the spelling; returns it lower-cased. */
    static String check(String spec) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        if (!s.matches("cpu|auto|cuda(:\\d+)?")) throw new IllegalArgumentException("device '" + spec + "': expected cpu, cuda, cuda:N or auto");
        return s;
    }

    /** The device named by {@code spec}; {@code auto} falls back to the CPU when no GPU opens. */
    static Device resolve(String spec) {
        String s = check(spec);
        if (s.equals("cpu")) return Device.cpu();
        if (s.equals("auto")) {
            try {
                return Device.cuda();
            } catch (RuntimeException | LinkageError e) {
                return Device.cpu();
            }
        }
        try {
            return Device.parse(s);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalArgumentException("device " + spec + ": " + oneLine(e.getMessage()), e);
        }
    }

    static String oneLine(String s) {
        if (s == null || s.isBlank()) return "(no message)";
        return s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
