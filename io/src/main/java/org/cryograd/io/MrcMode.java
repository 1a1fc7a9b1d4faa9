package org.cryograd.io;

/**
 * The MRC2014 data modes this library reads and writes, with their on-disk voxel sizes.
 *
 * <p>Conversion to and from the float32 tensors of this library:
 * <ul>
 *   <li>{@link #INT8} (0): signed bytes, as MRC2014 specifies. Old IMOD files that declare unsigned bytes
 *       (IMOD stamp present, flag bit 1 clear) are read as 0..255.</li>
 *   <li>{@link #INT16} (1), {@link #UINT16} (6): integers, exact in float32.</li>
 *   <li>{@link #FLOAT32} (2): copied.</li>
 *   <li>{@link #COMPLEX64} (4): two float32 per voxel (real, imaginary); tensors get a trailing dimension of 2.</li>
 *   <li>{@link #FLOAT16} (12): IEEE binary16, widened exactly; narrowed with round-to-nearest-even.</li>
 * </ul>
 * Writing an integer mode rounds half to even ({@link Math#rint}) and rejects values outside the mode's range
 * and NaN rather than wrapping or clamping silently.
 */
public enum MrcMode {
    /** Mode 0: 8-bit signed integer. */
    INT8(0, 1),
    /** Mode 1: 16-bit signed integer. */
    INT16(1, 2),
    /** Mode 2: 32-bit IEEE float. */
    FLOAT32(2, 4),
    /** Mode 4: complex of two 32-bit floats (real, imaginary). */
    COMPLEX64(4, 8),
    /** Mode 6: 16-bit unsigned integer. */
    UINT16(6, 2),
    /** Mode 12: 16-bit IEEE float (MRC2014 extension used by IMOD and mrcfile). */
    FLOAT16(12, 2);

    private final int code;
    private final int bytesPerVoxel;

    MrcMode(int code, int bytesPerVoxel) {
        this.code = code;
        this.bytesPerVoxel = bytesPerVoxel;
    }

    /** The number stored in the header's {@code mode} field. */
    public int code() {
        return code;
    }

    /** Bytes one voxel takes in the file (8 for complex). */
    public int bytesPerVoxel() {
        return bytesPerVoxel;
    }

    /** Whether a voxel is a (real, imaginary) pair. */
    public boolean isComplex() {
        return this == COMPLEX64;
    }

    /** Whether values are stored as integers (rounded and range-checked on write). */
    public boolean isInteger() {
        return this == INT8 || this == INT16 || this == UINT16;
    }

    /**
     * The mode with header code {@code code}.
     *
     * @param code the header's mode number
     * @return the mode, or {@code null} if this library does not support it (modes 3, 101 and unknown numbers)
     */
    public static MrcMode fromCode(int code) {
        for (MrcMode m : values()) if (m.code == code) return m;
        return null;
    }
}
