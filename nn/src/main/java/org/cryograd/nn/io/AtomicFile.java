package org.cryograd.nn.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that a reader sees either the old content or the complete new content, never a partial
 * file: the bytes go to a temporary file in the same directory, which is forced to disk and then renamed over
 * the target with {@link StandardCopyOption#ATOMIC_MOVE}. If anything fails, the temporary file is deleted and
 * the target is untouched.
 */
public final class AtomicFile {
    /** Writes the content of a file to an open channel. */
    @FunctionalInterface
    public interface Body {
        /** Writes everything; throwing aborts the write and leaves the target as it was. */
        void write(FileChannel channel) throws IOException;
    }

    private AtomicFile() {}

    /**
     * Replaces (or creates) {@code target} with what {@code body} writes. Missing parent directories are created.
     *
     * @throws IOException from the body or the file system; the target then still holds its previous content
     */
    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null) throw new IOException(target + ": has no parent directory to hold a temporary file");
        Files.createDirectories(dir);
        // a hidden, unique sibling: same file system, so the rename below can be atomic
        Path tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                body.write(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(target + ": the file system does not support an atomic rename in " + dir, e);
            }
            done = true;
            syncDirectory(dir);
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException suppressed) {
                    // the original failure matters more; a stray hidden .tmp file is harmless
                }
            }
        }
    }

    /** Makes the rename durable where the platform allows opening a directory (Linux, macOS); skipped elsewhere. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported on this platform (e.g. Windows); the rename itself is still atomic
        }
    }
}
