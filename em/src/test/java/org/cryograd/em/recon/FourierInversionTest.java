package org.cryograd.em.recon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.em.BaselineFixture;
import org.cryograd.em.geometry.Projector;
import org.cryograd.em.geometry.TiltSimulation;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.fft.metrics.ImageMetrics;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Direct Fourier inversion: exactness properties of the central-section theorem on the projector's own data. */
class FourierInversionTest {
    private static final int N = BaselineFixture.get("phantom").shape()[0];

    private static Tensor phantom() {
        return Tensor.of(BaselineFixture.get("phantom").data(), N, 1, N);
    }

    @Test
    void denseFullRangeReconstructsTheSlice() {
        // 180 views over 180 degrees: the lines cover the spectrum densely, so the inversion is close to the truth,
        // and no worse than WBP by much (both are interpolation-limited)
        Projector p = new Projector(TiltGeometry.range(0, 179, 1, TiltAxis.Y), N, N);
        Tensor truth = phantom(), b = TiltSimulation.project(p, truth);
        Tensor dfi = FourierInversion.reconstruct(p, b);
        assertArrayEquals(truth.dims(), dfi.dims());
        double cd = ImageMetrics.pearson(truth, dfi), cw = ImageMetrics.pearson(truth, Wbp.reconstruct(p, b));
        assertTrue(cd > 0.9, "correlation with the truth " + cd);
        assertTrue(cd > cw - 0.05, "direct inversion " + cd + " vs WBP " + cw);
        // the mean (DC) is the average of every line's DC, each of which is the slice's total mass (up to the little
        // that oblique views lose past the detector's ends and the inversion puts outside the crop)
        double mt = 0, md = 0;
        for (float v : truth.toArray()) mt += v;
        for (float v : dfi.toArray()) md += v;
        assertEquals(mt, md, 5e-3 * Math.abs(mt));
    }

    @Test
    void anOffCentreVoxelComesBackWhereItWasInANonSquareSliceWithAWedge() {
        // a mirrored axis, a half-voxel centring error or a swapped x/z would move the peak
        int nx = 48, nz = 20;
        for (int[] at : new int[][] {{35, 6}, {9, 14}, {24, 10}}) {
            float[] v = new float[nz * 2 * nx];
            for (int y = 0; y < 2; y++) v[(at[1] * 2 + y) * nx + at[0]] = 1f;
            Tensor truth = Tensor.of(v, nz, 2, nx);
            Projector p = new Projector(TiltGeometry.range(-60, 60, 2, TiltAxis.Y), nx, nz);
            float[] r = FourierInversion.reconstruct(p, TiltSimulation.project(p, truth)).toArray();
            for (int y = 0; y < 2; y++) {
                int best = -1;
                for (int z = 0; z < nz; z++)
                    for (int x = 0; x < nx; x++) {
                        int i = (z * 2 + y) * nx + x;
                        if (best < 0 || r[i] > r[best]) best = i;
                    }
                int bz = best / (2 * nx), bx = best % nx;
                assertEquals(at[0], bx, "x of the peak, voxel at " + at[0] + "," + at[1]);
                assertEquals(at[1], bz, "z of the peak, voxel at " + at[0] + "," + at[1]);
            }
        }
    }

    @Test
    void rejectsATiltSeriesThatDoesNotMatch() {
        Projector p = new Projector(TiltGeometry.range(-60, 60, 30, TiltAxis.Y), 16, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FourierInversion.reconstruct(p, Tensor.zeros(5, 3, 15)));
        assertTrue(e.getMessage().contains("[5, 3, 15]"), e.getMessage());
    }
}
