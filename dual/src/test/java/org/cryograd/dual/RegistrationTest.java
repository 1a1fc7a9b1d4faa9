package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The translation check of a network's output against its input. */
class RegistrationTest {
    private static final int NZ = 24, NY = 40, NX = 36;

    /** Smooth random volume: white noise box-blurred twice. */
    private static float[] smooth(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[NZ * NY * NX];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        for (int pass = 0; pass < 2; pass++) v = blur(v);
        return v;
    }

    private static float[] blur(float[] v) {
        float[] o = new float[v.length];
        for (int z = 0; z < NZ; z++)
            for (int y = 0; y < NY; y++)
                for (int x = 0; x < NX; x++) {
                    double s = 0;
                    int n = 0;
                    for (int a = -1; a <= 1; a++)
                        for (int b = -1; b <= 1; b++)
                            for (int c = -1; c <= 1; c++) {
                                int zz = z + a, yy = y + b, xx = x + c;
                                if (zz < 0 || yy < 0 || xx < 0 || zz >= NZ || yy >= NY || xx >= NX) continue;
                                s += v[(zz * NY + yy) * NX + xx];
                                n++;
                            }
                    o[(z * NY + y) * NX + x] = (float) (s / n);
                }
        return o;
    }

    /** {@code out(x) = scale * in(x - d)} (edge voxels repeated). */
    private static float[] shifted(float[] in, int dz, int dy, int dx, float scale) {
        float[] o = new float[in.length];
        for (int z = 0; z < NZ; z++)
            for (int y = 0; y < NY; y++)
                for (int x = 0; x < NX; x++) {
                    int zz = Math.min(NZ - 1, Math.max(0, z - dz)), yy = Math.min(NY - 1, Math.max(0, y - dy)), xx = Math.min(NX - 1, Math.max(0, x - dx));
                    o[(z * NY + y) * NX + x] = scale * in[(zz * NY + yy) * NX + xx];
                }
        return o;
    }

