package org.cryograd.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A tilt range {@code MIN,MAX} in degrees.
 *
 * @param min first angle
 * @param max last angle
 */
record AngleRange(double min, double max) {
    @Override
    public String toString() {
        return fmt(min) + "," + fmt(max);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Picocli converter with one-line messages. */
    static final class Converter implements ITypeConverter<AngleRange> {
        @Override
        public AngleRange convert(String s) {
            String[] p = s.trim().split("\\s*,\\s*", -1);
            if (p.length != 2) throw new TypeConversionException("'" + s + "' is not a range MIN,MAX in degrees (e.g. -60,60)");
            double[] v = new double[2];
            for (int i = 0; i < 2; i++) {
                try {
                    v[i] = Double.parseDouble(p[i]);
                } catch (NumberFormatException e) {
                    throw new TypeConversionException("'" + s + "' is not a range MIN,MAX: '" + p[i] + "' is not a number");
                }
                if (!Double.isFinite(v[i]) || Math.abs(v[i]) >= 90)
                    throw new TypeConversionException("'" + s + "': tilt angles must lie strictly between -90 and 90 degrees");
            }
            if (v[1] < v[0]) throw new TypeConversionException("'" + s + "': MAX must not be below MIN");
            return new AngleRange(v[0], v[1]);
        }
    }
}
