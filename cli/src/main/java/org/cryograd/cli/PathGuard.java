package org.cryograd.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.cryograd.io.AtomicFiles;

/**
 * Checks a command's outputs before it does any work, so that a run never destroys its own input and never fails
 * late on an unwritable place:
 *
 * <ul>
 *   <li>an output that is one of the inputs (by real path, following links; for an output that does not exist yet,
 *       its parent's real path), or the same file as another output, is refused with one line naming both options;
 *       a directory output clashes with an input that one of the files it writes there would replace;
 *   <li>each output's directory is created and probed (a temporary file created and deleted there), and an OS error
 *       is reported as the path the user gave and its reason ("permission denied", "read-only file system", ...);
 *   <li>temporaries that killed runs left at those places ({@code .<name>.<hex>.tmp}, see
 *       {@link AtomicFiles#removeStaleTemporaries}) are removed if untouched for {@link #STALE_AGE} and unlocked;
 *   <li>{@link #failed()} removes the directories that {@link #check()} created if the run left them empty.
 * </ul>
 *
 * Use: {@code paths().in("--volume", volume).out("--out", out).check();} at the start of {@code execute()}.
 */
final class PathGuard {
    /** How long a temporary file of our writers must be untouched before a later run may remove it. */
    static final Duration STALE_AGE = Duration.ofMinutes(1);

    private record Entry(String option, Path path, Predicate<String> writes) {
        boolean dir() {
            return writes != null;
        }
    }

    private final Ui ui;
    private final List<Entry> ins = new ArrayList<>(), outs = new ArrayList<>();
    /** Directories that check() created, parents before children. */
    private final List<Path> created = new ArrayList<>();

    PathGuard(Ui ui) {
        this.ui = ui;
    }

    /** An input file (null: not given, ignored). */
    PathGuard in(String option, Path file) {
        if (file != null) ins.add(new Entry(option, file, null));
        return this;
    }

    /** Input files. */
    PathGuard in(String option, List<Path> files) {
        for (Path p : files) in(option, p);
        return this;
    }

    /** An output file (null: not given, ignored). */
    PathGuard out(String option, Path file) {
        if (file != null) outs.add(new Entry(option, file, null));
        return this;
    }

    /**
     * An output directory.
     *
     * @param writes which paths the command writes in it, relative to it with '/' separators (e.g. {@code sim_000.mrc},
     *     {@code model/weights.safetensors}): an input there would be replaced
     */
    PathGuard outDir(String option, Path dir, Predicate<String> writes) {
        outs.add(new Entry(option, dir, writes));
        return this;
    }

    /** Refuses clashes, then creates and probes every output location and removes stale temporaries there. */
    void check() {
        for (int i = 0; i < outs.size(); i++) {
            Entry o = outs.get(i);
            for (Entry in : ins) clash(o, in, true);
            for (int j = 0; j < i; j++) clash(outs.get(j), o, false);
        }
        for (Entry o : outs) prepare(o);
    }

    /** Throws if writing output {@code out} replaces {@code other}: an input, or another output's file. */
    private static void clash(Entry out, Entry other, boolean input) {
        Path o = real(out.path), p = real(other.path);
        String what = other.option + " " + other.path + (input ? ", an input" : "");
        String msg = null;
        if (!out.dir() && !other.dir()) {
            if (same(o, p)) msg = input ? out.option + " " + out.path + " would overwrite " + what + "; choose another output"
                    : out.option + " " + out.path + " and " + what + " are the same file; give them different names";
        } else if (out.dir() && other.dir()) {
            if (o.equals(p)) msg = out.option + " and " + other.option + " are the same directory " + out.path + "; give them different ones";
        } else {
            Entry dir = out.dir() ? out : other, file = out.dir() ? other : out;
            Path d = out.dir() ? o : p, f = out.dir() ? p : o;
            if (f.startsWith(d) && !f.equals(d) && dir.writes.test(relative(d, f))) {
                msg = dir.option + " " + dir.path + " would overwrite " + file.option + " " + file.path + (input ? ", an input" : "") + " (it writes "
                        + relative(d, f) + " there); choose another " + (input ? "output" : "place for one of them");
            } else if (!input && d.equals(f)) {
                msg = out.option + " " + out.path + " and " + what + " are the same path; give them different names";
            }
        }
        if (msg != null) throw new CliError(msg);
    }

