package org.cryograd.fiji;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cryograd.api.TiltSeries;

/** The "angles" field of the dialogs: an IMOD .tlt/.rawtlt file, a SerialEM .mdoc, or a range {@code min,max,step} in degrees. */
final class Angles {
    private Angles() {}

    /**
     * The angles the text names.
     *
     * @throws IllegalArgumentException if the text is neither an existing file nor a range of three numbers
     */
    static double[] parse(String text) throws IOException {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) throw new IllegalArgumentException("angles: give a .tlt or .mdoc file or a range min,max,step in degrees (e.g. -60,60,2)");
        Path p = Path.of(s);
        if (Files.isRegularFile(p)) return TiltSeries.readAngles(p);
        String[] parts = s.split("\\s*,\\s*", -1);
        if (parts.length != 3)
            throw new IllegalArgumentException("angles '" + s + "': no such file, and not a range min,max,step in degrees (e.g. -60,60,2)");
        double[] v = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("angles '" + s + "': '" + parts[i] + "' is not a number", e);
            }
        }
        return TiltSeries.angleRange(v[0], v[1], v[2]);
    }
}
