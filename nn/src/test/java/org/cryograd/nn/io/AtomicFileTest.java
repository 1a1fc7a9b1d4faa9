package org.cryograd.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failure paths of the atomic writer: errors name the target, nothing is left behind, a live write is locked. */
class AtomicFileTest {
    @TempDir Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void uncheckedFailuresOfTheBodyLeaveNoTemporary() throws IOException {
        Path p = dir.resolve("w.safetensors");
        AtomicFile.write(p, ch -> ch.write(ByteBuffer.wrap(new byte[] {3})));
        assertThrows(IllegalArgumentException.class, () -> AtomicFile.write(p, ch -> {
            ch.write(ByteBuffer.wrap(new byte[64]));
            throw new IllegalArgumentException("bad tensor");
        }));
        assertThrows(OutOfMemoryError.class, () -> AtomicFile.write(p, ch -> {
            ch.write(ByteBuffer.wrap(new byte[64]));
            throw new OutOfMemoryError("simulated");
        }));
        assertEquals(List.of(p), files());
        assertArrayEquals(new byte[] {3}, Files.readAllBytes(p));
    }

    /** The target's name is legal, its temporary's (16 characters longer) is not. */
    @Test
    void fileSystemErrorsNameTheTargetNotTheTemporary() throws IOException {
        Path p = dir.resolve("w".repeat(240) + ".safetensors");
        FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicFile.write(p, ch -> ch.write(ByteBuffer.wrap(new byte[1]))));
        assertEquals(p.toString(), e.getFile());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
        assertTrue(e.getReason() != null && !e.getReason().isBlank(), e.toString());
        assertEquals(List.of(), files());
    }

    @Test
    void theTemporaryIsLockedWhileTheBodyWrites() throws IOException {
        Path p = dir.resolve("l.bin");
        AtomicFile.write(p, ch -> {
            ch.write(ByteBuffer.wrap(new byte[] {1}));
            List<Path> tmp = files().stream().filter(f -> f.getFileName().toString().matches("\\.l\\.bin\\.[0-9a-f]{1,16}\\.tmp")).toList();
            assertEquals(1, tmp.size(), "one temporary named .<name>.<hex>.tmp");
            try (FileChannel other = FileChannel.open(tmp.get(0), StandardOpenOption.WRITE)) {
                assertThrows(OverlappingFileLockException.class, other::tryLock, "held by the writer");
            }
        });
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(p));
    }
}
