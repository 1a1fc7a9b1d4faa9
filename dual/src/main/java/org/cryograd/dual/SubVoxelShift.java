package org.cryograd.dual;

/**
 * Translation of a volume by less than a voxel per axis, by linear interpolation: {@code out(x) = v(x + f)} with
 * {@code |f| < 1} per axis, separable, mirror-reflected beyond the faces (as {@link TiledInference} reads). It
 * low-passes a little (at {@code f = 1/2} the Nyquist component vanishes), so it is meant for smooth outputs such as
 * denoised tomograms, not for noise.
 */
public final class SubVoxelShift {
    private SubVoxelShift() {}

    /**
     * @param v the volume
     * @param f {@code (fz, fy, fx)}, each in {@code (-1, 1)}
     * @return a new volume, {@code v} itself when every component is 0
     */
    public static Volume linear(Volume v, double[] f) {
        if (f == null || f.length != 3) throw new IllegalArgumentException("SubVoxelShift: need (fz, fy, fx)");
        for (double c : f)
            if (!(Math.abs(c) < 1)) throw new IllegalArgumentException("SubVoxelShift: each component must be in (-1, 1), got " + java.util.Arrays.toString(f));
        if (f[0] == 0 && f[1] == 0 && f[2] == 0) return v;
        int[] n = {v.nz(), v.ny(), v.nx()};
        float[] a = v.data().clone();
        for (int axis = 0; axis < 3; axis++) if (f[axis] != 0) a = alongAxis(a, n, axis, f[axis]);
        return new Volume(a, n[0], n[1], n[2]);
    }

    private static float[] alongAxis(float[] a, int[] n, int axis, double f) {
        int len = n[axis], stride = axis == 2 ? 1 : axis == 1 ? n[2] : n[1] * n[2];
        int step = f > 0 ? 1 : -1;
        double w = Math.abs(f);
        float[] o = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            int c = (i / stride) % len;
            int nb = TiledInference.mirror(c + step, len);
            o[i] = (float) ((1 - w) * a[i] + w * a[i + (nb - c) * stride]);
        }
        return o;
    }
}
