package org.cryograd.polar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryograd.tensor.GradCheck;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class PolarTransformTest {
    @Test
    void defaultGridFollowsTheRule() {
        // nr = N/2, nTheta = smallest multiple of 8 >= 2 pi nr
        assertEquals(new PolarGrid(64, 32, 208), PolarGrid.of(64)); // 2 pi 32 = 201.06
        assertEquals(new PolarGrid(32, 16, 104), PolarGrid.of(32)); // 100.53
        assertEquals(new PolarGrid(16, 8, 56), PolarGrid.of(16));   // 50.27
        assertEquals(new PolarGrid(8, 4, 32), PolarGrid.of(8));     // 25.13
        assertEquals(new PolarGrid(65, 32, 208), PolarGrid.of(65));
    }

    @Test
    void bilinearForwardMatchesScipyMapCoordinates() {
        PolarTransform p = PolarTransform.bilinear(16);
        Tensor pol = p.toPolar(Fixtures.get("polar16_image"));
        assertTrue(Fixtures.maxAbsDiff(pol, Fixtures.get("polar16_polar")) < 1e-5, "vs scipy map_coordinates(order=1)");
    }

    /** A smooth band-limited image that vanishes before the outer ring: sum of random Gaussians in a disk. */
    static Tensor smoothImage(int n, long seed, double sigmaPx, int blobs) {
        Rng rng = new Rng(seed);
        float[] img = new float[n * n];
        double c = n / 2, rMax = n / 2.0 - 3 * sigmaPx - 1;
        for (int b = 0; b < blobs; b++) {
            double rr = rMax * Math.sqrt(rng.nextDouble()), th = 2 * Math.PI * rng.nextDouble(), a = rng.nextDouble() - 0.3;
            double bx = c + rr * Math.cos(th), by = c + rr * Math.sin(th);
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++)
                    img[y * n + x] += (float) (a * Math.exp(-((x - bx) * (x - bx) + (y - by) * (y - by)) / (2 * sigmaPx * sigmaPx)));
        }
        return Tensor.of(img, n, n);
    }

    @Test
    void bilinearRoundTripOnSmoothImagesBelowOneInAThousandAt64() {
        PolarTransform p = PolarTransform.bilinear(64);
        double worst = 0;
        for (long seed = 1; seed <= 4; seed++) {
            Tensor img = smoothImage(64, seed, 2.5, 40);
            worst = Math.max(worst, Fixtures.relMse(img, p.toCartesian(p.toPolar(img))));
        }
        assertTrue(worst < 1e-3, "round-trip relative MSE " + worst);
    }

    @Test
    void gaussianRoundTripIsCloseOnSmoothImages() {
        PolarTransform p = new PolarTransform(PolarGrid.of(64), Interpolation.gaussian(0.5));
        Tensor img = smoothImage(64, 3, 2.5, 40);
        double e = Fixtures.relMse(img, p.toCartesian(p.toPolar(img)));
        assertTrue(e < 1e-2, "Gaussian-RBF round-trip relative MSE " + e);
        // rows of both operators are normalised interpolation weights: constants are reproduced inside the disk
        Tensor ones = Tensor.ones(64, 64);
        float[] pol = p.toPolar(ones).toArray();
        for (float v : pol) assertEquals(1f, v, 1e-5f);
    }

    @Test
    void batchedApplicationEqualsPerImage() {
        PolarTransform p = PolarTransform.bilinear(16);
        Tensor a = smoothImage(16, 5, 1.5, 5), b = smoothImage(16, 6, 1.5, 5);
        Tensor both = Tensor.stack(0, a, b).reshape(1, 2, 16, 16);
        Tensor pol = p.toPolar(both);
        assertEquals(0, Fixtures.maxAbsDiff(pol.slice(1, 1, 2).reshape(8, 56), p.toPolar(b)), 1e-7);
        Tensor back = p.toCartesian(pol);
        assertEquals(0, Fixtures.maxAbsDiff(back.slice(1, 0, 1).reshape(16, 16), p.toCartesian(p.toPolar(a))), 1e-7);
    }

    @Test
    void circularShiftInPolarIsARotationByMultiplesOfQuarterTurns() {
        // a quarter turn (nTheta/4 samples) maps pixel centres to pixel centres, so P must commute with it exactly
        int n = 16;
        PolarTransform p = PolarTransform.bilinear(n);
        Tensor img = Fixtures.get("polar16_image");
        float[] src = img.toArray(), rot = new float[n * n];
        // rotate by +90 degrees about (8, 8): new(x, y) = old(R^-1 (x, y)); theta grows from +x towards +y
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) {
                int ox = 8 + (y - 8), oy = 8 - (x - 8);
                if (ox >= 0 && ox < n && oy >= 0 && oy < n) rot[y * n + x] = src[oy * n + ox];
            }
        Tensor a = p.toPolar(Tensor.of(rot, n, n));
        Tensor b = p.toPolar(img).roll(new int[] {56 / 4}, new int[] {1});
        // rows at radius < 8 only touch pixels that stay inside the image under the rotation
        assertTrue(Fixtures.maxAbsDiff(a.slice(0, 0, 7), b.slice(0, 0, 7)) < 1e-5);
    }

    @Test
    void gradientsFlowThroughBothOperators() {
        PolarTransform p = PolarTransform.bilinear(8);
        Tensor x = Tensor.randn(new Rng(3), 8, 8).requiresGrad();
        GradCheck.Result r = GradCheck.check(in -> p.toCartesian(p.toPolar(in[0]).square()), x);
        assertTrue(r.ok(), r.worst());
    }
}
