package org.cryograd.em.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.cryograd.em.BaselineFixture;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class PhantomsTest {
    private static final int NX = 64, NY = 48, NZ = 20;

    private static float at(float[] v, int nx, int ny, double x, double y, double z) {
        return v[((int) Math.round(z) * ny + (int) Math.round(y)) * nx + (int) Math.round(x)];
    }

    @Test
    void everyKindHasTheRequestedShapeValuesInUnitRangeAndContent() {
        for (PhantomKind kind : PhantomKind.values()) {
            Tensor t = Phantoms.make(kind, new Rng(7), NX, NY, NZ);
            assertArrayEquals(new int[] {NZ, NY, NX}, t.dims(), kind.label());
            float[] v = t.toArray();
            float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
            int bright = 0;
            for (float a : v) {
                min = Math.min(min, a);
                max = Math.max(max, a);
                if (a > 0.5f) bright++;
            }
            double fraction = bright / (double) v.length;
            assertTrue(min >= 0 && max <= 1, kind + ": range [" + min + ", " + max + "]");
            assertEquals(1f, max, 1e-6f, kind + ": scaled to a maximum of 1");
            assertTrue(fraction > 0.002 && fraction < 0.6, kind + ": fraction above 0.5 is " + fraction);
        }
    }

    @Test
    void randomPhantomsAreDeterministicPerSeedAndDifferBetweenSeeds() {
        for (PhantomKind kind : new PhantomKind[] {PhantomKind.SPHERES, PhantomKind.SHAPES, PhantomKind.PARTICLE}) {
            float[] a = Phantoms.make(kind, new Rng(21), NX, NY, NZ).toArray();
            float[] b = Phantoms.make(kind, new Rng(21), NX, NY, NZ).toArray();
            float[] c = Phantoms.make(kind, new Rng(22), NX, NY, NZ).toArray();
            assertArrayEquals(a, b, kind.label());
            assertFalse(Arrays.equals(a, c), kind.label());
        }
        assertArrayEquals(Phantoms.sheppLogan(20, 20, 9).toArray(), Phantoms.make(PhantomKind.SHEPP, new Rng(1), 20, 20, 9).toArray());
    }

    @Test
    void spheresAreHollowShellsInsideTheSlab() {
        int nx = 96, ny = 80, nz = 24;
        List<Phantoms.Ball> balls = Phantoms.sphereLayout(new Rng(9), nx, ny, nz);
        float[] v = Phantoms.spheres(new Rng(9), nx, ny, nz).toArray();
        assertTrue(balls.size() >= 5, "number of spheres " + balls.size());
        int hollow = 0;
        for (Phantoms.Ball b : balls) {
            // inside the volume, in z inside the slab
            assertTrue(b.x() - b.outer() >= 0 && b.x() + b.outer() <= nx - 1, b.toString());
            assertTrue(b.y() - b.outer() >= 0 && b.y() + b.outer() <= ny - 1, b.toString());
            assertTrue(b.z() - b.outer() >= 0 && b.z() + b.outer() <= nz - 1, b.toString());
            if (b.inner() < 2.5) continue;
            hollow++;
            double mid = (b.outer() + b.inner()) / 2;
            float centre = at(v, nx, ny, b.x(), b.y(), b.z());
            float shell = Math.min(at(v, nx, ny, b.x() + mid, b.y(), b.z()), at(v, nx, ny, b.x(), b.y() - mid, b.z()));
            assertTrue(centre < 0.2f && shell > 0.4f && shell > 3 * centre, b + ": centre " + centre + ", shell " + shell);
        }
        assertTrue(hollow >= 3, "spheres with a resolvable interior: " + hollow);
    }

    @Test
    void sphereDiametersScaleWithTheVolume() {
        // at 128 x 128 the paper's 16-64 px (at 256) become 8-32 px; the slab of 40 holds them all
        List<Phantoms.Ball> balls = Phantoms.sphereLayout(new Rng(4), 128, 128, 40);
        double lo = Double.MAX_VALUE, hi = 0;
        for (Phantoms.Ball b : balls) {
            lo = Math.min(lo, 2 * b.outer());
            hi = Math.max(hi, 2 * b.outer());
            assertEquals(1.5, b.outer() - b.inner(), 1e-9, "shell thickness max(1.5, 3 s) with s = 0.5");
        }
        assertTrue(lo >= 8 && hi <= 32, "diameters in [" + lo + ", " + hi + "]");
        assertTrue(hi - lo > 12, "diameters spread over the range: [" + lo + ", " + hi + "]");
        // a thinner slab caps them at its thickness
        for (Phantoms.Ball b : Phantoms.sphereLayout(new Rng(4), 128, 128, 16)) assertTrue(2 * b.outer() <= 15, b.toString());
    }

    @Test
    void sheppLoganCentralSliceMatchesScikitImagesPhantom() {
        BaselineFixture.Array ref = BaselineFixture.get("shepp2d");
        int n = ref.shape()[0], nz = 9;
        float[] v = Phantoms.sheppLogan(n, n, nz).toArray();
        float[] slice = Arrays.copyOfRange(v, (nz / 2) * n * n, (nz / 2 + 1) * n * n);
        double r = BaselineFixture.pearson(slice, ref.data(), null);
        assertTrue(r > 0.9, "central x-y slice vs skimage.data.shepp_logan_phantom: r = " + r);
        // mirrored left-right it must fit worse: the ventricles' tilts are not symmetric
        float[] mirrored = new float[slice.length];
        for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) mirrored[y * n + x] = slice[y * n + n - 1 - x];
        float[] flipped = new float[slice.length];
        for (int y = 0; y < n; y++) System.arraycopy(slice, (n - 1 - y) * n, flipped, y * n, n);
        assertTrue(r > BaselineFixture.pearson(mirrored, ref.data(), null) + 0.01, "left-right orientation (ventricle tilts)");
        assertTrue(r > BaselineFixture.pearson(flipped, ref.data(), null) + 0.05, "up-down orientation");
    }

    @Test
    void sheppLoganValuesFollowTheEllipsoidTable() {
        int n = 101, nz = 101; // odd: voxel 50 sits at coordinate 0; coordinate c is voxel 50 + 50.5 c
        float[] v = Phantoms.sheppLogan(n, n, nz).toArray();
        java.util.function.DoubleBinaryOperator xy = (x, y) -> at(v, n, n, 50 + 50.5 * x, 50 - 50.5 * y, 50);
        assertEquals(0.2f, (float) xy.applyAsDouble(0, 0), 1e-6f, "centre: skull 1 - brain 0.8");
        assertEquals(1.0f, (float) xy.applyAsDouble(0, 0.9), 1e-6f, "skull between y = 0.856 and 0.92");
        assertEquals(0.0f, (float) xy.applyAsDouble(0.22, 0), 1e-6f, "right ventricle 0.2 - 0.2");
        assertEquals(0.0f, (float) xy.applyAsDouble(-0.22, 0), 1e-6f, "left ventricle");
        assertEquals(0.3f, (float) xy.applyAsDouble(0, 0.35), 1e-6f, "ellipsoid at y = 0.35");
        assertEquals(0.0f, (float) xy.applyAsDouble(0.95, 0), 1e-6f, "outside the head");
        // along z at the centre column: skull c = 0.81, brain c = 0.78; small ellipsoids at z = 0.25 off this column
        assertEquals(1.0f, at(v, n, n, 50, 50, 50 + 50.5 * 0.795), 1e-6f);
        assertEquals(0.0f, at(v, n, n, 50, 50, 50 + 50.5 * 0.83), 1e-6f);
        assertEquals(0.3f, at(v, n, n, 50, 50 - 50.5 * 0.1, 50 + 50.5 * 0.25), 1e-6f, "blob at (0, 0.1, 0.25)");
    }

    @Test
    void parseAcceptsTheFourNamesAndListsThemOtherwise() {
        assertEquals(PhantomKind.SPHERES, PhantomKind.parse("spheres"));
        assertEquals(PhantomKind.SHAPES, PhantomKind.parse(" Shapes "));
        assertEquals(PhantomKind.PARTICLE, PhantomKind.parse("PARTICLE"));
        assertEquals(PhantomKind.SHEPP, PhantomKind.parse("shepp"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PhantomKind.parse("cube"));
        assertTrue(e.getMessage().contains("'cube'") && e.getMessage().contains("spheres, shapes, particle, shepp"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PhantomKind.parse(null));
        e = assertThrows(IllegalArgumentException.class, () -> Phantoms.spheres(new Rng(1), 64, 64, 4));
        assertTrue(e.getMessage().contains("nz=4"), e.getMessage());
    }
}