    private static boolean same(Path a, Path b) {
        if (a.equals(b)) return true;
        try { // hard links, bind mounts, case-insensitive names
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static String relative(Path dir, Path p) {
        return dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    }

    /**
     * The real path of {@code p}: links followed; for a path that does not exist, its parent's real path and the
     * name ("..", "." resolved there).
     */
    static Path real(Path p) {
        Path abs = p.toAbsolutePath();
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            // does not exist (or is a dangling link): resolve what does
        }
        Path parent = abs.getParent();
        if (parent == null || abs.getFileName() == null) return abs.normalize();
        Path rp = real(parent);
        String name = abs.getFileName().toString();
        if (name.equals(".")) return rp;
        if (name.equals("..")) return rp.getParent() == null ? rp : rp.getParent();
        return rp.resolve(name);
    }

    private void prepare(Entry o) {
        Path dir;
        if (o.dir()) {
            if (Files.exists(o.path) && !Files.isDirectory(o.path)) throw new CliError(o.option + " " + o.path + ": exists and is not a directory");
            dir = o.path;
        } else {
            if (Files.isDirectory(o.path)) throw new CliError(o.option + " " + o.path + ": is a directory; give a file name");
            dir = o.path.toAbsolutePath().getParent();
        }
        createDirectories(o, dir);
        // shaped like the atomic writers' own temporary, so a name too long for it fails here, not after the work
        Path probe = dir.resolve(AtomicFiles.temporaryName(o.dir() ? "cryograd-probe" : o.path.getFileName().toString()));
        try {
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw new CliError(o.option + " " + o.path + ": cannot write in " + shown(o, dir) + ": " + reason(e), e);
        }
        removeStale(o, dir);
    }

    /** Creates {@code dir} and its missing parents, remembering which were made. */
    private void createDirectories(Entry o, Path dir) {
        List<Path> missing = new ArrayList<>();
        for (Path d = dir.toAbsolutePath(); d != null && !Files.exists(d); d = d.getParent()) missing.add(0, d);
        try {
            for (Path d : missing) {
                Files.createDirectory(d);
                created.add(d);
            }
        } catch (IOException e) {
            failed();
            String where = Ui.show(e instanceof FileSystemException f && f.getFile() != null ? Path.of(f.getFile()) : dir);
            throw new CliError(o.option + " " + o.path + ": cannot create directory " + where + ": " + reason(e), e);
        }
    }

    /** Stale temporaries of a file output's name, or of any name anywhere in a directory output. */
    private void removeStale(Entry o, Path dir) {
        List<Path> removed = new ArrayList<>();
        try {
            if (!o.dir()) {
                removed.addAll(AtomicFiles.removeStaleTemporaries(dir, o.path.getFileName().toString(), STALE_AGE));
            } else {
                List<Path> dirs;
                try (Stream<Path> s = Files.walk(dir)) {
                    dirs = s.filter(Files::isDirectory).toList();
                }
                for (Path d : dirs) removed.addAll(AtomicFiles.removeStaleTemporaries(d, null, STALE_AGE));
            }
        } catch (IOException e) {
            ui.debug("could not look for stale temporary files in %s: %s", dir, e);
        }
        if (!removed.isEmpty())
            ui.log("removed %d temporary file%s that an interrupted run left in %s", removed.size(), removed.size() == 1 ? "" : "s", Ui.show(dir));
    }

    /** After a failed run: removes the directories check() created that the run left empty (children first). */
    void failed() {
        for (int i = created.size() - 1; i >= 0; i--) {
            Path d = created.get(i);
            try (Stream<Path> s = Files.list(d)) {
                if (s.findAny().isPresent()) continue;
            } catch (IOException e) {
                continue;
            }
            try {
                Files.delete(d);
            } catch (IOException e) {
                // not empty after all, or not ours to remove any more: leave it
            }
        }
        created.clear();
    }

    private static String shown(Entry o, Path dir) {
        return o.dir() ? o.path.toString() : (o.path.getParent() != null ? o.path.getParent().toString() : dir.toString());
    }

    /** The reason of a file system error in words ("permission denied", "no space left on device", ...). */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof NotDirectoryException) return "not a directory";
        if (e instanceof FileAlreadyExistsException) return "exists and is not a directory";
        if (e instanceof DirectoryNotEmptyException) return "directory not empty";
        if (e instanceof FileSystemException f) return f.getReason() != null ? lower(f.getReason()) : "file system error";
        return e.getMessage() != null ? lower(e.getMessage()) : e.getClass().getSimpleName();
    }

    /**
     * A file system error that escaped a command (a write that failed late, e.g. the disk filled up), as one line:
     * the file and the reason.
     */
    static CliError late(FileSystemException e) {
        return new CliError(e.getFile() + ": " + reason(e), e);
    }

    /** The texts of the OS errors that the JDK's channels report on a failing write without naming the file. */
    private static final java.util.Set<String> WRITE_ERRORS = java.util.Set.of("No space left on device", "Disk quota exceeded",
            "Input/output error", "Read-only file system", "File too large");

    /**
     * A write error that names no file (a channel's "No space left on device", say), as one line naming the outputs
     * this command writes and the reason; null when {@code e} is not such an error or no output was declared.
     */
    CliError lateWrite(IOException e) {
        if (e instanceof FileSystemException || e.getMessage() == null || !WRITE_ERRORS.contains(e.getMessage().strip()) || outs.isEmpty())
            return null;
        StringBuilder where = new StringBuilder();
        for (Entry o : outs) where.append(where.length() == 0 ? "" : ", ").append(o.option).append(' ').append(o.path);
        return new CliError("writing " + where + ": " + lower(e.getMessage().strip()), e);
    }

    private static String lower(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }
}
