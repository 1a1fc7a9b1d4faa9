package org.cryograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The smaller first-run faults of issue 18: each one a clear line and a non-zero status instead of a puzzle. */
class FirstRunEdgesTest {
    @TempDir
    static Path dir;
    static Path vol, ts;

    @BeforeAll
    static void files() {
        vol = dir.resolve("v.mrc");
        ts = dir.resolve("t.mrc");
        assertEquals(0, CliRunner.run("simulate", "phantom", "--size", "10,10,8", "--out", vol.toString()).rc());
        assertEquals(0, CliRunner.run("simulate", "tilts", "--volume", vol.toString(), "--step", "10", "--out", ts.toString()).rc());
    }

    @Test
    void tooManyThreadsIsAUsageErrorThatSaysTheLimit() {
        int cores = Runtime.getRuntime().availableProcessors(), most = Main.maxThreads(cores);
        ErrorsTest.fails(2, ErrorsTest.says("--threads 100000 is more than " + most, cores + " core"), "--threads", "100000", "info", vol.toString());
        // the limit itself is accepted
        assertEquals(0, CliRunner.run("--threads", Integer.toString(most), "info", vol.toString()).rc());
    }

    @Test
    void aThicknessTooLargeForOneVolumeSaysSo() {
        ErrorsTest.fails(1, ErrorsTest.says("--thickness 100000000", "10x10x100000000", "more than one volume can hold"), "reconstruct", "--tilts",
                ts.toString(), "--thickness", "100000000", "--method", "wbp", "--out", dir.resolve("r.mrc").toString());
    }

