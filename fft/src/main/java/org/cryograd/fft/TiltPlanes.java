package org.cryograd.fft;

import org.cryograd.tensor.Tensor;

/**
 * Shared geometry of {@link WedgeMask} and {@link TiltGeometry}: a membership test on the signed frequency
 * indices {@code (k_u, k_z)} of the rotation plane, expanded to a 3-D Fourier array.
 *
 * <p>Masks are made Hermitian-symmetric (a voxel and its partner {@code -k} agree, so masked spectra stay the
 * spectra of real volumes): the tests below are invariant under {@code k -> -k}, and a component on the Nyquist
 * bin of an even size stands for both {@code +n/2} and {@code -n/2}, so the voxel belongs when either sign does.
 */
final class TiltPlanes {
    private TiltPlanes() {}

    interface Test {
        boolean in(int ku, int kz, int nu, int nz);
    }

    static FourierGrid grid(String op, int[] dims, FourierLayout layout) {
        if (dims.length != 3)
            throw new IllegalArgumentException(op + ": need volume sizes [nz, ny, nx], got " + java.util.Arrays.toString(dims));
        return new FourierGrid(op, dims, layout);
    }

    /** The membership of every element of {@code g} (3-D), row-major. */
    static boolean[] mask(FourierGrid g, TiltAxis axis, Test test) {
        int ua = axis.inPlaneAxis();
        int[] sh = g.shape;
        int nu = g.dims[ua], nz = g.dims[0];
        // the test depends only on (k_u, k_z): evaluate it on that plane, then broadcast along the tilt axis
        boolean[][] plane = new boolean[sh[0]][sh[ua]];
        for (int iz = 0; iz < sh[0]; iz++) {
            int kz = g.signed(0, iz);
            boolean nyz = g.nyquist(0, kz);
            for (int iu = 0; iu < sh[ua]; iu++) {
                int ku = g.signed(ua, iu);
                boolean nyu = g.nyquist(ua, ku);
                boolean in = test.in(ku, kz, nu, nz)
                        || (nyu && test.in(-ku, kz, nu, nz))
                        || (nyz && test.in(ku, -kz, nu, nz))
                        || (nyu && nyz && test.in(-ku, -kz, nu, nz));
                plane[iz][iu] = in;
            }
        }
        boolean[] out = new boolean[g.size];
        int p = 0;
        for (int iz = 0; iz < sh[0]; iz++)
            for (int iy = 0; iy < sh[1]; iy++)
                for (int ix = 0; ix < sh[2]; ix++) out[p++] = plane[iz][ua == 2 ? ix : iy];
        return out;
    }

    static Tensor toTensor(boolean[] m, int[] shape, boolean invert) {
        float[] v = new float[m.length];
        for (int i = 0; i < v.length; i++) v[i] = m[i] != invert ? 1f : 0f;
        return Tensor.of(v, shape);
    }
}
