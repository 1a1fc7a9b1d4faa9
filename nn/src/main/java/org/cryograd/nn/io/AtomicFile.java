package org.cryograd.nn.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that a reader sees either the old content or the complete new content, never a partial
 * file: the bytes go to a temporary file in the same directory, which is forced to disk and then renamed over
 * the target with {@link StandardCopyOption#ATOMIC_MOVE}. If anything fails, the temporary file is deleted and
 * the target is untouched.
 *
 * <p>The temporary is named {@code .<name>.<hex>.tmp} (as {@code org.cryograd.io.AtomicFiles} names its own) and is
 * locked while it is written, so that {@code AtomicFiles.removeStaleTemporaries} can tell what a killed process left
 * from a write in progress. File system errors about the temporary are reported against the target, reason kept.
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
                lockQuietly(ch);
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
        } catch (IOException e) {
            throw onTarget(e, tmp, target);
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

    /** A file system error about the temporary, re-addressed to the target (reason kept); others unchanged. */
    static IOException onTarget(IOException e, Path tmp, Path target) {
        if (!(e instanceof FileSystemException f) || !tmp.toString().equals(f.getFile())) return e;
        String file = target.toString();
        FileSystemException r;
        if (e instanceof AccessDeniedException) r = new AccessDeniedException(file, null, f.getReason());
        else if (e instanceof NoSuchFileException) r = new NoSuchFileException(file, null, f.getReason());
        else r = new FileSystemException(file, null, f.getReason());
        r.initCause(e);
        return r;
    }

    /** Held while writing so a stale-temporary cleaner leaves a live write alone; no locks on this file system: none. */
    private static void lockQuietly(FileChannel ch) {
        try {
            ch.lock();
        } catch (IOException | UnsupportedOperationException e) {
            // advisory only: the write itself does not need it
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
