package org.cryograd.cluster;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.spark.broadcast.Broadcast;
import org.cryograd.dual.DualModel;
import org.cryograd.io.AtomicFiles;

/**
 * A DUAL model directory as bytes, broadcast once from the driver to every executor (which need not see the driver's
 * file system). Each executor JVM writes its copy once to a local temporary directory (removed at exit) and every task
 * there reads the model from it.
 *
 * @param source the directory on the driver (error messages name it instead of the executor's copy)
 * @param files the directory's regular files by name
 */
public record ModelFiles(String source, Map<String, byte[]> files) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Executor-local copies, by broadcast id. */
    private static final Map<Long, Path> LOCAL = new ConcurrentHashMap<>();

    /**
     * Reads a model directory: a {@code train-dual} output directory or its {@code model/}.
     *
     * @throws IllegalArgumentException naming the directory when it is not a model directory
     */
    public static ModelFiles read(Path given) throws IOException {
        Path dir = given;
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--model " + given + ": no such directory");
        if (!Files.exists(dir.resolve(DualModel.CONFIG)) && Files.isDirectory(dir.resolve("model"))) dir = dir.resolve("model");
        if (!Files.exists(dir.resolve(DualModel.CONFIG)) || !Files.exists(dir.resolve(DualModel.WEIGHTS)))
            throw new IllegalArgumentException("--model " + given + ": not a DUAL model directory (expected " + DualModel.CONFIG + " and "
                    + DualModel.WEIGHTS + ")");
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p) && !AtomicFiles.isTemporaryName(p.getFileName().toString(), null))
                    files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return new ModelFiles(given.toString(), files);
    }

    /** The bytes of all files. */
    public long size() {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    /** This executor's local copy of a broadcast model (written on first use). */
    static Path localDir(Broadcast<ModelFiles> model) {
        return LOCAL.computeIfAbsent(model.id(), id -> {
            ModelFiles m = model.value();
            try {
                Path dir = Files.createTempDirectory("cryograd-model-");
                for (Map.Entry<String, byte[]> e : m.files().entrySet()) Files.write(dir.resolve(e.getKey()), e.getValue());
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the broadcast model " + m.source() + " to a local temporary directory", e);
            }
        });
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind at exit is harmless
        }
    }
}
