package org.cryograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cryograd.em.pick.CoordinateConvention;
import org.cryograd.em.pick.DogPicker;
import org.cryograd.em.pick.ParticleCoordinates;
import org.cryograd.em.pick.Pick;
import org.cryograd.em.pick.PickMatching;
import org.cryograd.em.pick.PickStar;
import org.cryograd.em.pick.TomogramFrame;
import org.cryograd.io.MrcFile;
import org.cryograd.io.MrcHeader;
import org.cryograd.io.StarFile;
import org.cryograd.io.StarTable;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pick --coords} and {@code --truth} with pixel sizes, on a synthetic tomogram and on the real tomoDRGN pair. */
class PickCommandTest {
    static final Path DATA = Path.of("").toAbsolutePath().getParent().resolveSibling("shared").resolve("interop/data");

    /** A 40x32x24 volume with bright Gaussian blobs (sigma 1.5) at the given voxel positions; voxel size {@code v} in the header. */
    static Path blobs(Path dir, String name, double v, double[][] at) throws Exception {
        int nx = 40, ny = 32, nz = 24;
        float[] d = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                    for (double[] c : at) {
                        double r2 = (x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1]) + (z - c[2]) * (z - c[2]);
                        d[(z * ny + y) * nx + x] += (float) Math.exp(-r2 / (2 * 1.5 * 1.5));
                    }
        Path p = dir.resolve(name);
        MrcHeader.Builder h = MrcHeader.builder(nx, ny, nz);
        if (v > 0) h.voxelSize(v, v, v);
        new MrcFile(h.build(), new byte[0], Tensor.of(d, nz, ny, nx)).write(p);
        return p;
    }

    static final double[][] AT = {{10, 8, 6}, {28, 20, 12}, {15, 24, 17}, {30, 9, 8}};

    static List<Pick> libraryPicks(Path mrc) throws Exception {
        MrcFile f = MrcFile.read(mrc);
        int[] s = f.data().shape().dims();
        return new DogPicker(1.2, 1.1, 4, 4, DogPicker.Polarity.BRIGHT, 2).pick(f.data().toArray(), s[0], s[1], s[2]);
    }

    static String[] pick(Path mrc, Path out, String... more) {
        String[] base = {"pick", "--in", mrc.toString(), "--sigma", "1.2", "--top", "4", "--nms", "4", "--polarity", "bright", "--border", "2",
            "--out", out.toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void coordsRelion5AndAngstromFollowTheFormulas(@TempDir Path dir) throws Exception {
        Path mrc = blobs(dir, "TS_07.mrc", 8.5, AT);
        List<Pick> want = libraryPicks(mrc);
        assertEquals(4, want.size());
        Path r5 = dir.resolve("r5.star"), ang = dir.resolve("a.star"), vox = dir.resolve("v.star");
        CliRunner.Run r = CliRunner.run(pick(mrc, r5, "--coords", "relion5"));
        assertEquals(0, r.rc(), r.toString());
        StarTable t = StarFile.read(r5).blocks().get(0).table();
        for (int i = 0; i < want.size(); i++) {
            // RELION 5: (index - n/2) * voxel size, n = 40, 32, 24; tomogram name = file name without .mrc
            assertEquals((want.get(i).x() - 20) * 8.5, t.getDouble(i, "rlnCenteredCoordinateXAngst"), 1e-9);
            assertEquals((want.get(i).y() - 16) * 8.5, t.getDouble(i, "rlnCenteredCoordinateYAngst"), 1e-9);
            assertEquals((want.get(i).z() - 12) * 8.5, t.getDouble(i, "rlnCenteredCoordinateZAngst"), 1e-9);
            assertEquals("TS_07", t.get(i, "rlnTomoName"));
        }
        assertEquals(0, CliRunner.run(pick(mrc, ang, "--coords", "angstrom")).rc());
        StarTable a = StarFile.read(ang).blocks().get(0).table();
        for (int i = 0; i < want.size(); i++) assertEquals(want.get(i).z() * 8.5, a.getDouble(i, "rlnCoordinateZ"), 1e-9);
        assertEquals(0, CliRunner.run(pick(mrc, vox)).rc());
        assertEquals(want, PickStar.read(vox)); // default unchanged: voxels
        // each written file, as --truth, scores the same picks perfectly (read back through its own convention)
        for (Path truth : List.of(r5, ang, vox)) {
            CliRunner.Run s = CliRunner.run(pick(mrc, dir.resolve("again.star"), "--truth", truth.toString(), "--match", "0.01"));
            assertEquals(0, s.rc(), s.toString());
            assertTrue(s.out().contains("F1 1.000"), s.out());
        }
        // --tomo-name names the tomogram
        assertEquals(0, CliRunner.run(pick(mrc, r5, "--coords", "relion5", "--tomo-name", "lamella_3")).rc());
        assertEquals("lamella_3", StarFile.read(r5).blocks().get(0).table().get(0, "rlnTomoName"));
    }

    @Test
    void angstromConventionsNeedAVoxelSize(@TempDir Path dir) throws Exception {
        Path mrc = blobs(dir, "nov.mrc", 0, AT);
        ErrorsTest.fails(1, ErrorsTest.says("--coords relion5", "voxel size", "--pixel-size"), pick(mrc, dir.resolve("p.star"), "--coords", "relion5"));
        ErrorsTest.fails(1, ErrorsTest.says("--coords", "voxel, angstrom or relion5"), pick(mrc, dir.resolve("p.star"), "--coords", "nm"));
        CliRunner.Run r = CliRunner.run(pick(mrc, dir.resolve("p.star"), "--coords", "relion5", "--pixel-size", "4"));
        assertEquals(0, r.rc(), r.toString());
        List<Pick> want = libraryPicks(mrc);
        assertEquals((want.get(0).x() - 20) * 4, StarFile.read(dir.resolve("p.star")).blocks().get(0).table().getDouble(0, "rlnCenteredCoordinateXAngst"), 1e-9);
    }

    @Test
    void truthAtAnotherPixelSizeIsScaledThroughAngstroms(@TempDir Path dir) throws Exception {
        Path mrc = blobs(dir, "tomo.mrc", 20, AT);
        // a RELION 3.0 truth at 5 Å/px (detector 5 µm, magnification 10000): pixel = voxel * 20 / 5, two tomograms
        StringBuilder s = new StringBuilder("data_\nloop_\n_rlnMicrographName\n_rlnCoordinateX\n_rlnCoordinateY\n_rlnCoordinateZ\n"
                + "_rlnDetectorPixelSize\n_rlnMagnification\n");
        for (double[] c : AT) s.append("tomo.mrc ").append(c[0] * 4).append(' ').append(c[1] * 4).append(' ').append(c[2] * 4).append(" 5 10000\n");
        s.append("other.mrc 4 4 4 5 10000\n");
        Path truth = dir.resolve("truth.star");
        Files.writeString(truth, s);
        ErrorsTest.fails(1, ErrorsTest.says("--truth", "2 tomograms", "tomo.mrc, other.mrc", "--tomo-name"),
                pick(mrc, dir.resolve("p.star"), "--truth", truth.toString(), "--match", "1.5"));
        CliRunner.Run r = CliRunner.run(pick(mrc, dir.resolve("p.star"), "--truth", truth.toString(), "--match", "1.5", "--tomo-name", "tomo"));
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("4 particles of tomogram tomo.mrc") && r.out().contains("pixels of 5 A") && r.out().contains("F1 1.000"), r.out());
        // read as voxels (the old behaviour, here forced by --truth-pixel-size = voxel size) nothing matches
        CliRunner.Run wrong = CliRunner.run(pick(mrc, dir.resolve("p.star"), "--truth", truth.toString(), "--match", "1.5", "--tomo-name", "tomo",
                "--truth-pixel-size", "20"));
        assertEquals(0, wrong.rc(), wrong.toString());
        assertTrue(wrong.out().contains("F1 0.000"), wrong.out());
    }

    static double f1(String out) {
        Matcher m = Pattern.compile("F1 ([0-9.]+)").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    /** The pair: tomoDRGN's particle list at 13.1 Å/px against its 125 Å/voxel tomogram. */
    @Test
    void realRelion3ListAgainstItsTomogram(@TempDir Path dir) throws Exception {
        Path mrc = DATA.resolve("mrc/tomodrgn_tomogram_001.mrc"), star = DATA.resolve("star/tomodrgn_10076_both_32_sim_vols.star"),
                derived = DATA.resolve("derived/tomogram_001_truth_voxels.star");
        assumeTrue(Files.isRegularFile(mrc) && Files.isRegularFile(star) && Files.isRegularFile(derived), "no interop data at " + DATA);
        String[] args = {"pick", "--in", mrc.toString(), "--sigma", "1", "--top", "144", "--nms", "2", "--polarity", "bright", "--border", "0",
            "--match", "2", "--out", dir.resolve("p.star").toString(), "--truth", star.toString()};
        CliRunner.Run r = CliRunner.run(args);
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("pixels of 13.1 A (rlnDetectorPixelSize)") && r.out().contains("144 particles"), r.out());
        double f1 = f1(r.out());
        // independent reference: the library's matching of the written picks against the hand-scaled list (13.1/125)
        List<Pick> picks = PickStar.read(dir.resolve("p.star"));
        List<Pick> byHand = PickStar.read(derived);
        double ref = PickMatching.match(picks, byHand, 2).f1();
        assertTrue(f1 > 0.8, r.out());
        assertEquals(ref, f1, 0.02, r.out());
        // the pixel size ignored (as before): nothing matches
        args[args.length - 1] = star.toString();
        CliRunner.Run wrong = CliRunner.run(concat(args, "--truth-pixel-size", "125"));
        assertTrue(f1(wrong.out()) < 0.1, wrong.out());
    }

    static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void relion5TruthUsesTheTomogramsCentre(@TempDir Path dir) throws Exception {
        Path mrc = blobs(dir, "TS_01.mrc", 10, AT);
        // centred Å = (voxel - n/2) * 10 with n = 40, 32, 24
        StringBuilder s = new StringBuilder("data_particles\nloop_\n_rlnTomoName\n_rlnCenteredCoordinateXAngst\n_rlnCenteredCoordinateYAngst\n"
                + "_rlnCenteredCoordinateZAngst\n");
        for (double[] c : AT) s.append("TS_01 ").append((c[0] - 20) * 10).append(' ').append((c[1] - 16) * 10).append(' ').append((c[2] - 12) * 10).append('\n');
        Path truth = dir.resolve("r5.star");
        Files.writeString(truth, s);
        CliRunner.Run r = CliRunner.run(pick(mrc, dir.resolve("p.star"), "--truth", truth.toString(), "--match", "0.3"));
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("RELION 5 centred A") && r.out().contains("F1 1.000"), r.out());
        TomogramFrame f = new TomogramFrame(40, 32, 24, 10);
        List<Pick> back = ParticleCoordinates.fromStar(StarFile.read(truth), "r5", f, ParticleCoordinates.Options.defaults()).picks();
        assertEquals(AT[1][0], back.get(1).x(), 1e-9);
        assertEquals(CoordinateConvention.RELION5, CoordinateConvention.parse("RELION5"));
    }
}
