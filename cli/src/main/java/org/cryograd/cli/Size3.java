package org.cryograd.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A volume size given as {@code X,Y,Z} (or {@code XxYxZ}) in voxels; the tensor is {@code [Z, Y, X]}.
 *
 * @param x width
 * @param y height (the tilt axis)
 * @param z thickness (the beam direction)
 */
record Size3(int x, int y, int z) {
    /** The largest number of voxels a volume may have (one tensor). */
    static final long MAX_VOXELS = Integer.MAX_VALUE - 8L;

    @Override
    public String toString() {
        return x + "x" + y + "x" + z;
    }

    /** Picocli converter with one-line messages. */
    static final class Converter implements ITypeConverter<Size3> {
        @Override
        public Size3 convert(String s) {
            String[] p = s.trim().split("\\s*[,xX]\\s*", -1);
            if (p.length != 3) throw new TypeConversionException("'" + s + "' is not a size X,Y,Z (three whole numbers, e.g. 64,64,32)");
            int[] v = new int[3];
            for (int i = 0; i < 3; i++) {
                try {
                    v[i] = Integer.parseInt(p[i]);
                } catch (NumberFormatException e) {
                    throw new TypeConversionException("'" + s + "' is not a size X,Y,Z: '" + p[i] + "' is not a whole number");
                }
                if (v[i] < 1) throw new TypeConversionException("'" + s + "': every size must be at least 1, got " + v[i]);
            }
            if ((long) v[0] * v[1] * v[2] > MAX_VOXELS)
                throw new TypeConversionException("'" + s + "': " + ((long) v[0] * v[1] * v[2]) + " voxels is more than one volume can hold (" + MAX_VOXELS + ")");
            return new Size3(v[0], v[1], v[2]);
        }
    }
}
