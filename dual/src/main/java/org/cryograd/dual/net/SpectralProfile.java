package org.cryograd.dual.net;

import java.util.HashMap;
import java.util.Map;
import org.cryograd.nn.Module;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.F;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.SparseCsr;
import org.cryograd.tensor.Tensor;

/**
 * The differentiable spectrum of DUAL's spectral discriminator branch: {@code [N, 1, n, n, n] -> [N, n/2 + 1]},
 * the log amplitude {@code 0.5 log(|X|^2 + eps)} of the orthonormal 3-D DFT {@code X} of each patch, averaged over
 * radial shells {@code s = floor(|k| + 1/2)} (signed frequency indices, shells {@code 0 .. n/2}; corner frequencies
 * beyond Nyquist are left out).
 *
 * <p>The DFT is three small real matrix products, one per axis, with {@code cos} and {@code sin} matrices
 * ({@code [n, n]}, scaled {@code 1/sqrt(n)}): every op is an ordinary differentiable tensor op, so it runs and
 * back-propagates on any device. For {@code n = 32} it costs ~25 MFLOP per patch, far below the conv layers. The
 * radial average is a constant sparse matrix ({@link F#spmm}). No parameters.
 */
public final class SpectralProfile extends Module {
    /** Added to the power spectrum before the log. */
    public static final float EPS = 1e-6f;
    private final int n;
    private final SparseCsr shells;
    private final Map<Device, Tensor[]> dft = new HashMap<>();

    /** @param n patch edge, at least 2 */
    public SpectralProfile(int n) {
        if (n < 2) throw new IllegalArgumentException("SpectralProfile: patch edge must be >= 2, got " + n);
        this.n = n;
        this.shells = shellMatrix(n);
    }

    /** Number of shells, {@code n/2 + 1}. */
    public int shellCount() {
        return n / 2 + 1;
    }

    /** Shell of a signed frequency triple, or -1 beyond Nyquist. */
    static int shellOf(int n, int kz, int ky, int kx) {
        int s = (int) Math.floor(Math.sqrt((double) kz * kz + (double) ky * ky + (double) kx * kx) + 0.5);
        return s <= n / 2 ? s : -1;
    }

    private static int signed(int k, int n) {
        return k <= n / 2 ? k : k - n; // the Nyquist bin counts as +n/2
    }

    private static SparseCsr shellMatrix(int n) {
        int ns = n / 2 + 1;
        int[] count = new int[ns];
        int nv = n * n * n;
        int[] shellOfVoxel = new int[nv];
        for (int a = 0, v = 0; a < n; a++)
            for (int b = 0; b < n; b++)
                for (int c = 0; c < n; c++, v++) {
                    int s = shellOf(n, signed(a, n), signed(b, n), signed(c, n));
                    shellOfVoxel[v] = s;
                    if (s >= 0) count[s]++;
                }
        int[] rowPtr = new int[ns + 1];
        for (int s = 0; s < ns; s++) rowPtr[s + 1] = rowPtr[s] + count[s];
        int[] col = new int[rowPtr[ns]];
        float[] val = new float[rowPtr[ns]];
        int[] fill = rowPtr.clone();
        for (int v = 0; v < nv; v++) {
            int s = shellOfVoxel[v];
            if (s < 0) continue;
            col[fill[s]] = v;
            val[fill[s]++] = 1f / count[s];
        }
        return new SparseCsr(ns, nv, rowPtr, col, val);
    }

    private Tensor[] matrices(Device device) {
        return dft.computeIfAbsent(device, d -> {
            float[] c = new float[n * n], s = new float[n * n], ms = new float[n * n];
            double scale = 1 / Math.sqrt(n);
            for (int j = 0; j < n; j++)
                for (int k = 0; k < n; k++) {
                    double ang = 2 * Math.PI * (((long) j * k) % n) / n;
                    c[j * n + k] = (float) (Math.cos(ang) * scale);
                    s[j * n + k] = (float) (Math.sin(ang) * scale);
                    ms[j * n + k] = -s[j * n + k];
                }
            return new Tensor[] {MemoryScope.escape(Tensor.of(d, c, n, n)), MemoryScope.escape(Tensor.of(d, s, n, n)),
                MemoryScope.escape(Tensor.of(d, ms, n, n))};
        });
    }

    /**
     * The power spectrum {@code |X|^2} of the orthonormal DFT, {@code [N, 1, n, n, n] -> [N, n, n, n]}, with the axes
     * in the order {@code (y, x, z)} (a cyclic permutation of the input's; radial shells do not care).
     */
    public Tensor power(Tensor x) {
        if (x.rank() != 5 || x.dim(1) != 1 || x.dim(2) != n || x.dim(3) != n || x.dim(4) != n)
            throw new IllegalArgumentException("SpectralProfile(" + n + "): input of shape " + x.shape() + " must be [N, 1, " + n + ", " + n + ", " + n + "]");
        Tensor[] m = matrices(x.device());
        Tensor c = m[0], s = m[1], ms = m[2];
        Tensor x3 = x.reshape(x.dim(0), n, n, n);
        Tensor re = x3.matmul(c), im = x3.matmul(ms); // e^{-i theta} = cos - i sin
        for (int axis = 1; axis < 3; axis++) {
            re = re.permute(0, 3, 1, 2);
            im = im.permute(0, 3, 1, 2);
            Tensor re2 = re.matmul(c).add(im.matmul(s));
            Tensor im2 = im.matmul(c).sub(re.matmul(s));
            re = re2;
            im = im2;
        }
        return re.square().add(im.square());
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor logAmp = power(x).add(EPS).log().mul(0.5f);
        Tensor cols = logAmp.reshape(x.dim(0), n * n * n).transpose(0, 1); // [n^3, N]
        return F.spmm(shells, cols).transpose(0, 1);                       // [N, shells]
    }
}
