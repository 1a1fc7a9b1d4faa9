package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic replacement: content, no leftovers on failure, permissions of new and replaced files. */
class AtomicFilesTest {
    @TempDir Path dir;

    @Test
    void replacesContentAndLeavesNothingBehindOnFailure() throws IOException {
        Path p = dir.resolve("a.bin");
        AtomicFiles.write(p, new byte[] {1, 2, 3});
        AtomicFiles.write(p, new byte[] {4, 5});
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(p));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(p, ch -> {
            ch.write(ByteBuffer.wrap(new byte[10]));
            throw new IOException("simulated failure");
        }));
        assertEquals("simulated failure", e.getMessage());
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(p));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void newFilesGetUmaskPermissionsAndReplacedFilesKeepTheirs() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path plain = Files.createFile(dir.resolve("plain"));
        Path p = dir.resolve("new.bin");
        AtomicFiles.write(p, new byte[] {1});
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(p), "same as an ordinary new file");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFiles.write(p, new byte[] {2});
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void uncheckedFailuresOfTheWriterAlsoLeaveNoTemporary() throws IOException {
        Path p = dir.resolve("b.bin");
        AtomicFiles.write(p, new byte[] {7});
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(p, ch -> {
            ch.write(ByteBuffer.wrap(new byte[10]));
            throw new IllegalStateException("bug");
        }));
        assertThrows(StackOverflowError.class, () -> AtomicFiles.write(p, ch -> {
            ch.write(ByteBuffer.wrap(new byte[10]));
            throw new StackOverflowError();
        }));
        assertEquals(List.of("b.bin"), names());
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(p));
    }

    /** A name the file system accepts whose temporary name it does not: the failure is about the temporary. */
    @Test
    void fileSystemErrorsNameTheTargetAndKeepTheirReason() {
        Path p = dir.resolve("n".repeat(240) + ".mrc");
        FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicFiles.write(p, new byte[] {1}));
        assertEquals(p.toString(), e.getFile(), "reported against the target");
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
        assertTrue(e.getReason() != null && !e.getReason().isBlank(), "the reason is kept: " + e);
        Path inFile = dir.resolve("plain.txt").resolve("x.bin");
        FileSystemException e2 = assertThrows(FileSystemException.class, () -> {
            Files.writeString(inFile.getParent(), "a file, not a directory");
            AtomicFiles.write(inFile, new byte[] {1});
        });
        assertEquals(inFile.toString(), e2.getFile());
    }

    @Test
    void aWriteInProgressIsLockedAgainstTheStaleCleaner() throws IOException {
        Path p = dir.resolve("c.bin");
        List<Path> seen = new ArrayList<>();
        AtomicFiles.write(p, ch -> {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2}));
            seen.addAll(AtomicFiles.removeStaleTemporaries(dir, null, Duration.ZERO));
        });
        assertEquals(List.of(), seen, "the cleaner left the live temporary alone");
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(p));
    }

    /** Holds a lock on the file named by its argument until its standard input closes (a live writer elsewhere). */
    static final class HoldLock {
        public static void main(String[] args) throws IOException {
            try (FileChannel c = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE); FileLock l = c.lock()) {
                System.out.println("locked");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the test to close our input
                }
            }
        }
    }

    @Test
    void aTemporaryLockedByAnotherProcessIsLeftAlone() throws Exception {
        Path tmp = old(dir.resolve(".r.mrc.99.tmp"), FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), HoldLock.class.getName(), tmp.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("locked", r.readLine());
            assertEquals(List.of(), AtomicFiles.removeStaleTemporaries(dir, null, Duration.ofMinutes(1)));
            assertTrue(Files.exists(tmp));
            p.getOutputStream().close();
            assertEquals(0, p.waitFor());
        } finally {
            p.destroy();
        }
        // the writer is gone: now it is a leftover
        assertEquals(List.of(tmp), AtomicFiles.removeStaleTemporaries(dir, null, Duration.ofMinutes(1)));
    }

    @Test
    void staleTemporariesAreRemovedConservatively() throws IOException {
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofMinutes(5)));
        Path stale = old(dir.resolve(".r.mrc.3f9a0c11d2e4b5a6.tmp"), old);
        Path recent = old(dir.resolve(".r.mrc.1.tmp"), null);
        Path otherTarget = old(dir.resolve(".s.mrc.ab.tmp"), old);
        Path notHex = old(dir.resolve(".r.mrc.xyz.tmp"), old);
        Path notHidden = old(dir.resolve("r.mrc.ab.tmp"), old);
        Path aDirectory = Files.createDirectory(dir.resolve(".r.mrc.cd.tmp"));
        Files.setLastModifiedTime(aDirectory, old);
        Path target = old(dir.resolve("r.mrc"), old);
        Path aLink = Files.createSymbolicLink(dir.resolve(".r.mrc.ef.tmp"), target);
        assertEquals(List.of(stale), AtomicFiles.removeStaleTemporaries(dir, "r.mrc", Duration.ofMinutes(1)));
        for (Path kept : List.of(recent, otherTarget, notHex, notHidden, aDirectory, target, aLink)) assertTrue(Files.exists(kept, java.nio.file.LinkOption.NOFOLLOW_LINKS), kept.toString());
        // any target name; the recent one only once old enough
        assertEquals(List.of(otherTarget), AtomicFiles.removeStaleTemporaries(dir, null, Duration.ofMinutes(1)));
        assertEquals(List.of(recent), AtomicFiles.removeStaleTemporaries(dir, null, Duration.ZERO));
        assertEquals(List.of(), AtomicFiles.removeStaleTemporaries(dir.resolve("missing"), null, Duration.ZERO));
    }

    @Test
    void temporaryNamesMatchTheirPattern() {
        for (int i = 0; i < 50; i++) assertTrue(AtomicFiles.isTemporaryName(AtomicFiles.temporaryName("a.b.mrc"), "a.b.mrc"));
        assertTrue(AtomicFiles.isTemporaryName(".a.b.mrc.0.tmp", null));
        assertFalse(AtomicFiles.isTemporaryName(".a.b.mrc.0.tmp", "b.mrc"));
        assertFalse(AtomicFiles.isTemporaryName(".a.mrc.12345678901234567.tmp", "a.mrc"), "more than 16 hex digits");
        assertFalse(AtomicFiles.isTemporaryName(".a.mrc.ABC.tmp", "a.mrc"), "upper case: not ours");
        assertFalse(AtomicFiles.isTemporaryName("..0.tmp", null));
    }

    private static Path old(Path p, FileTime t) throws IOException {
        Files.writeString(p, "x");
        if (t != null) Files.setLastModifiedTime(p, t);
        return p;
    }

    @Test
    void missingParentDirectoriesAreCreated() throws IOException {
        Path p = dir.resolve("a").resolve("b").resolve("c.bin");
        AtomicFiles.write(p, new byte[] {7});
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(p));
    }
}
