package org.cryograd.fft;

import static org.cryograd.fft.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.cryograd.tensor.testing.Cgfx;
import org.junit.jupiter.api.Test;

/** Missing-wedge and present-region masks against numpy, and the directional FSC. */
class TiltMaskTest {

    @Test
    void wedgeMasksMatchNumpy() {
        for (Cgfx.Case c : Fixtures.of("wedge")) {
            int[] dims = c.ints("dims");
            TiltAxis axis = TiltAxis.valueOf(c.str("axis"));
            double lo = c.real("min"), hi = c.real("max");
            assertClose(c.get("full"), WedgeMask.measured(axis, lo, hi, FourierLayout.FULL, dims), 0, 0, c.id() + " full");
            assertClose(c.get("half"), WedgeMask.measured(axis, lo, hi, FourierLayout.HALF, dims), 0, 0, c.id() + " half");
            float[] missing = WedgeMask.missing(axis, lo, hi, FourierLayout.FULL, dims).toArray();
            float[] full = c.get("full").data();
            for (int i = 0; i < full.length; i++) assertEquals(1 - full[i], missing[i], 0, c.id() + " missing " + i);
        }
    }

    @Test
    void wedgeGeometryAnalyticCases() {
        // +-60 about y on a cube: (k_z, k_x) = (1, 1) is at 45 deg (measured), (2, 1) at 63.4 deg (missing),
        // everything on the tilt axis (k_x = k_z = 0) is measured, and masks are constant along y.
        Tensor m = WedgeMask.measured(TiltAxis.Y, -60, 60, FourierLayout.FULL, 8, 8, 8);
        float[] v = m.toArray();
        assertEquals(1f, v[idx(1, 0, 1)]);
        assertEquals(0f, v[idx(2, 0, 1)]);
        assertEquals(0f, v[idx(2, 5, 1)]);
        assertEquals(1f, v[idx(0, 3, 0)]);
        // an asymmetric range: +40 deg samples the direction (k_x, k_z) = (cos 40, sin 40), i.e. (k_z, k_x) = (1, 1)
        // at 45 deg is missing for [-60, 40] but its mirror (k_z, k_x) = (-1, 1) at -45 deg is measured
        float[] asym = WedgeMask.measured(TiltAxis.Y, -60, 40, FourierLayout.FULL, 8, 8, 8).toArray();
        assertEquals(0f, asym[idx(1, 0, 1)]);
        assertEquals(1f, asym[idx(7, 0, 1)]);
    }

    private static int idx(int z, int y, int x) {
        return (z * 8 + y) * 8 + x;
    }

    @Test
    void presentMasksAndDirectionalFscMatchNumpy() {
        for (Cgfx.Case c : Fixtures.of("present")) {
            int[] dims = c.ints("dims");
            TiltGeometry g = TiltGeometry.range(c.real("min"), c.real("max"), c.real("step"), TiltAxis.valueOf(c.str("axis")));
            assertClose(c.get("full"), g.presentMask(FourierLayout.FULL, dims), 0, 0, c.id() + " present full");
            assertClose(c.get("half"), g.presentMask(FourierLayout.HALF, dims), 0, 0, c.id() + " present half");
            DirectionalFsc d = DirectionalFsc.compute(c.get("a").tensor(), c.get("b").tensor(), c.real("voxel"), g);
            check(c, "present", d.present());
            check(c, "missing", d.missing());
        }
    }

    private static void check(Cgfx.Case c, String region, FscCurve curve) {
        float[] fsc = c.get("fsc_" + region).data(), count = c.get("count_" + region).data();
        assertEquals(fsc.length, curve.shells());
        for (int s = 0; s < fsc.length; s++) {
            assertEquals(count[s], curve.voxels()[s], 0, c.id() + " " + region + " count " + s);
            if (Float.isNaN(fsc[s])) assertTrue(Double.isNaN(curve.fsc()[s]), c.id() + " " + region + " NaN shell " + s);
            else assertEquals(fsc[s], curve.fsc()[s], 1e-5, c.id() + " " + region + " shell " + s);
        }
    }

    @Test
    void volumesDifferingOnlyInTheMissingRegionCorrelatePerfectlyInThePresentRegion() {
        for (int[] dims : new int[][] {{16, 14, 16}, {13, 11, 15}}) {
            TiltGeometry g = TiltGeometry.range(-60, 60, 3, TiltAxis.Y);
            Tensor v1 = Tensor.randn(new Rng(21), dims);
            Tensor noise = Tensor.randn(new Rng(22), dims).mul(3f);
            // a real perturbation whose spectrum lies only in the missing region (the mask is Hermitian-symmetric)
            Tensor delta = Filters.transfer(noise, 3, g.missingMask(FourierLayout.HALF, dims));
            Tensor v2 = v1.add(delta);
            DirectionalFsc d = DirectionalFsc.compute(v1, v2, 1.0, g);
            for (int s = 0; s < d.present().shells(); s++)
                if (!Double.isNaN(d.present().fsc()[s])) assertEquals(1.0, d.present().fsc()[s], 1e-5, "present shell " + s);
            double minMissing = 1;
            for (int s = 1; s < d.missing().shells(); s++)
                if (!Double.isNaN(d.missing().fsc()[s])) minMissing = Math.min(minMissing, d.missing().fsc()[s]);
            assertTrue(minMissing < 0.5, "the missing region really differs: min FSC " + minMissing);
            // and the whole-volume FSC sees the difference
            assertTrue(Fsc.compute(v1, v2, 1.0).fsc()[4] < 0.99);
        }
    }

    @Test
    void presentRegionOfAContinuousSchemeContainsTheMeasuredWedge() {
        // with 1-degree steps every voxel within the wedge's angular range is within half a voxel of a plane
        int[] dims = {12, 6, 12};
        float[] wedge = WedgeMask.measured(TiltAxis.X, -50, 50, FourierLayout.HALF, dims).toArray();
        float[] present = TiltGeometry.range(-50, 50, 1, TiltAxis.X).presentMask(FourierLayout.HALF, dims).toArray();
        int inside = 0, absent = 0;
        for (int i = 0; i < wedge.length; i++) {
            if (wedge[i] == 1f) {
                inside++;
                assertEquals(1f, present[i], "voxel " + i);
            }
            if (present[i] == 0f) absent++;
        }
        // not vacuous: +-50 of 180 degrees is ~56 % of directions, so over half the voxels are in the wedge; and the
        // present mask must still have a missing region (an all-ones mask would contain any wedge)
        assertTrue(inside > wedge.length / 2, "voxels in the measured wedge: " + inside + " of " + wedge.length);
        assertTrue(absent > 0, "the present mask has no missing region");
    }

    @Test
    void standardGeometryAndBadInput() {
        TiltGeometry g = TiltGeometry.standard();
        assertEquals(61, g.views());
        assertEquals(-60, g.anglesDeg()[0]);
        assertEquals(60, g.anglesDeg()[60], 1e-12);
        assertArrayEquals(new int[] {8, 8, 5}, g.presentMask(FourierLayout.HALF, 8, 8, 8).dims());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.presentMask(FourierLayout.FULL, 8, 8));
        assertTrue(e.getMessage().contains("[8, 8]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WedgeMask.measured(TiltAxis.Y, 60, -60, FourierLayout.FULL, 4, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> new TiltGeometry(new double[0], TiltAxis.Y));
        assertThrows(IllegalArgumentException.class,
                () -> DirectionalFsc.compute(Tensor.zeros(4, 4), Tensor.zeros(4, 4), 1, g));
    }
}
