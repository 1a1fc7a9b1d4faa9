package org.cryograd.dual;

import org.cryograd.tensor.Tensor;

/**
 * A 3-D volume in memory, {@code data[(z * ny + y) * nx + x]} (MRC order). The array is not copied.
 *
 * @param data voxels, {@code nz * ny * nx} of them
 * @param nz   sections
 * @param ny   rows
 * @param nx   columns
 */
public record Volume(float[] data, int nz, int ny, int nx) {
    /** Checks the sizes. */
    public Volume {
        if (data == null) throw new IllegalArgumentException("Volume: data is null");
        if (nz < 1 || ny < 1 || nx < 1 || (long) nz * ny * nx != data.length)
            throw new IllegalArgumentException("Volume: " + data.length + " voxels do not fill nz=" + nz + ", ny=" + ny + ", nx=" + nx);
    }

    /** A volume from a {@code [nz, ny, nx]} tensor (copied). */
    public static Volume of(Tensor t) {
        if (t.rank() != 3) throw new IllegalArgumentException("Volume.of: tensor of shape " + t.shape() + " must be [nz, ny, nx]");
        return new Volume(t.toArray(), t.dim(0), t.dim(1), t.dim(2));
    }

    /** The volume as a new CPU tensor {@code [nz, ny, nx]}. */
    public Tensor toTensor() {
        return Tensor.of(data.clone(), nz, ny, nx);
    }

    /** Mean and population standard deviation, accumulated in double. */
    public double[] meanStd() {
        double s = 0, ss = 0;
        for (float v : data) s += v;
        double mean = s / data.length;
        for (float v : data) ss += (v - mean) * (v - mean);
        return new double[] {mean, Math.sqrt(ss / data.length)};
    }

    /** A standardised copy: zero mean, unit standard deviation (a constant volume becomes zeros). */
    public Volume standardized() {
        double[] ms = meanStd();
        double inv = ms[1] > 0 ? 1 / ms[1] : 0;
        float[] out = new float[data.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) ((data[i] - ms[0]) * inv);
        return new Volume(out, nz, ny, nx);
    }
}
