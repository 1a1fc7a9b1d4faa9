package org.cryograd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No silent damage: an output that is an input (or another output) is refused before any work, an unwritable output
 * is reported with its reason and the user's path, and a failed run leaves nothing behind. Every case checks the exit
 * status, the single stderr line, and that the working directory is byte-for-byte and file-for-file unchanged.
 */
class OutputSafetyTest {
    @TempDir
    static Path dir;
    static Path vol, vol2, ts, tlt, model, polarModel, simDir, sim0, trainOut, nested;

    @BeforeAll
    static void files() throws IOException {
        vol = dir.resolve("v.mrc");
        ts = dir.resolve("t.mrc");
        tlt = dir.resolve("t.tlt");
        assertEquals(0, CliRunner.run("simulate", "phantom", "--size", "10,10,8", "--out", vol.toString()).rc());
        assertEquals(0, CliRunner.run("simulate", "tilts", "--volume", vol.toString(), "--step", "20", "--out", ts.toString()).rc());
        // the checks come before a model is loaded, so a directory with the model's file names is enough
        model = Files.createDirectories(dir.resolve("run/model"));
        Files.writeString(model.resolve("config.properties"), "not read\n");
        Files.writeString(model.resolve("weights.safetensors"), "not read\n");
        polarModel = Files.createDirectories(dir.resolve("pmodel"));
        Files.writeString(polarModel.resolve("model.safetensors"), "not read\n");
        simDir = Files.createDirectories(dir.resolve("sims"));
        sim0 = Files.copy(vol, simDir.resolve("sim_000.mrc"));
        trainOut = Files.createDirectories(dir.resolve("train"));
        nested = Files.copy(vol, Files.createDirectories(trainOut.resolve("model")).resolve("noisy.mrc"));
        vol2 = Files.copy(vol, dir.resolve("v2.mrc"));
        Files.createSymbolicLink(dir.resolve("link.mrc"), vol);
        Files.createSymbolicLink(dir.resolve("linkdir"), dir);
    }

    /** One refused command line: the fragments its one stderr line must hold. */
    record Row(String name, List<String> fragments, String[] args) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Row row(String name, List<String> fragments, String... args) {
        return new Row(name, fragments, args);
    }

