package org.cryograd.em.sim;

import org.cryograd.io.XfTransform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cryograd.em.pick.ParticleCoordinates;
import org.cryograd.em.pick.Pick;
import org.cryograd.em.pick.PickStar;
import org.cryograd.em.pick.TomogramFrame;
import org.cryograd.io.MrcFile;
import org.cryograd.io.StarFile;
import org.cryograd.io.StarTable;
import org.cryograd.io.TiltAngles;
import org.cryograd.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the simulator writes reads back with the project's readers and says what was simulated. */
class SimulationFilesTest {
    @Test
    void tomogramOutputsReadBack(@TempDir Path dir) throws Exception {
        SpecimenOptions so = SpecimenOptions.defaults().withBox(48, 40, 24, 10).withCounts(6, 0, 0, 1).withSizes(60, 90, 30);
        Specimen sp = SpecimenBuilder.build(so, List.of(SpecimenTest.ball(3, 9, 7.9)), new Rng(2), s -> { });
        TiltScheme ts = new TiltScheme(TiltScheme.Kind.DOSE_SYMMETRIC, -45, 45, 15, 0, 1, 70);
        TomogramSimulation sim = TomogramSimulator.run(sp, ts, ImagingOptions.defaults().withEvenOdd(true), 3, s -> { });
        Map<String, Path> files = SimulationFiles.writeTomogram(sim, dir, "TS_07", "cryograd simulate tomogram (test)");
        for (Path p : files.values()) assertTrue(Files.size(p) > 0, p + " written");

        MrcFile stack = MrcFile.read(files.get("stack"));
        assertEquals(7, stack.header().nz());
        assertEquals(48, stack.header().nx());
        assertEquals(10, stack.header().voxelSize()[0], 1e-4, "pixel size in the header");
        assertArrayEquals(sim.raw().toArray(), stack.data().toArray());
        assertArrayEquals(new double[] {-45, -30, -15, 0, 15, 30, 45}, TiltAngles.read(files.get("tlt")), 1e-9);

        List<String> xf = Files.readAllLines(files.get("xf"));
        assertEquals(7, xf.size());
        String[] f = xf.get(3).trim().split("\\s+");
        XfTransform want = sim.geometry().get(3).xf();
        assertEquals(want.a11(), Double.parseDouble(f[0]), 1e-6);
        assertEquals(want.a21(), Double.parseDouble(f[2]), 1e-6);
        assertEquals(want.dx(), Double.parseDouble(f[4]), 1e-3);
        assertEquals(-(85), ViewWarp.angleDeg(want), 1.5, "the xf undoes the 85 degree tilt axis (plus a small error)");

        String mdoc = Files.readString(files.get("mdoc"));
        assertTrue(mdoc.contains("[ZValue = 6]") && mdoc.contains("TiltAngle = 45.00") && mdoc.contains("ExposureDose = 10") && mdoc.contains("PixelSpacing = 10"), mdoc);
        // dose-symmetric order 0, 15, -15, 30, -30, 45, -45: the -45 view is last, after 6 views of 10 e/Å²
        assertTrue(mdoc.contains("[ZValue = 0]\nTiltAngle = -45.00\nExposureDose = 10\nPriorRecordDose = 60\n"), "acquisition order in PriorRecordDose");
        List<String> defocus = Files.readAllLines(files.get("defocus"));
        assertTrue(defocus.get(0).endsWith(" 2"), "IMOD defocus file version 2");
        assertEquals((sim.geometry().get(0).defocusUA() + sim.geometry().get(0).defocusVA()) / 20, Double.parseDouble(defocus.get(0).split(" ")[4]), 0.05, "nm");

        MrcFile labels = MrcFile.read(files.get("labels"));
        assertArrayEquals(sp.labels(), labels.data().toArray());
        assertEquals(24, MrcFile.read(files.get("tomogram_ctf")).header().nz());
        assertTrue(Files.readString(files.get("classes")).startsWith("label,name,kind,count,radius_A\n1,ball3,macromolecule," + sp.particles().size()));

        // RELION 5 particles -> voxels with the project's reader; the voxel file with PickStar
        TomogramFrame frame = new TomogramFrame(48, 40, 24, 10);
        ParticleCoordinates.Result r = ParticleCoordinates.read(files.get("particles"), frame, ParticleCoordinates.Options.defaults());
        List<Pick> vox = PickStar.read(files.get("particles_voxels"));
        assertEquals(sp.particles().size(), r.picks().size());
        for (int i = 0; i < vox.size(); i++) {
            PlacedParticle p = sp.particles().get(i);
            assertEquals(p.x(), r.picks().get(i).x(), 1e-6);
            assertEquals(p.z(), r.picks().get(i).z(), 1e-6);
            assertEquals(p.y(), vox.get(i).y(), 1e-6);
        }
        StarTable t = StarFile.read(files.get("particles")).particles();
        EulerAngles e = new EulerAngles(t.getDouble(0, "rlnAngleRot"), t.getDouble(0, "rlnAngleTilt"), t.getDouble(0, "rlnAnglePsi"));
        assertArrayEquals(sp.particles().get(0).rotation(), e.matrix(), 1e-9, "STAR angles give the placed rotation");

        // even + odd = full before the MTF; after it too, since the MTF is linear
        float[] ev = MrcFile.read(files.get("even")).data().toArray(), od = MrcFile.read(files.get("odd")).data().toArray(), full = stack.data().toArray();
        for (int i = 0; i < full.length; i += 97) assertEquals(full[i], ev[i] + od[i], 1e-2 * Math.max(1, Math.abs(full[i])));
    }