    @Test
    void findsAnInvertedTranslatedCopy() {
        float[] in = smooth(1);
        Registration r = Registration.measure(shifted(in, 1, -2, 5, -0.5f), in, NZ, NY, NX, 8);
        // an integer copy of a smooth volume: the refinement stays on the voxel (the correlation peak is symmetric)
        assertEquals(1, r.dz(), 0.05);
        assertEquals(-2, r.dy(), 0.05);
        assertEquals(5, r.dx(), 0.05);
        assertTrue(r.peak() < -0.95, "inverted contrast keeps its sign: " + r.peak());
        assertFalse(r.registered());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {1, -2, 5}, DualModel.nearest(r.shift()));
        assertEquals("(1.00, -2.00, 5.50)", Registration.text(new double[] {1, -2, 5.5}));
    }

    /** Sum of Gaussian blobs (sigma 2) at fixed random centres moved by {@code d}: an exact sub-voxel translation. */
    private static float[] blobs(double dz, double dy, double dx) {
        SplittableRandom r = new SplittableRandom(11);
        double[][] c = new double[40][];
        for (int i = 0; i < c.length; i++) c[i] = new double[] {r.nextDouble(NZ), r.nextDouble(NY), r.nextDouble(NX), r.nextBoolean() ? 1 : -1};
        float[] v = new float[NZ * NY * NX];
        for (int z = 0; z < NZ; z++)
            for (int y = 0; y < NY; y++)
                for (int x = 0; x < NX; x++) {
                    double s = 0;
                    for (double[] b : c) {
                        double q = (z - b[0] - dz) * (z - b[0] - dz) + (y - b[1] - dy) * (y - b[1] - dy) + (x - b[2] - dx) * (x - b[2] - dx);
                        s += b[3] * Math.exp(-q / 8);
                    }
                    v[(z * NY + y) * NX + x] = (float) s;
                }
        return v;
    }

    @Test
    void findsASubVoxelTranslation() {
        float[] in = blobs(0, 0, 0);
        double[] d = {1.3, -2.0, 4.6};
        Registration r = Registration.measure(blobs(d[0], d[1], d[2]), in, NZ, NY, NX, 6);
        // the 3-point Gaussian vertex is exact only for a Gaussian correlation peak; 40 overlapping blobs bend it a
        // little: on this fixture (and shifts of up to 3.2 voxels) every axis is within 0.035 voxel, so 0.05
        for (int a = 0; a < 3; a++) assertEquals(d[a], r.shift()[a], 0.05, "axis " + a + ": " + r.shiftText());
        assertFalse(r.registered());
        // a quarter voxel is still "registered" (the nearest whole shift is zero), and measured as such
        Registration q = Registration.measure(blobs(0, 0.25, 0), in, NZ, NY, NX, 6);
        assertTrue(q.registered(), q.shiftText());
        // a shift along one axis leaves the peak symmetric on the others: measured within 0.015 of the truth here
        assertEquals(0.25, q.dy(), 0.02, q.shiftText());
        assertEquals(0, q.dz(), 0.02, q.shiftText());
        assertEquals(0, q.dx(), 0.02, q.shiftText());
    }

    @Test
    void peakOffsetIsTheVertexOfTheGaussianThroughThreeSamples() {
        for (double delta : new double[] {-0.4, -0.1, 0, 0.2, 0.45}) {
            double s2 = 2 * 1.7 * 1.7;
            double lo = Math.exp(-(-1 - delta) * (-1 - delta) / s2), mid = Math.exp(-delta * delta / s2), hi = Math.exp(-(1 - delta) * (1 - delta) / s2);
            assertEquals(delta, Registration.peakOffset(lo, mid, hi), 1e-12);
        }
        assertEquals(1.0 / 6, Registration.peakOffset(-1, 1, 0), 1e-12, "parabola -1.5 x^2 + 0.5 x + 1 through (-1,-1), (0,1), (1,0)");
        assertEquals(0, Registration.peakOffset(1, 1, 1), "flat: no offset");
        assertEquals(0.5, Registration.peakOffset(0.1, 0.5, 0.5), 1e-12, "clamped to half a voxel");
    }

    @Test
    void subVoxelShiftIsExactOnLinearRampsAndChecksItsArguments() {
        int nz = 5, ny = 6, nx = 7;
        float[] v = new float[nz * ny * nx];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++) v[(z * ny + y) * nx + x] = 2f * z - 3f * y + 0.5f * x;
        Volume vol = new Volume(v, nz, ny, nx);
        double[] f = {0.3, -0.45, 0.2};
        float[] o = SubVoxelShift.linear(vol, f).data();
        // out(x) = v(x + f) wherever x + f stays inside (mirror beyond the faces bends the ramp there)
        for (int z = 0; z < nz - 1; z++)
            for (int y = 1; y < ny; y++)
                for (int x = 0; x < nx - 1; x++)
                    assertEquals(2 * (z + f[0]) - 3 * (y + f[1]) + 0.5 * (x + f[2]), o[(z * ny + y) * nx + x], 1e-5, z + "," + y + "," + x);
        assertTrue(SubVoxelShift.linear(vol, new double[3]) == vol, "no shift, no copy");
        assertThrows(IllegalArgumentException.class, () -> SubVoxelShift.linear(vol, new double[] {0, 1, 0}));
        assertThrows(IllegalArgumentException.class, () -> SubVoxelShift.linear(vol, new double[] {0, 0}));
    }

    /** A "network" that translates each tile by 3.4 voxels in x (rolls by 3 and 4, mixed 0.6 / 0.4). */
    @Test
    void aFractionalShiftIsCorrectedInEveryFlipsPass() throws Exception {
        float[] in = smooth(8);
        VolumeSource src = VolumeSource.of(new Volume(in, NZ, NY, NX));
        java.util.function.UnaryOperator<org.cryograd.tensor.Tensor> net = t -> t.roll(new int[] {3}, new int[] {4}).mul(0.6f)
                .add(t.roll(new int[] {4}, new int[] {4}).mul(0.4f));
        TiledInference tiler = new TiledInference(16, 8);
        Registration raw = Registration.measure(DualModel.registeredAverage(tiler, src, null, net, Augment.NONE, new double[3]).data(), in, NZ, NY, NX, 6);
        assertEquals(3.4, raw.dx(), 0.1, "the network's translation: " + raw.shiftText());
        // single pass: correcting the whole voxels only leaves the 0.4 voxel; the sub-voxel correction removes it
        Registration whole = Registration.measure(DualModel.registeredAverage(tiler, src, null, net, Augment.NONE, new double[] {0, 0, 3}).data(), in, NZ, NY, NX, 6);
        assertEquals(0.4, whole.dx(), 0.1, whole.shiftText());
        for (Augment flips : new Augment[] {Augment.NONE, Augment.WEDGE_PRESERVING}) {
            Registration sub = Registration.measure(DualModel.registeredAverage(tiler, src, null, net, flips, new double[] {0, 0, raw.dx()}).data(), in, NZ, NY, NX, 6);
            assertTrue(Math.abs(sub.dx()) < 0.1 && Math.abs(sub.dy()) < 0.1 && Math.abs(sub.dz()) < 0.1, flips + ": " + sub.shiftText());
            assertTrue(sub.peak() > 0.95, flips + ": correlation " + sub.peak());
        }
    }

    @Test
    void aNoisyRegisteredCopyIsRegistered() {
        float[] in = smooth(2), noise = smooth(3);
        float[] out = new float[in.length];
        for (int i = 0; i < out.length; i++) out[i] = in[i] + 3 * noise[i]; // correlation ~0.3
        Registration r = Registration.measure(out, in, NZ, NY, NX, 8);
        assertTrue(r.registered(), r.shiftText());
        assertEquals(r.atZero(), r.peak());
        assertTrue(r.peak() > 0.2 && r.peak() < 0.6, "peak " + r.peak());
    }

    @Test
    void theSearchWindowIsClamped() {
        float[] in = smooth(4);
        // a shift of 7 in z is beyond a quarter of nz = 24 (6): the search cannot reach it and says so by not finding 7
        Registration r = Registration.measure(shifted(in, 7, 0, 0, 1f), in, NZ, NY, NX, 8);
        assertTrue(Math.abs(r.dz()) <= 6, r.shiftText());
        assertThrows(IllegalArgumentException.class, () -> Registration.measure(in, new float[3], NZ, NY, NX, 2));
        assertThrows(IllegalArgumentException.class, () -> Registration.measure(in, in, NZ, NY, NX, -1));
    }

    @Test
    void tiledInferenceReadsItsInputAheadByTheOffset() throws Exception {
        float[] in = smooth(5);
        Volume v = new Volume(in, NZ, NY, NX);
        int[] off = {2, -3, 4};
        float[] out = new TiledInference(16, 4).apply(VolumeSource.of(v), null, t -> t, off).data();
        for (int z = 0; z < NZ; z++)
            for (int y = 0; y < NY; y++)
                for (int x = 0; x < NX; x++) {
                    int zz = mirror(z + 2, NZ), yy = mirror(y - 3, NY), xx = mirror(x + 4, NX);
                    assertEquals(in[(zz * NY + yy) * NX + xx], out[(z * NY + y) * NX + x], 1e-5, "voxel " + z + "," + y + "," + x);
                }
    }

    private static int mirror(int c, int n) {
        int p = 2 * (n - 1);
        c = Math.floorMod(c, p);
        return c < n ? c : p - c;
    }

    /** A "network" that translates each tile by (0, 1, 3) in its own frame, under the four wedge-preserving flips. */
    @Test
    void theShiftCorrectionRegistersEveryFlipsPass() throws Exception {
        float[] in = smooth(6);
        VolumeSource src = VolumeSource.of(new Volume(in, NZ, NY, NX));
        int[] d = {0, 1, 3};
        java.util.function.UnaryOperator<org.cryograd.tensor.Tensor> net = t -> t.roll(new int[] {d[1], d[2]}, new int[] {3, 4});
        TiledInference tiler = new TiledInference(16, 8);
        Registration off = Registration.measure(DualModel.registeredAverage(tiler, src, null, net, Augment.NONE, new double[3]).data(), in, NZ, NY, NX, 6);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 1, 3}, DualModel.nearest(off.shift()), "uncorrected: the tile translation shows " + off.shiftText());
        for (Augment flips : new Augment[] {Augment.NONE, Augment.WEDGE_PRESERVING}) {
            float[] fixed = DualModel.registeredAverage(tiler, src, null, net, flips, new double[] {0, 1, 3}).data();
            Registration r = Registration.measure(fixed, in, NZ, NY, NX, 6);
            assertTrue(r.registered(), flips + ": " + r.shiftText());
            assertTrue(r.peak() > 0.85, flips + ": correlation " + r.peak() + " (the rolled tiles' wrapped edges blur it a little)");
        }
        Registration mixed = Registration.measure(DualModel.registeredAverage(tiler, src, null, net, Augment.WEDGE_PRESERVING, new double[3]).data(), in, NZ, NY, NX, 6);
        assertTrue(mixed.atZero() < 0.5, "uncorrected, the flips average differently shifted copies: " + mixed.atZero());
    }

    @Test
    void theCorrectionTravelsWithTheModelDirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        DualModel m = new DualModel(Fixtures.tiny(), new DualNetworks(Fixtures.tiny(), new org.cryograd.tensor.Rng(1)))
                .withShiftCorrection(new double[] {0, 0.25, 3.375}, new double[] {0, 1, -1});
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 0.25, 3.375}, m.denoiserShift());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[3], m.generatorShift(), "one voxel is within the check's accuracy");
        m.save(dir);
        DualModel back = DualModel.load(dir);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 0.25, 3.375}, back.denoiserShift());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[3], back.generatorShift());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 0.25, 3.375}, back.withTileOverlap(4).denoiserShift());
        // files written before sub-voxel shifts (integers) still load
        java.nio.file.Files.writeString(dir.resolve(DualModel.REGISTRATION), "denoiser.shift = 0,0,4\ngenerator.shift = 0,0,0\n");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 0, 4}, DualModel.load(dir).denoiserShift());
        java.nio.file.Files.writeString(dir.resolve(DualModel.REGISTRATION), "denoiser.shift = 0,2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DualModel.load(dir));
        assertTrue(e.getMessage().contains(DualModel.REGISTRATION) && e.getMessage().contains("denoiser.shift"), e.getMessage());
        java.nio.file.Files.delete(dir.resolve(DualModel.REGISTRATION)); // model directories from before the check
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[3], DualModel.load(dir).denoiserShift());
    }
}
