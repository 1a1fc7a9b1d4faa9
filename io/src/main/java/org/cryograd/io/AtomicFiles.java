package org.cryograd.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes files atomically: the content goes to a temporary file in the target's directory, is forced to disk,
 * and is then renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}. A reader therefore sees either
 * the old file or the complete new one, never a half-written file, and a failed write leaves the target untouched.
 */
public final class AtomicFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    private AtomicFiles() {}

    /** Writes the content of a file through an open channel positioned at 0. */
    @FunctionalInterface
    public interface ChannelWriter {
        /**
         * Writes the whole file content.
         *
         * @param channel a writable channel on the temporary file
         * @throws IOException if writing fails; the target is then left unchanged
         */
        void write(FileChannel channel) throws IOException;
    }

    /**
     * Writes {@code target} atomically.
     *
     * @param target the file to create or replace
     * @param writer writes the content
     * @throws IOException if the directory is not writable or the writer fails (the temporary file is removed)
     */
    public static void write(Path target, ChannelWriter writer) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(writer, "writer");
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        // Same directory as the target so the final rename never crosses file systems. Created with CREATE_NEW
        // and no explicit attributes, so it gets the user's umask permissions (createTempFile would force 0600).
        Path tmp = null;
        FileChannel ch = null;
        while (ch == null) {
            tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
            } catch (FileAlreadyExistsException e) {
                // try another name
            }
        }
        boolean done = false;
        try {
            try (FileChannel c = ch) {
                writer.write(c);
                c.force(true);
            }
            keepPermissions(abs, tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                LOG.warn("{}: file system does not support atomic rename; replacing non-atomically", target);
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(tmp);
        }
    }

    /** Replacing a file keeps its POSIX permissions (a group-readable map stays group-readable). */
    private static void keepPermissions(Path target, Path tmp) {
        try {
            if (Files.exists(target)) Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debug("{}: could not copy permissions to the replacement: {}", target, e.toString());
        }
    }

    /**
     * Writes {@code bytes} to {@code target} atomically.
     *
     * @param target the file to create or replace
     * @param bytes the complete content
     * @throws IOException if writing fails
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        write(target, ch -> {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) ch.write(buf);
        });
    }
}