    @Test
    void particleOutputsReadBackWithRelionsOriginSign(@TempDir Path dir) throws Exception {
        DensityMap ball = SpecimenTest.ball(4, 11, 7.9);
        ball = new DensityMap("ball", ball.data(), ball.nx(), ball.ny(), ball.nz(), 5);
        ParticleOptions d = ParticleOptions.defaults();
        ParticleOptions o = new ParticleOptions(32, 5, 12, 1, 2, 0.05, 10, 0.5, Double.NaN, 200, d.imaging());
        ParticleSimulator.ParticleSet set = ParticleSimulator.run(o, List.of(ball), 4.5, 7.9, 4, s -> { });
        Map<String, Path> files = SimulationFiles.writeParticles(set, dir, "parts", "test");
        StarFile star = StarFile.read(files.get("star"));
        StarTable t = star.particles();
        assertEquals(12, t.rowCount());
        assertEquals("3@parts.mrcs", t.get(2, "rlnImageName"));
        float[] proj = MrcFile.read(files.get("projections")).data().toArray();
        for (int i = 0; i < 12; i++) {
            // the ball's centre of mass sits at box/2 - origin/pixel (RELION: the origin is the shift that centres it)
            double sx = 0, sy = 0, m = 0;
            for (int y = 0; y < 32; y++)
                for (int x = 0; x < 32; x++) {
                    double v = proj[i * 1024 + y * 32 + x];
                    sx += v * x;
                    sy += v * y;
                    m += v;
                }
            assertEquals(16 - t.getDouble(i, "rlnOriginXAngst") / 5, sx / m, 0.05, "x centre of image " + i);
            assertEquals(16 - t.getDouble(i, "rlnOriginYAngst") / 5, sy / m, 0.05, "y centre of image " + i);
            double du = t.getDouble(i, "rlnDefocusU");
            assertTrue(du >= 1e4 && du <= 2e4 + 250, "defocus U in Å in the range: " + du);
        }
        // SNR: the noisy image minus the clean one has var(clean) / SNR
        float[] noisy = MrcFile.read(files.get("images")).data().toArray(), clean = MrcFile.read(files.get("clean")).data().toArray();
        double vc = 0, vn = 0;
        for (int i = 0; i < noisy.length; i++) {
            vc += clean[i] * (double) clean[i];
            vn += (noisy[i] - clean[i]) * (double) (noisy[i] - clean[i]);
        }
        assertEquals(0.5, vc / vn, 0.05, "SNR of the set");
        assertEquals(300, star.block("optics").table().getDouble(0, "rlnVoltage"), 0);
    }
}