    @Test
    void aBinaryFileGivenAsTextIsCalledBinary() throws IOException {
        byte[] before = Files.readAllBytes(vol);
        ErrorsTest.fails(1, ErrorsTest.says("--angles", "v.mrc", "not a tilt-angle file", "binary file"), "reconstruct", "--tilts", ts.toString(),
                "--angles", vol.toString(), "--method", "wbp", "--out", dir.resolve("r.mrc").toString());
        ErrorsTest.fails(1, ErrorsTest.says("--truth", "v.mrc", "not a STAR file", "binary file"), "pick", "--in", vol.toString(), "--sigma", "1",
                "--truth", vol.toString(), "--out", dir.resolve("p.star").toString());
        assertEquals(List.of(), List.of(dir.resolve("r.mrc"), dir.resolve("p.star")).stream().filter(Files::exists).toList());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(vol)));
    }

    /** Commands with no GPU work refuse an explicit --device cuda (GPU or not) instead of silently ignoring it. */
    @Test
    void cpuOnlyCommandsDoNotIgnoreAnExplicitCuda() {
        String[][] commands = {
            {"info", vol.toString()},
            {"simulate", "phantom", "--size", "8,8,8", "--out", dir.resolve("ph.mrc").toString()},
            {"metrics", "--ref", vol.toString(), "--test", vol.toString()},
            {"fsc", vol.toString(), vol.toString()},
            {"pick", "--in", vol.toString(), "--sigma", "1", "--out", dir.resolve("pk.star").toString()},
        };
        for (String[] c : commands) {
            String name = "cryograd " + (c[0].equals("simulate") ? "simulate phantom" : c[0]);
            ErrorsTest.fails(1, ErrorsTest.says("--device cuda:0", name + " runs on the CPU only"), with(c, "--device", "cuda:0"));
            // the default (auto) and cpu stay silent about devices
            for (String d : new String[] {"cpu", "auto"}) {
                CliRunner.Run r = CliRunner.run(with(c, "--device", d));
                assertEquals(0, r.rc(), r.toString());
                assertFalse(r.err().contains("--device"), r.err());
            }
        }
    }

    private static String[] with(String[] args, String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more)).toArray(String[]::new);
    }

    @Test
    void demoHelpSaysTheDefaultIsNoiseless() {
        CliRunner.Run r = CliRunner.run("demo", "--help");
        assertEquals(0, r.rc());
        assertTrue(r.out().contains("noiseless unless --snr is given"), r.out());
        assertFalse(r.out().contains("SNR 10)"), r.out());
    }

    /** A fault the user cannot fix by running again names the checkpoint and says to delete it, not to re-run. */
    @Test
    void anUnreadableCoordinateNetworkCheckpointSaysToDeleteIt() throws IOException {
        Path rec = dir.resolve("cn.mrc"), ck = dir.resolve("ck");
        CliRunner.Run first = CliRunner.run("reconstruct", "--tilts", ts.toString(), "--method", "cn", "--preset", "quick", "--iterations", "2",
                "--chunk-iterations", "2", "--checkpoint", ck.toString(), "--keep-checkpoint", "--out", rec.toString());
        assertEquals(0, first.rc(), first.toString());
        List<Path> chunks;
        try (var s = Files.list(ck)) {
            chunks = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        }
        assertFalse(chunks.isEmpty(), "the kept checkpoint holds chunk files");
        Files.write(chunks.get(0), new byte[] {1, 2, 3}); // truncated
        CliRunner.Run again = CliRunner.run("reconstruct", "--tilts", ts.toString(), "--method", "cn", "--preset", "quick", "--iterations", "2",
                "--chunk-iterations", "2", "--checkpoint", ck.toString(), "--out", rec.toString());
        assertEquals(1, again.rc(), again.toString());
        String last = again.errLines().get(again.errLines().size() - 1);
        assertTrue(last.contains("--checkpoint " + ck) && last.contains("cannot be used") && last.contains("delete it"), last);
        assertFalse(again.err().contains("run the same command again"), again.err());
    }

    @Command(name = "boom")
    static final class Boom extends BaseCommand {
        @Override
        void execute() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void anOutOfMemoryErrorIsOneLineWithWhatToDo() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        cl.addSubcommand("boom", new Boom());
        // picocli's setters reach the subcommands that exist when they are called: once more for the one added here
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler(new Main.Errors());
        int rc = cl.execute("boom");
        assertEquals(1, rc, out + "|" + err);
        String e = err.toString().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("cryograd boom: error: out of memory") && e.contains("make the job smaller"), e);
        assertFalse(e.contains("\tat "), e);
    }

    @Test
    void aJobLargerThanTheHeapIsRefusedBeforeItStarts() {
        long gib = 1L << 30;
        Memory.require("small", gib, "x", 2 * gib); // fits: no error
        CliError e = org.junit.jupiter.api.Assertions.assertThrows(CliError.class, () -> Memory.require("a 2000x2000x500 phantom", 32 * gib, "four volumes", 4 * gib));
        assertTrue(e.getMessage().startsWith("a 2000x2000x500 phantom needs at least 32.0 GiB of memory (four volumes) but the Java heap may use at most 4.0 GiB"),
                e.getMessage());
        long physical = Memory.physicalMemory();
        if (physical > 0 && physical < 41 * gib) assertTrue(e.getMessage().contains("this machine has only"), e.getMessage());
        else assertTrue(e.getMessage().contains("CRYOGRAD_JAVA_OPTS=-Xmx41g"), e.getMessage());
        // through the command line, where this machine's heap is smaller than the phantom needs
        long need = Memory.floats(4L * 2000 * 2000 * 500);
        if (Runtime.getRuntime().maxMemory() < need) {
            Path p = dir.resolve("huge.mrc");
            ErrorsTest.fails(1, ErrorsTest.says("a 2000x2000x500 phantom needs at least 29.8 GiB"), "simulate", "phantom", "--size", "2000,2000,500",
                    "--out", p.toString());
            assertFalse(Files.exists(p));
        }
    }

    /** A disk that fills up mid-write: the JDK names no file, so the line names the command's outputs and the reason. */
    @Test
    void aWriteErrorWithoutAFileNamesTheOutputs() {
        PathGuard g = new PathGuard(new Ui(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false, false));
        Path out = dir.resolve("w.mrc"), tlt = dir.resolve("w.tlt");
        g.in("--volume", vol).out("--out", out).out("--angles", tlt);
        CliError e = g.lateWrite(new IOException("No space left on device"));
        assertEquals("writing --out " + out + ", --angles " + tlt + ": no space left on device", e.getMessage());
        // errors that carry their own file, or are not a failing write, pass through as they are
        assertEquals(null, g.lateWrite(new java.nio.file.FileSystemException(out.toString(), null, "No space left on device")));
        assertEquals(null, g.lateWrite(new IOException("simulated failure")));
        assertEquals(null, new PathGuard(new Ui(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false, false))
                .lateWrite(new IOException("No space left on device")), "no outputs declared: nothing to name");
    }

    @Command(name = "full")
    static final class DiskFull extends BaseCommand {
        Path out;

        @Override
        void execute() throws IOException {
            paths().out("--out", out).check();
            throw new IOException("No space left on device");
        }
    }

    @Test
    void aCommandWhoseDiskFillsUpSaysWhereInOneLineAndLeavesNoDirectory() {
        StringWriter o = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine(new PrintWriter(o, true), new PrintWriter(err, true));
        DiskFull full = new DiskFull();
        full.out = dir.resolve("newdir").resolve("x.mrc");
        cl.addSubcommand("full", full);
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler(new Main.Errors());
        assertEquals(1, cl.execute("full"));
        assertEquals("cryograd full: error: writing --out " + full.out + ": no space left on device", err.toString().strip());
        assertFalse(Files.exists(full.out.getParent()), "the directory the run created is removed");
    }
}
