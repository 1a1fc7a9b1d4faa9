package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Overlap-tile inference: exactness for pointwise networks, no seams, arbitrary sizes. */
class TiledInferenceTest {
    static Volume random(int nz, int ny, int nx, long seed) {
        try (Tensor t = Tensor.randn(new Rng(seed), nz, ny, nx)) {
            return Volume.of(t);
        }
    }

    @Test
    void pointwiseNetworkGivesTheUntiledResult() {
        for (int[] d : new int[][] {{37, 29, 45}, {10, 20, 40}, {16, 16, 16}, {1, 17, 3}}) {
            Volume v = random(d[0], d[1], d[2], 5);
            Volume out = new TiledInference(16, 5).apply(v, t -> t.mul(t).mul(0.5f).add(t.tanh()));
            assertEquals(d[0], out.nz());
            assertEquals(d[2], out.nx());
            for (int i = 0; i < v.data().length; i++) {
                float x = v.data()[i];
                float e = (float) (0.5 * x * x + Math.tanh(x));
                assertEquals(e, out.data()[i], 2e-6 * Math.max(1, Math.abs(e)), "voxel " + i + " of " + java.util.Arrays.toString(d));
            }
        }
    }

    @Test
    void gridCoversTheAxisAndEndsAtItsEdge() {
        TiledInference ti = new TiledInference(32, 8);
        assertEquals(4, ti.margin());
        // the grid spans [-4, n + 4): stride 24 from -4, the last tile moved to end at n + 4
        assertEquals(List.of(-4, 20, 44, 68, 72), ti.starts(100));
        assertEquals(List.of(-4, 4), ti.starts(32));
        assertEquals(List.of(-13), ti.starts(5), "one tile, centred");
        assertEquals(List.of(-4, 20, 44, 52), ti.starts(80));
        TiledInference noOverlap = new TiledInference(16, 0);
        assertEquals(0, noOverlap.margin());
        assertEquals(List.of(0, 16, 24), noOverlap.starts(40));
    }

    /** A 3x3x3 mean filter with zero padding: each tile's outer voxels see zeros beyond the tile and come out dimmed. */
    private static Tensor zeroPaddedBlur(Tensor t) {
        float[] w = new float[27];
        java.util.Arrays.fill(w, 1f / 27);
        return org.cryograd.tensor.F.conv3d(t, Tensor.of(w, 1, 1, 3, 3, 3), null, 1, 1);
    }

    @Test
    void facesAreNotDimmedByTheNetworksOwnPadding() {
        int nz = 20, ny = 37, nx = 45;
        float[] ones = new float[nz * ny * nx];
        java.util.Arrays.fill(ones, 1f);
        Volume v = new Volume(ones, nz, ny, nx);
        // margin 0 (no overlap): the faces are tile borders, dimmed to 2/3 (a corner to 8/27): the network is a fair probe
        float[] hard = new TiledInference(16, 0).apply(v, TiledInferenceTest::zeroPaddedBlur).data();
        assertEquals(8.0 / 27, hard[0], 1e-5, "corner of the volume without a margin");
        // with the margin every face voxel is a tile interior (the input is mirrored beyond the face); what is left are
        // the blended seams, where the dimmed border voxel of one tile has the small weight sin^2(pi/12) (~0.978 where seams
        // of two axes cross)
        float[] out = new TiledInference(16, 6).apply(v, TiledInferenceTest::zeroPaddedBlur).data();
        double min = 1, max = 0;
        for (float f : out) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        assertTrue(min > 0.97 && max < 1 + 1e-5, "constant volume through a zero-padded blur: range [" + min + ", " + max + "]");
        for (int z : new int[] {0, nz - 1})
            for (int y : new int[] {0, ny - 1})
                for (int x : new int[] {0, nx - 1}) assertEquals(1f, out[(z * ny + y) * nx + x], 1e-5, "corner " + z + "," + y + "," + x);
    }

    /** Max over the volume of |first difference| along any axis. */
    static double maxStep(Volume v) {
        double m = 0;
        int ny = v.ny(), nx = v.nx();
        float[] d = v.data();
        for (int z = 0; z < v.nz(); z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++) {
                    int i = (z * ny + y) * nx + x;
                    if (x + 1 < nx) m = Math.max(m, Math.abs(d[i + 1] - d[i]));
                    if (y + 1 < ny) m = Math.max(m, Math.abs(d[i + nx] - d[i]));
                    if (z + 1 < v.nz()) m = Math.max(m, Math.abs(d[i + ny * nx] - d[i]));
                }
        return m;
    }

    @Test
    void tilesThatDisagreeBlendWithoutSeams() {
        int n = 40;
        float[] a = new float[n * n * n];
        for (int z = 0; z < n; z++)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++) a[(z * n + y) * n + x] = (float) Math.sin(0.05 * x + 0.07 * y + 0.03 * z);
        Volume v = new Volume(a, n, n, n);
        double inputStep = maxStep(v);
        // each tile adds 3 x its own mean: neighbouring tiles disagree by up to ~3 x the input's range over a tile
        java.util.function.UnaryOperator<Tensor> net = t -> t.add(t.mean().mul(3f));
        int ov = 6;
        Volume blended = new TiledInference(16, ov).apply(v, net);
        Volume hard = new TiledInference(16, 0).apply(v, net);
        double seam = maxStep(hard), smooth = maxStep(blended);
        // out = x + o with o blending the tiles' offsets; in a regular overlap o = m_A + (m_B - m_A) sin^2(pi/2 (i+1/2)/ov),
        // whose step is at most |m_B - m_A| pi / (2 ov); the hard seams show |m_B - m_A| <= seam + inputStep.
        double bound = inputStep + (seam + inputStep) * Math.PI / (2 * ov);
        assertTrue(seam > 4 * inputStep, "hard tiles must show seams (test sanity): " + seam + " vs input " + inputStep);
        assertTrue(smooth < seam / 3, "blended max step " + smooth + " must be far below the hard seams' " + seam);
        org.slf4j.LoggerFactory.getLogger(TiledInferenceTest.class).info("max step: input {}, hard tiles {}, blended {}, bound {}", inputStep, seam, smooth, bound);
        assertTrue(smooth <= bound, "blended max step " + smooth + " above the window bound " + bound);
    }

    @Test
    void unetRunsOnAVolumeOfOddSize() {
        DualNetworks nets = new DualNetworks(Fixtures.tiny(), new Rng(1));
        DualModel m = new DualModel(Fixtures.tiny(), nets);
        Volume v = random(21, 19, 35, 3);
        Volume out = m.denoise(v);
        assertEquals(v.data().length, out.data().length);
        for (float f : out.data()) assertTrue(Float.isFinite(f));
    }

    @Test
    void modelOverlapIsAnInferenceSettingOverTheSameNetworks() {
        DualConfig cfg = Fixtures.tiny();
        DualModel m = new DualModel(cfg, new DualNetworks(cfg, new Rng(8)));
        DualModel wide = m.withTileOverlap(12);
        assertSame(m.networks(), wide.networks());
        assertEquals(12, wide.config().tileOverlap());
        assertEquals(cfg.tileOverlap(), m.config().tileOverlap(), "the original keeps its overlap");
        Volume v = random(24, 40, 40, 9);
        float[] a = m.denoise(v).data(), b = wide.denoise(v).data();
        double diff = 0;
        for (int i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
        assertTrue(diff > 1e-4, "another overlap blends other tiles: max difference " + diff);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.withTileOverlap(cfg.patchSize()));
        assertTrue(e.getMessage().contains("[0, " + cfg.patchSize() + ")"), e.getMessage());
    }
}
