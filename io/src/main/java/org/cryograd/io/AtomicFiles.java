package org.cryograd.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes files atomically: the content goes to a temporary file in the target's directory, is forced to disk,
 * and is then renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE} (the directory is then synced where
 * the platform allows, so the rename survives a crash). A reader therefore sees either the old file or the complete new
 * one, never a half-written file, and a failed write leaves the target untouched and removes its temporary file.
 * Missing parent directories are created. The one atomic writer of the project: nn's checkpoints use it too.
 *
 * <p>The temporary file is named {@code .<name>.<hex>.tmp} (up to 16 lowercase hex digits) and is locked while it is written, so that
 * {@link #removeStaleTemporaries} can tell what a killed process left from a write in progress. File system errors
 * about the temporary file are reported against the target, with their reason: a user never sees the temporary name.
 */
public final class AtomicFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    /** Temporaries of our atomic writers (this class and nn's AtomicFile); group 1 is the target's name. */
    private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.[0-9a-f]{1,16}\\.tmp");

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
     * @throws IOException if the directory is not writable (reported against {@code target}, with the reason) or the
     *     writer fails (its exception unchanged); the temporary file is removed either way
     */
    public static void write(Path target, ChannelWriter writer) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(writer, "writer");
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null) throw new IOException(target + ": has no parent directory to hold a temporary file");
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                // reported against the target like every other failure here; a file in the way reads as the OS says it
                String why = e instanceof FileAlreadyExistsException ? "Not a directory"
                        : e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
                FileSystemException r = new FileSystemException(target.toString(), null, why);
                r.initCause(e);
                throw r;
            }
        }
        // Same directory as the target so the final rename never crosses file systems. Created with CREATE_NEW
        // and no explicit attributes, so it gets the user's umask permissions (createTempFile would force 0600).
        Path tmp = null;
        FileChannel ch = null;
        while (ch == null) {
            tmp = dir.resolve(temporaryName(abs.getFileName().toString()));
            try {
                ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
            } catch (FileAlreadyExistsException e) {
                // try another name
            } catch (IOException e) {
                throw onTarget(e, tmp, target);
            }
        }
        boolean done = false;
        try {
            try (FileChannel c = ch) {
                lockQuietly(c);
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
            syncDirectory(dir);
        } catch (IOException e) {
            throw onTarget(e, tmp, target);
        } finally {
            if (!done) deleteQuietly(tmp);
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

    /**
     * A fresh temporary file name for a target called {@code name}.
     *
     * @param name the target's file name
     * @return {@code .<name>.<hex>.tmp}
     */
    public static String temporaryName(String name) {
        return "." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
    }

    /**
     * Whether {@code fileName} has the shape of one of our temporary files.
     *
     * @param fileName a file name (no directory)
     * @param target the target's file name, or null for any target
     * @return true for {@code .<target>.<hex>.tmp}
     */
    public static boolean isTemporaryName(String fileName, String target) {
        Matcher m = TEMPORARY.matcher(fileName);
        return m.matches() && (target == null || m.group(1).equals(target));
    }

    /**
     * Removes the temporary files that killed writes left in {@code dir} (a process killed between creating its
     * temporary and renaming it cannot remove it). Conservative: only regular files (not links) named
     * {@code .<target>.<hex>.tmp}, untouched for at least {@code minAge}, and not locked (every write of this class
     * and of nn's AtomicFile locks its temporary while writing it; a file that cannot be locked is left alone).
     *
     * @param dir the directory to clean (a missing directory holds nothing)
     * @param target only temporaries of this file name, or null for those of any name
     * @param minAge how long a temporary must have been left unmodified
     * @return the files removed
     * @throws IOException if the directory cannot be listed
     */
    public static List<Path> removeStaleTemporaries(Path dir, String target, Duration minAge) throws IOException {
        Objects.requireNonNull(minAge, "minAge");
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) return removed;
        Instant cutoff = Instant.now().minus(minAge);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (!isTemporaryName(p.getFileName().toString(), target) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) continue;
                try {
                    if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(cutoff)) continue;
                    if (removeIfUnlocked(p)) removed.add(p);
                } catch (IOException e) {
                    LOG.debug("{}: left in place: {}", p, e.toString());
                }
            }
        }
        return removed;
    }

    private static boolean removeIfUnlocked(Path p) throws IOException {
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock l;
            try {
                l = c.tryLock();
            } catch (OverlappingFileLockException e) {
                return false; // a write in this JVM holds it
            }
            if (l == null) return false; // another process is writing it
            try {
                Files.delete(p);
                return true;
            } finally {
                l.release();
            }
        }
    }

    /** Locks a temporary while it is written (see removeStaleTemporaries); a file system without locks goes without. */
    private static void lockQuietly(FileChannel c) {
        try {
            c.lock();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("no lock on a temporary file: {}", e.toString());
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

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // the failure that got us here matters more than a stray hidden file
            LOG.warn("{}: could not remove the temporary file: {}", tmp, e.toString());
        }
    }

    /**
     * A file system error about the temporary file, re-addressed to the target with its reason kept, so that a
     * message names the file the caller asked for. Any other exception (the writer's own) is returned unchanged.
     */
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
}
