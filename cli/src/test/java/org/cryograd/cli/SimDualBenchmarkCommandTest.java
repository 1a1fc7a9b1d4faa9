package org.cryograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code benchmark dual-sim}: its help, and its refusal without templates. */
class SimDualBenchmarkCommandTest {
    @Test
    void missingTemplatesAreRefusedNamingThePath(@TempDir Path dir) {
        Path missing = dir.resolve("no-templates-here");
        Path out = dir.resolve("out");
        CliRunner.Run r = CliRunner.run("benchmark", "dual-sim", "--quick", "--templates", missing.toString(), "--out", out.toString());
        assertNotEquals(0, r.rc(), r.toString());
        assertTrue(r.err().contains(missing.toString()), "the message names the directory: " + r.err());
        assertTrue(r.err().contains("--templates"), r.err());
        assertFalse(Files.exists(out.resolve("summary.csv")), "nothing was run");
    }

    @Test
    void helpStatesSizesAndTime() {
        CliRunner.Run r = CliRunner.run("benchmark", "dual-sim", "--help");
        assertEquals(0, r.rc(), r.toString());
        for (String s : new String[] {"64x64x32", "7 test tomograms", "minutes", "--no-ctf-correct", "noise2noise", "summary.csv"})
            assertTrue(r.out().replaceAll("\\s+", " ").contains(s), "'" + s + "' in the help: " + r.out());
    }

    @Test
    void badWidthsAreRefusedNamingTheOption(@TempDir Path dir) throws Exception {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        for (String w : new String[] {"0/2", "half", "1/2/3", "1/64"}) {
            Path out = dir.resolve("out-" + w.replace('/', '_'));
            CliRunner.Run r = CliRunner.run("benchmark", "dual-sim", "--quick", "--widths", w, "--templates", templates.toString(), "--out", out.toString());
            assertNotEquals(0, r.rc(), r.toString());
            assertTrue(r.err().contains("--widths"), "the message names the option for '" + w + "': " + r.err());
            assertFalse(Files.exists(out.resolve("summary.csv")), "nothing was run");
        }
        CliRunner.Run r = CliRunner.run("benchmark", "dual-sim", "--quick", "--lambda-kl", "NaN", "--templates", templates.toString(), "--out",
                dir.resolve("out-kl").toString());
        assertNotEquals(0, r.rc(), r.toString());
        assertTrue(r.err().contains("--lambda-kl"), r.err());
    }
}