    static List<Row> sameFile() {
        String v = vol.toString(), t = ts.toString(), a = tlt.toString();
        List<Row> r = new ArrayList<>();
        r.add(row("tilts --out = --volume", List.of("--out", "--volume", "v.mrc", "an input"), "simulate", "tilts", "--volume", v, "--out", v));
        r.add(row("tilts --angles = --volume", List.of("--angles", "--volume"), "simulate", "tilts", "--volume", v, "--out",
                dir.resolve("new.mrc").toString(), "--angles", v));
        r.add(row("tilts --out = --angles", List.of("--out", "--angles", "same file"), "simulate", "tilts", "--volume", v, "--out",
                dir.resolve("x.mrc").toString(), "--angles", dir.resolve("x.mrc").toString()));
        r.add(row("tilts --out a link to --volume", List.of("--out", "--volume", "link.mrc"), "simulate", "tilts", "--volume", v, "--out",
                dir.resolve("link.mrc").toString()));
        r.add(row("tilts --out through a linked directory", List.of("--out", "--volume", "linkdir"), "simulate", "tilts", "--volume", v, "--out",
                dir.resolve("linkdir/v.mrc").toString()));
        r.add(row("tilts --out and --angles, new, one through a linked directory", List.of("--out", "--angles", "same file"), "simulate", "tilts",
                "--volume", v, "--out", dir.resolve("linkdir/y.mrc").toString(), "--angles", dir.resolve("y.mrc").toString()));
        r.add(row("reconstruct --out = --tilts", List.of("--out", "--tilts"), "reconstruct", "--tilts", t, "--method", "wbp", "--out", t));
        r.add(row("reconstruct --out = default angles", List.of("--out", "--angles (default)", "t.tlt"), "reconstruct", "--tilts", t, "--method",
                "wbp", "--out", a));
        r.add(row("reconstruct --out = --angles", List.of("--out", "--angles", "an input"), "reconstruct", "--tilts", t, "--angles", a, "--method",
                "wbp", "--out", a));
        r.add(row("reconstruct cn --checkpoint = --out", List.of("--out", "--checkpoint", "same path"), "reconstruct", "--tilts", t, "--method", "cn",
                "--checkpoint", dir.resolve("r.mrc").toString(), "--out", dir.resolve("r.mrc").toString()));
        r.add(row("reconstruct cn --out in --checkpoint", List.of("--checkpoint", "--out", "cn-run.txt"), "reconstruct", "--tilts", t, "--method",
                "cn", "--checkpoint", dir.resolve("ck").toString(), "--out", dir.resolve("ck/cn-run.txt").toString()));
        r.add(row("fsc --out = first volume", List.of("--out", "the first volume"), "fsc", v, vol2.toString(), "--out", v));
        r.add(row("fsc --png = second volume", List.of("--png", "the second volume"), "fsc", vol2.toString(), v, "--png", v));
        r.add(row("fsc --png = --out", List.of("--png", "--out", "same file"), "fsc", v, v, "--out", dir.resolve("f.csv").toString(), "--png",
                dir.resolve("f.csv").toString()));
        r.add(row("fsc --out = --angles", List.of("--out", "--angles"), "fsc", v, v, "--angles", a, "--directional", "--out", a));
        r.add(row("denoise --out = --in", List.of("--out", "--in"), "denoise", "--model", model.getParent().toString(), "--in", v, "--out", v));
        r.add(row("denoise --out = model weights", List.of("--out", "--model", "weights.safetensors"), "denoise", "--model",
                model.getParent().toString(), "--in", v, "--out", model.resolve("weights.safetensors").toString()));
        r.add(row("pick --out = --in", List.of("--out", "--in"), "pick", "--in", v, "--sigma", "2", "--out", v));
        r.add(row("polar-denoise --out = --in", List.of("--out", "--in"), "polar-denoise", "--model", polarModel.toString(), "--in", v, "--out", v));
        r.add(row("simulate dual --out holds --in as sim_000.mrc", List.of("--out", "--in", "sim_000.mrc"), "simulate", "dual", "--model",
                model.toString(), "--in", sim0.toString(), "--out", simDir.toString()));
        r.add(row("train-dual --out/model holds an input", List.of("--out", "--noisy", "model/noisy.mrc"), "train-dual", "--noisy",
                nested.toString(), "--clean", v, "--out", trainOut.toString(), "--epochs", "1", "--steps-per-epoch", "1"));
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameFile")
    void anOutputThatIsAnInputIsRefusedBeforeAnyWork(Row row) {
        refused(row.fragments, row.args);
    }

    @Test
    void simulateDualMayWriteNextToAnInputItDoesNotReplace() {
        // sim_000.mrc only: with --draws 1 an input called sim_001.mrc is not in the way (the model is then not loadable)
        CliRunner.Run r = CliRunner.run("simulate", "dual", "--model", model.toString(), "--in", sim0.toString(), "--out", simDir.toString(),
                "--draws", "1", "--seed", "1");
        assertTrue(r.errLines().size() == 1 && r.err().contains("sim_000.mrc"), r.toString());
        Map<String, String> before = snapshot();
        Path in1 = simDir.resolve("sim_001.mrc");
        try {
            Files.copy(vol, in1);
            CliRunner.Run ok = CliRunner.run("simulate", "dual", "--model", model.toString(), "--in", in1.toString(), "--out", simDir.toString());
            assertFalse(ok.err().contains("would overwrite"), ok.toString());
            // past the output check, the (fake) model itself is refused: its weights are read first
            assertTrue(ok.err().contains("--model") && ok.err().contains("weights.safetensors"), "got past the check to the model: " + ok);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            in1.toFile().delete();
        }
        assertEquals(before, snapshot());
    }

    @Test
    void anOutputUnderARegularFileFailsAtOnceWithTheReason() {
        refused(List.of("--out", "v.mrc/sub/x.mrc", "cannot create directory", "not a directory"), "simulate", "phantom", "--size", "10,10,8",
                "--out", vol.resolve("sub/x.mrc").toString());
        refused(List.of("--out", "v.mrc/r.mrc", "cannot write in", "not a directory"), "reconstruct", "--tilts", ts.toString(), "--method", "wbp",
                "--out", vol.resolve("r.mrc").toString());
    }

    @Test
    void aNameTooLongForTheTemporaryFailsAtOnce() {
        refused(List.of("--out", "cannot write in", "file name too long"), "simulate", "phantom", "--size", "10,10,8", "--out",
                dir.resolve("n".repeat(245) + ".mrc").toString());
    }

    /** A command whose write fails after the checks (here: the disk fills up). */
    @Command(name = "boom")
    static final class Boom extends BaseCommand {
        @Override
        void execute() throws Exception {
            Path out = dir.resolve("boom/deeper/x.mrc");
            paths().out("--out", out).check();
            assertTrue(Files.isDirectory(out.getParent()));
            throw new FileSystemException(out.toString(), null, "No space left on device");
        }
    }

    @Test
    void aLateFileSystemErrorIsOneLineWithItsReasonAndLeavesNoEmptyDirectory() {
        Map<String, String> before = snapshot();
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        cl.addSubcommand(new Boom());
        cl.getSubcommands().get("boom").setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)); // added later: set its writers
        assertEquals(1, cl.execute("boom"), err.toString());
        assertEquals("cryograd boom: error: " + dir.resolve("boom/deeper/x.mrc") + ": no space left on device", err.toString().strip());
        assertEquals(before, snapshot(), "boom/deeper removed");
    }

    @Test
    void aReadOnlyDirectoryFailsAtOnceWithPermissionDenied() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path ro = Files.createDirectories(dir.resolve("rodir"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(ro), "permissions are not enforced for this user (root); see the /sys case");
            refused(List.of("--out", "rodir/r.mrc", "permission denied"), "reconstruct", "--tilts", ts.toString(), "--method", "wbp", "--out",
                    ro.resolve("r.mrc").toString());
            refused(List.of("--out", "rodir/new/r.mrc", "cannot create directory", "permission denied"), "reconstruct", "--tilts", ts.toString(),
                    "--method", "wbp", "--out", ro.resolve("new/r.mrc").toString());
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.delete(ro);
        }
    }

    /** Works as root too: Linux sysfs refuses new files to everyone with EACCES. */
    @Test
    void aDirectoryThatRefusesNewFilesFailsAtOnceWithPermissionDenied() {
        Path sys = Path.of("/sys");
        Assumptions.assumeTrue(Files.isDirectory(sys), "no /sys (not Linux)");
        try {
            Path p = Files.createFile(sys.resolve(".cryograd-test-probe"));
            Files.delete(p);
            Assumptions.abort("/sys accepts new files here");
        } catch (AccessDeniedException expected) {
            // the case this test is about
        } catch (IOException e) {
            Assumptions.abort("/sys refuses new files with another error: " + e);
        }
        refused(List.of("--out /sys/r.mrc", "cannot write in /sys", "permission denied"), "reconstruct", "--tilts", ts.toString(), "--method",
                "wbp", "--out", "/sys/r.mrc");
    }

    @Test
    void aFailedRunRemovesTheDirectoriesItCreated() throws IOException {
        Path bad = Files.writeString(dir.resolve("notes.mrc"), "not a map\n");
        try {
            refused(List.of("--tilts", "not a valid MRC file"), "reconstruct", "--tilts", bad.toString(), "--angles", tlt.toString(), "--method",
                    "wbp", "--out", dir.resolve("new1/new2/r.mrc").toString());
            // fails after the check, when the model is read
            refused(List.of("model.safetensors"), "--device", "cpu", "polar-denoise", "--model", polarModel.toString(), "--in", vol.toString(), "--out",
                    dir.resolve("new3/d.mrcs").toString());
            refused(List.of("--volume", "no such file"), "simulate", "tilts", "--volume", dir.resolve("missing.mrc").toString(), "--out",
                    dir.resolve("new4/t.mrc").toString());
        } finally {
            Files.delete(bad);
        }
    }

    @Test
    void staleTemporariesOfKilledRunsAreRemovedAndNothingElse() throws IOException {
        Path out = Files.createDirectories(dir.resolve("stale"));
        FileTime old = FileTime.from(Instant.now().minus(PathGuard.STALE_AGE).minusSeconds(60));
        Path stale = touch(out.resolve(".p.mrc.3f9a0c11d2e4b5a6.tmp"), old);
        Path fresh = touch(out.resolve(".p.mrc.0123abcd.tmp"), null);
        Path locked = touch(out.resolve(".p.mrc.77.tmp"), old);
        Path other = touch(out.resolve(".q.mrc.3f9a0c11d2e4b5a6.tmp"), old);
        Path foreign = touch(out.resolve(".p.mrc.notours.tmp"), old);
        try (FileChannel c = FileChannel.open(locked, StandardOpenOption.WRITE); FileLock l = c.lock()) {
            CliRunner.Run r = CliRunner.run("simulate", "phantom", "--size", "10,10,8", "--out", out.resolve("p.mrc").toString());
            assertEquals(0, r.rc(), r.toString());
            assertTrue(r.err().contains("removed 1 temporary file"), r.toString());
            assertTrue(l.isValid());
        }
        assertFalse(Files.exists(stale), "stale temporary of p.mrc");
        for (Path kept : List.of(fresh, locked, other, foreign)) assertTrue(Files.exists(kept), kept + " is kept");
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(5, s.count(), "p.mrc and the four kept");
        }
        // a directory output: stale temporaries of any name, also in subdirectories
        Path deep = touch(Files.createDirectories(out.resolve("seed_1/model")).resolve(".weights.safetensors.ab12.tmp"), old);
        // (the run fails later, on the fake model: the clean-up comes first)
        CliRunner.Run r = CliRunner.run("simulate", "dual", "--model", model.toString(), "--in", vol.toString(), "--out", out.toString());
        assertTrue(r.err().contains("removed 3 temporary files"), r.toString());
        assertFalse(Files.exists(deep), r.toString());
        assertFalse(Files.exists(other), r.toString());
        assertFalse(Files.exists(locked), "no longer locked: " + r);
        assertTrue(Files.exists(fresh) && Files.exists(foreign), r.toString());
    }

    @Test
    void fileSystemErrorsBecomeOneLineWithTheirReason() {
        assertEquals("permission denied", PathGuard.reason(new AccessDeniedException("/x/.r.mrc.1f.tmp")));
        assertEquals("no space left on device", PathGuard.reason(new FileSystemException("/x/r.mrc", null, "No space left on device")));
        assertEquals("read-only file system", PathGuard.reason(new FileSystemException("/x/r.mrc", null, "Read-only file system")));
        assertEquals("no such file or directory", PathGuard.reason(new java.nio.file.NoSuchFileException("/x")));
        assertEquals("/x/r.mrc: no space left on device", PathGuard.late(new FileSystemException("/x/r.mrc", null, "No space left on device")).getMessage());
        assertEquals("stream closed", PathGuard.reason(new IOException("Stream closed")));
    }

    @Test
    void realPathsFollowLinksAndResolveMissingFilesThroughTheirParent() throws IOException {
        Path real = dir.toRealPath();
        assertEquals(real.resolve("v.mrc"), PathGuard.real(dir.resolve("link.mrc")));
        assertEquals(real.resolve("nothing-yet.mrc"), PathGuard.real(dir.resolve("linkdir/nothing-yet.mrc")));
        assertEquals(real.resolve("v.mrc"), PathGuard.real(dir.resolve("no-dir/../v.mrc")));
        assertThrows(CliError.class, () -> new PathGuard(null).in("--a", vol).out("--b", dir.resolve("linkdir/./v.mrc")).check());
    }

    private static Path touch(Path p, FileTime t) throws IOException {
        Files.writeString(p, "partial");
        if (t != null) Files.setLastModifiedTime(p, t);
        return p;
    }

    /** Runs a command that must fail: status 1, one stderr line with every fragment, nothing changed in the fixture directory. */
    static void refused(List<String> fragments, String... args) {
        Map<String, String> before = snapshot();
        CliRunner.Run r = CliRunner.run(args);
        assertEquals(1, r.rc(), r.toString());
        assertEquals(1, r.errLines().size(), "one line: " + r);
        for (String f : fragments) assertTrue(r.err().contains(f), "'" + f + "' in: " + r.err());
        assertFalse(r.err().contains(".tmp"), "no temporary name: " + r.err());
        assertEquals(before, snapshot(), "every file byte-identical, nothing added (no .tmp, no new directory): " + r);
    }

    /** Every path under the fixture directory (links not followed) with the SHA-256 of each regular file. */
    static Map<String, String> snapshot() {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) m.put(dir.relativize(p).toString(), Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? sha256(p) : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    private static String sha256(Path p) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
