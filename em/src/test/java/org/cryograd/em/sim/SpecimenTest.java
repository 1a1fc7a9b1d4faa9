package org.cryograd.em.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cryograd.tensor.Rng;
import org.junit.jupiter.api.Test;

/** Specimen building: placement rules, seeding, labels, background projection, templates. */
class SpecimenTest {
    static DensityMap ball(double radiusVox, int n, double value) {
        float[] d = new float[n * n * n];
        int c = n / 2;
        for (int z = 0; z < n; z++)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++)
                    if ((x - c) * (x - c) + (y - c) * (y - c) + (z - c) * (z - c) <= radiusVox * radiusVox) d[(z * n + y) * n + x] = (float) value;
        return new DensityMap("ball" + (int) radiusVox, d, n, n, n, 10);
    }

    static Specimen crowded(long seed) {
        SpecimenOptions so = SpecimenOptions.defaults().withBox(64, 64, 32, 10).withCounts(60, 0.25, 1, 2).withSizes(60, 90, 40).withCarbon(520, 100);
        return SpecimenBuilder.build(so, List.of(ball(3, 9, 7.9), ball(5, 13, 7.9)), new Rng(seed), s -> { });
    }

    @Test
    void placementsDoNotOverlapAndStayInsideTheIceAndOffTheCarbon() {
        Specimen sp = crowded(4);
        SpecimenOptions o = sp.options();
        double v = o.voxelSize(), gap = o.minGapA() / v, cz = (o.nz() - 1) / 2.0, half = o.iceThicknessA() / v / 2;
        List<double[]> spheres = new ArrayList<>();
        for (PlacedParticle p : sp.particles()) spheres.add(new double[] {p.x(), p.y(), p.z(), p.radiusA() / v});
        for (double[] f : sp.fiducials()) spheres.add(new double[] {f[0], f[1], f[2], f[3] / v + 0.5});
        for (double[] s : sp.vesicles()) spheres.add(new double[] {s[0], s[1], s[2], (s[3] + o.membrane().halfWidthA()) / v});
        assertTrue(sp.particles().size() >= 10, "placed " + sp.particles().size());
        assertEquals(1, sp.vesicles().size());
        assertEquals(2, sp.fiducials().size());
        for (int i = 0; i < spheres.size(); i++) {
            double[] a = spheres.get(i);
            assertTrue(a[0] - a[3] >= -0.5 - 1e-9 && a[0] + a[3] <= o.carbonEdgeA() / v - 0.5 + 1e-9, "inside x and off the carbon: " + i);
            assertTrue(a[1] - a[3] >= -0.5 - 1e-9 && a[1] + a[3] <= o.ny() - 0.5 + 1e-9, "inside y: " + i);
            assertTrue(a[2] - a[3] >= cz - half - 1e-9 && a[2] + a[3] <= cz + half + 1e-9, "inside the ice slab: " + i);
            for (int j = 0; j < i; j++) {
                double[] b = spheres.get(j);
                double d = Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
                assertTrue(d >= a[3] + b[3] + gap - 1e-9, "objects " + i + " and " + j + " closer than their radii plus the gap: " + d);
            }
        }
        // the crowding target stops placement near 25 % of the ice volume
        double filled = 0;
        for (PlacedParticle p : sp.particles()) filled += 4.0 / 3 * Math.PI * Math.pow(p.radiusA(), 3);
        double ice = o.nx() * o.ny() * o.iceThicknessA() * v * v;
        assertTrue(filled / ice < 0.25 + 4.0 / 3 * Math.PI * Math.pow(60, 3) / ice, "crowding respected: " + filled / ice);
    }

    @Test
    void theSameSeedGivesTheSameSpecimenAndAnotherSeedAnotherOne() {
        Specimen a = crowded(4), b = crowded(4), c = crowded(5);
        assertArrayEquals(a.potential(), b.potential());
        assertArrayEquals(a.labels(), b.labels());
        assertEquals(a.particles().size(), b.particles().size());
        for (int i = 0; i < a.particles().size(); i++) assertArrayEquals(a.particles().get(i).rotation(), b.particles().get(i).rotation());
        assertFalse(java.util.Arrays.equals(a.potential(), c.potential()), "another seed moves the objects");
        TomogramSimulation s1 = TomogramSimulator.run(a, new TiltScheme(TiltScheme.Kind.DOSE_SYMMETRIC, -30, 30, 15, 0, 1, 20), ImagingOptions.defaults(), 7, s -> { });
        TomogramSimulation s2 = TomogramSimulator.run(b, new TiltScheme(TiltScheme.Kind.DOSE_SYMMETRIC, -30, 30, 15, 0, 1, 20), ImagingOptions.defaults(), 7, s -> { });
        assertArrayEquals(s1.raw().toArray(), s2.raw().toArray(), "seeded tilt series reproduce exactly");
        assertArrayEquals(s1.tomogram().toArray(), s2.tomogram().toArray());
    }

    @Test
    void labelsAndPotentialsMarkEachObject() {
        Specimen sp = crowded(4);
        SpecimenOptions o = sp.options();
        int nx = o.nx(), ny = o.ny();
        for (PlacedParticle p : sp.particles()) {
            int i = ((int) Math.round(p.z()) * ny + (int) Math.round(p.y())) * nx + (int) Math.round(p.x());
            assertEquals(p.classNumber(), sp.labels()[i], 0.0, "a particle's centre carries its class");
            assertEquals(7.9 - 4.5, sp.excess()[i], 0.3, "protein displaces ice: excess = V_protein - V_ice");
        }
        for (double[] f : sp.fiducials()) {
            int i = ((int) Math.round(f[2]) * ny + (int) Math.round(f[1])) * nx + (int) Math.round(f[0]);
            assertEquals(sp.goldLabel(), sp.labels()[i], 0.0);
            assertEquals(30 - 4.5, sp.excess()[i], 1e-4, "gold excess");
        }
        // ice and carbon in the total potential; carbon labelled
        int corner = (16 * ny + 3) * nx + 3, carbon = (16 * ny + 3) * nx + 60;
        if (sp.labels()[corner] == 0) assertEquals(4.5, sp.potential()[corner], 1e-5, "plain ice");
        assertEquals(sp.carbonLabel(), sp.labels()[carbon], 0.0);
        assertEquals(o.carbonPotentialV(), sp.potential()[carbon], 1e-4);
        assertEquals(12.0, o.carbonPotentialV(), 0.3, "amorphous carbon 2 g/cm³ by the Peng sum");
        assertEquals(4.57, MeanInnerPotential.water(0.94), 0.02, "vitreous ice by the Peng sum");
        assertEquals(7.9, MeanInnerPotential.protein(), 0.1);
    }

    @Test
    void backgroundProjectionIsTheSlabAndTheCarbonPath() {
        SpecimenOptions o = SpecimenOptions.defaults().withBox(64, 16, 30, 10).withCounts(0, 0, 0, 0).withCarbon(400, 100);
        Specimen sp = SpecimenBuilder.build(o, List.of(), new Rng(1), s -> { });
        double ice = 4.5 * 300, dc = (o.carbonPotentialV() - 4.5) * 100;
        assertEquals(ice, sp.backgroundProjection(5, 0), 1e-9, "ice at 0 degrees");
        assertEquals(ice + dc, sp.backgroundProjection(50, 0), 1e-9, "carbon at 0 degrees");
        assertEquals(ice / Math.cos(Math.toRadians(60)), sp.backgroundProjection(5, 60), 1e-6, "ice / cos(tilt)");
        assertEquals((ice + dc) / Math.cos(Math.toRadians(60)), sp.backgroundProjection(63, 60), 1e-6, "carbon / cos(tilt) far from the edge");
        // at the edge, partial paths: between the two
        double mid = sp.backgroundProjection(39.5, 40);
        assertTrue(mid > ice / Math.cos(Math.toRadians(40)) && mid < (ice + dc) / Math.cos(Math.toRadians(40)), "partial carbon path at the edge");
        // the analytic background equals the projector's sum over the voxelised slab away from the box edges
        double sum = 0;
        for (int z = 0; z < o.nz(); z++) sum += sp.potential()[(z * o.ny() + 8) * o.nx() + 10] * o.voxelSize();
        assertEquals(sp.backgroundProjection(10, 0), sum, 1e-3, "voxel column sum at 0 degrees");
    }

    @Test
    void iceContaminationSitsOnTheSurfacesAndProjectsAsChords() {
        // ice 200 Å in a 400 Å box: grains of 40-80 Å rest on the slab, inside the box
        SpecimenOptions o = SpecimenOptions.defaults().withBox(64, 64, 40, 10).withIce(200, 4.5).withCounts(0, 0, 0, 0).withContamination(6, 80);
        Specimen sp = SpecimenBuilder.build(o, List.of(), new Rng(8), s -> { });
        assertEquals(6, sp.contamination().size());
        double cz = (o.nz() - 1) / 2.0;
        int labelled = 0;
        for (double[] g : sp.contamination()) {
            double r = g[3] / o.voxelSize();
            assertTrue(g[3] >= 40 && g[3] <= 80, "radius in [R/2, R]: " + g[3]);
            assertEquals(10 + r, Math.abs(g[2] - cz), 1e-9, "resting on a surface: centre r above the slab face");
            // at 0 degrees the ray through the centre crosses 2r of ice; at 35 degrees the centre moves to u = X cos t + Z sin t
            assertTrue(sp.contaminationProjection(g[0], g[1], 0) >= 4.5 * 2 * g[3] - 1e-6, "chord through the centre (other grains may add)");
            double t = Math.toRadians(35), cx = (o.nx() - 1) / 2.0;
            double u = (g[0] - cx) * Math.cos(t) + (g[2] - cz) * Math.sin(t) + cx;
            assertTrue(sp.contaminationProjection(u, g[1], 35) >= 4.5 * 2 * g[3] - 1e-6, "the tilted ray through the centre");
            int i = ((int) Math.round(g[2]) * o.ny() + (int) Math.round(Math.min(o.ny() - 1, Math.max(0, g[1])))) * o.nx() + (int) Math.round(Math.min(o.nx() - 1, Math.max(0, g[0])));
            if (sp.labels()[i] == sp.contaminationLabel()) labelled++;
        }
        assertTrue(labelled >= 4, "grain centres inside the box are labelled: " + labelled);
        assertEquals(0, sp.contaminationProjection(-500, -500, 0), 0.0, "far from every grain");
        Specimen one = SpecimenBuilder.build(o.withContamination(1, 80), List.of(), new Rng(8), s -> { });
        double[] g = one.contamination().get(0);
        double t = Math.toRadians(35), cx = (o.nx() - 1) / 2.0, r = g[3] / 10;
        assertEquals(4.5 * 2 * g[3], one.contaminationProjection(g[0], g[1], 0), 1e-6, "one grain: 2r of ice at 0 degrees");
        assertEquals(4.5 * 2 * Math.sqrt(r * r - 9) * 10, one.contaminationProjection(g[0], g[1] + 3, 0), 1e-6, "chord 3 voxels off the centre");
        double u = (g[0] - cx) * Math.cos(t) + (g[2] - cz) * Math.sin(t) + cx;
        assertEquals(4.5 * 2 * g[3], one.contaminationProjection(u, g[1], 35), 1e-6, "one grain: 2r along the tilted ray through its centre");
        assertEquals(4.5 * 2 * Math.sqrt(r * r - 4) * 10, one.contaminationProjection(u + 2, g[1], 35), 1e-6, "tilted chord 2 voxels off");
        assertEquals(0, SpecimenBuilder.build(o.withContamination(0, 80), List.of(), new Rng(8), s -> { }).contamination().size());
    }

    @Test
    void templatesAreCalibratedAndKeepTheirIntegralWhenResampled() throws Exception {
        Path dir = SimFixtures.templates();
        assumeTrue(dir != null, "../shared/templates (the SHREC 2021 density maps) is absent");
        double vp = MeanInnerPotential.protein();
        DensityMap t10 = Templates.load(dir.resolve("1bxn.mrc"), 10, vp), t5 = Templates.load(dir.resolve("1bxn.mrc"), 5, vp), t20 = Templates.load(dir.resolve("1bxn.mrc"), 20, vp);
        assertEquals(vp, t10.max(), 1e-5, "the maximum is the protein potential");
        assertEquals(52, t10.nx());
        assertEquals(104, t5.nx());
        assertEquals(26, t20.nx());
        assertEquals(1, t5.integral() / t10.integral(), 0.02, "integrated potential kept at 5 Å");
        assertEquals(1, t20.integral() / t10.integral(), 0.02, "integrated potential kept at 20 Å");
        double r = t10.radius(0.01);
        assertTrue(r > 50 && r < 260, "RuBisCO bounding radius in Å: " + r);
        assertEquals(14, Templates.STANDARD.size());
        assertTrue(Templates.available(dir).containsAll(Templates.STANDARD), "every standard template is in " + dir);
        assertThrows(java.io.IOException.class, () -> Templates.load(dir, List.of("nosuch"), 10, vp));
    }
}
