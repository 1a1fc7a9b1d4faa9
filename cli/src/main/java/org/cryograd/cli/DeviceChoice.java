package org.cryograd.cli;

import org.cryograd.tensor.Device;

/** Resolves the --device option: {@code auto} tries the GPU and falls back to the CPU, saying so in one log line. */
final class DeviceChoice {
    private DeviceChoice() {}

    static Device resolve(String spec, Ui ui) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("auto")) {
            try {
                Device d = Device.cuda();
                ui.log("device: %s (a GPU was found; --device cpu to use the CPU)", d);
                return d;
            } catch (RuntimeException | LinkageError e) {
                ui.log("device: cpu (no usable GPU: %s)", Main.oneLine(e.getMessage()));
                return Device.cpu();
            }
        }
        if (s.equals("cpu")) return Device.cpu();
        if (!s.equals("cuda") && !s.matches("cuda:\\d+"))
            throw new CliError("--device '" + spec + "': expected cpu, cuda, cuda:N or auto");
        try {
            Device d = Device.parse(s);
            ui.debug("device: %s", d);
            return d;
        } catch (RuntimeException | LinkageError e) {
            throw new CliError("--device " + spec + ": " + Main.oneLine(e.getMessage()), e);
        }
    }

    /**
     * For a command that runs on the CPU only: {@code cpu} and {@code auto} pass silently; an explicit {@code cuda[:N]}
     * is refused with one line, so that nobody believes a GPU did the work.
     */
    static void cpuOnly(String spec, String command) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("auto") || s.equals("cpu")) return;
        throw new CliError("--device " + spec + ": " + command + " runs on the CPU only; leave --device out (or give cpu or auto)");
    }
}
