package org.cryograd.dual;

import java.io.IOException;
import java.nio.file.Path;
import org.cryograd.io.MrcReader;
import org.cryograd.tensor.Tensor;

/**
 * A volume read by z-slabs, so whole tomograms need not be held as tensors: in memory ({@link #of(Volume)}) or an
 * MRC file read through memory-mapped z-ranges ({@link #mrc(MrcReader)}).
 */
public interface VolumeSource {
    /** {@code {nz, ny, nx}}. */
    int[] dims();

    /** Sections {@code [z0, z1)} as {@code (z1 - z0) * ny * nx} floats. */
    float[] readSlab(int z0, int z1) throws IOException;

    /** A source over an in-memory volume. */
    static VolumeSource of(Volume v) {
        return new VolumeSource() {
            @Override
            public int[] dims() {
                return new int[] {v.nz(), v.ny(), v.nx()};
            }

            @Override
            public float[] readSlab(int z0, int z1) {
                int sec = v.ny() * v.nx();
                float[] out = new float[(z1 - z0) * sec];
                System.arraycopy(v.data(), z0 * sec, out, 0, out.length);
                return out;
            }
        };
    }

    /** A source over an open MRC file (the caller closes the reader). */
    static VolumeSource mrc(MrcReader r) {
        int[] s = r.shape();
        if (s.length != 3) throw new IllegalArgumentException(r.path() + ": expected a 3-D volume, shape " + java.util.Arrays.toString(s));
        return new VolumeSource() {
            @Override
            public int[] dims() {
                return s.clone();
            }

            @Override
            public float[] readSlab(int z0, int z1) throws IOException {
                try (Tensor t = r.readSlices(z0, z1)) {
                    return t.toArray();
                }
            }
        };
    }

    /** Mean and population standard deviation over the whole source, read slab by slab, in double. */
    static double[] meanStd(VolumeSource src, int slab) throws IOException {
        int[] d = src.dims();
        double s = 0, ss = 0;
        long n = (long) d[0] * d[1] * d[2];
        for (int z = 0; z < d[0]; z += slab) {
            for (float v : src.readSlab(z, Math.min(d[0], z + slab))) {
                s += v;
                ss += (double) v * v;
            }
        }
        double mean = s / n;
        return new double[] {mean, Math.sqrt(Math.max(0, ss / n - mean * mean))};
    }
}
