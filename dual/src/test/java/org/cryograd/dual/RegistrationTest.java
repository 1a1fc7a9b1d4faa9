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
        assertEquals(1, r.dz());
        assertEquals(-2, r.dy());
        assertEquals(5, r.dx());
        assertTrue(r.peak() < -0.95, "inverted contrast keeps its sign: " + r.peak());
        assertFalse(r.registered());
        assertEquals("(1, -2, 5)", r.shiftText());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {1, -2, 5}, r.shift());
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
        Registration off = Registration.measure(DualModel.registeredAverage(tiler, src, null, net, Augment.NONE, new int[3]).data(), in, NZ, NY, NX, 6);
        assertEquals("(0, 1, 3)", off.shiftText(), "uncorrected: the tile translation shows");
        for (Augment flips : new Augment[] {Augment.NONE, Augment.WEDGE_PRESERVING}) {
            float[] fixed = DualModel.registeredAverage(tiler, src, null, net, flips, d).data();
            Registration r = Registration.measure(fixed, in, NZ, NY, NX, 6);
            assertTrue(r.registered(), flips + ": " + r.shiftText());
            assertTrue(r.peak() > 0.85, flips + ": correlation " + r.peak() + " (the rolled tiles' wrapped edges blur it a little)");
        }
        Registration mixed = Registration.measure(DualModel.registeredAverage(tiler, src, null, net, Augment.WEDGE_PRESERVING, new int[3]).data(), in, NZ, NY, NX, 6);
        assertTrue(mixed.atZero() < 0.5, "uncorrected, the flips average differently shifted copies: " + mixed.atZero());
    }

    @Test
    void theCorrectionTravelsWithTheModelDirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        DualModel m = new DualModel(Fixtures.tiny(), new DualNetworks(Fixtures.tiny(), new org.cryograd.tensor.Rng(1)))
                .withShiftCorrection(new int[] {0, 0, 3}, new int[] {0, 1, -1});
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 0, 3}, m.denoiserShift());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[3], m.generatorShift(), "one voxel is within the check's accuracy");
        m.save(dir);
        DualModel back = DualModel.load(dir);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 0, 3}, back.denoiserShift());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[3], back.generatorShift());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 0, 3}, back.withTileOverlap(4).denoiserShift());
        java.nio.file.Files.writeString(dir.resolve(DualModel.REGISTRATION), "denoiser.shift = 0,2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DualModel.load(dir));
        assertTrue(e.getMessage().contains(DualModel.REGISTRATION) && e.getMessage().contains("denoiser.shift"), e.getMessage());
        java.nio.file.Files.delete(dir.resolve(DualModel.REGISTRATION)); // model directories from before the check
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[3], DualModel.load(dir).denoiserShift());
    }
}
