package org.cryograd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
}
