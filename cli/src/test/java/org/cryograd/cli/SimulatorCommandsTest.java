package org.cryograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.cryograd.io.MrcFile;
import org.cryograd.io.StarFile;
import org.cryograd.io.TiltAngles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate tomogram} and {@code simulate particles} end to end. */
class SimulatorCommandsTest {
    static Path templates() {
        for (String s : new String[] {"../../shared/templates", "../shared/templates"})
            if (Files.isRegularFile(Path.of(s, "1bxn.mrc"))) return Path.of(s);
        return null;
    }

    static void tinyPdb(Path p) throws Exception {
        StringBuilder b = new StringBuilder();
        String[] el = {"N", "C", "C", "O", "C", "S"};
        for (int i = 0; i < 60; i++) {
            double a = i * 0.6;
            b.append(String.format(Locale.ROOT, "ATOM  %5d  %-3s ALA A%4d    %8.3f%8.3f%8.3f  1.00 20.00          %2s%n", i + 1, el[i % 6], i / 6 + 1,
                    12 * Math.cos(a), 12 * Math.sin(a), 1.5 * i - 45, el[i % 6]));
        }
        b.append("HETATM   61 MG    MG A 100       0.000   0.000   0.000  1.00 20.00          MG\n");
        Files.writeString(p, b);
    }

    @Test
    void tomogramWritesAStackAndItsPipelineFiles(@TempDir Path dir) throws Exception {
        Path t = templates();
        assumeTrue(t != null, "../shared/templates (the SHREC 2021 density maps) is absent");
        Path pdb = dir.resolve("helix.pdb");
        tinyPdb(pdb);
        Path out = dir.resolve("sim");
        CliRunner.Run r = CliRunner.run("simulate", "tomogram", "--out", out.toString(), "--templates", t.toString(), "--classes", "1bxn,3qm1",
                "--pdb", pdb.toString(), "--size", "48,48,24", "--range", "-30,30", "--step", "10", "--particles", "6", "--even-odd", "--carbon-edge", "400",
                "--carbon-thickness", "100", "--seed", "3");
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.err().contains("no scattering factors for MG"), "unknown elements are named: " + r.err());
        assertTrue(r.out().startsWith("wrote 15 files to "), r.toString());
        for (String f : List.of("TS_01.mrc", "TS_01_even.mrc", "TS_01_odd.mrc", "TS_01.tlt", "TS_01.mdoc", "TS_01.xf", "TS_01.defocus", "TS_01_views.tsv",
                "TS_01_tomogram.mrc", "TS_01_tomogram_ctf.mrc", "TS_01_potential.mrc", "TS_01_labels.mrc", "TS_01_classes.csv", "TS_01_particles.star",
                "TS_01_particles_voxels.star"))
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        assertEquals(7, TiltAngles.read(out.resolve("TS_01.tlt")).length);
        assertEquals(7, MrcFile.readHeader(out.resolve("TS_01.mrc")).nz());
        assertTrue(Files.readString(out.resolve("TS_01_classes.csv")).contains("3,helix,macromolecule,"), "the PDB model is class 3");
        // the same seed gives the same stack
        Path again = dir.resolve("again");
        CliRunner.Run r2 = CliRunner.run("simulate", "tomogram", "--out", again.toString(), "--templates", t.toString(), "--classes", "1bxn,3qm1",
                "--pdb", pdb.toString(), "--size", "48,48,24", "--range", "-30,30", "--step", "10", "--particles", "6", "--even-odd", "--carbon-edge", "400",
                "--carbon-thickness", "100", "--seed", "3");
        assertEquals(0, r2.rc(), r2.toString());
        assertEquals(-1L, Files.mismatch(out.resolve("TS_01.mrc"), again.resolve("TS_01.mrc")), "reproducible from the seed");
    }

    @Test
    void particlesFromAnAtomicModelOnly(@TempDir Path dir) throws Exception {
        Path pdb = dir.resolve("helix.pdb");
        tinyPdb(pdb);
        Path out = dir.resolve("p");
        CliRunner.Run r = CliRunner.run("simulate", "particles", "--out", out.toString(), "--classes", "none", "--pdb", pdb.toString(), "--count", "5",
                "--box", "32", "--pixel-size", "3", "--dose", "40", "--mtf");
        assertEquals(0, r.rc(), r.toString());
        assertEquals(5, MrcFile.readHeader(out.resolve("particles.mrcs")).nz());
        assertEquals(5, StarFile.read(out.resolve("particles.star")).particles().rowCount());
        float[] counts = MrcFile.read(out.resolve("particles.mrcs")).data().toArray();
        double mean = 0;
        for (float c : counts) mean += c;
        mean /= counts.length;
        // 40 e/Å² on 3 Å pixels = 360 e per pixel, less the attenuation of 300 Å of ice
        assertEquals(360 * Math.exp(-300.0 / 3950), mean, 5, "mean count per pixel");
    }

    @Test
    void badInputGivesOneLine(@TempDir Path dir) {
        CliRunner.Run r = CliRunner.run("simulate", "tomogram", "--out", dir.resolve("x").toString(), "--classes", "none", "--size", "32,32,8",
                "--ice-thickness", "500");
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("ice thickness 500.0 Å must be in [0, nz * voxel size = 80.0]"), r.err());
        CliRunner.Run s = CliRunner.run("simulate", "particles", "--out", dir.resolve("y").toString(), "--classes", "none");
        assertEquals(1, s.rc(), s.toString());
        assertTrue(s.err().contains("no molecules"), s.err());
        CliRunner.Run u = CliRunner.run("simulate", "tomogram", "--out", dir.resolve("z").toString(), "--scheme", "zigzag", "--classes", "none");
        assertEquals(1, u.rc(), u.toString());
        assertTrue(u.err().contains("unknown tilt scheme 'zigzag'"), u.err());
    }
}
