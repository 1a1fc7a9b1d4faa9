package org.cryograd.coordnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.cryograd.io.AtomicFiles;
import org.cryograd.nn.io.Checkpoint;
import org.cryograd.nn.io.TrainingProgress;
import org.cryograd.tensor.Rng;

/**
 * The checkpoint directory of one reconstruction run. Layout:
 * <ul>
 *   <li>{@code cn-run.txt}: what identifies the run ({@code key=value} lines: format, configuration without
 *       {@code parallelChunks}, sizes, tilt angles, SHA-256 of the tilt series); written before anything else. A
 *       directory whose file differs belongs to another run and is refused.</li>
 *   <li>{@code chunk-NNNN.safetensors}: a finished chunk's network (a {@link Checkpoint} without optimizer).</li>
 *   <li>{@code chunk-NNNN.partial.safetensors}: an unfinished chunk's network, AdamW state and progress (step count,
 *       random stream), rewritten every few steps by the shared {@link org.cryograd.nn.train.Trainer} and deleted when
 *       the chunk finishes.</li>
 * </ul>
 * Whole-volume mode uses {@code whole.safetensors} and {@code whole.partial.safetensors}. Every file is written
 * atomically (temporary file and rename), so an interrupted run leaves either the old or the new file.
 */
final class CnCheckpoints {
    static final String RUN_FILE = "cn-run.txt";
    private static final String FORMAT = "cryograd.coordnet.run/1";

    private final Path dir;
    private final String runId;
    private final boolean whole;

    private CnCheckpoints(Path dir, String runId, boolean whole) {
        this.dir = dir;
        this.runId = runId;
        this.whole = whole;
    }

    /**
     * Opens (creating if needed) the directory for a run, checking that a previous run there was the same run.
     *
     * @throws IllegalArgumentException if the directory holds another run's checkpoints, naming the differing key
     */
    static CnCheckpoints open(Path dir, CnConfig config, CnProblem problem) {
        Map<String, String> id = new LinkedHashMap<>();
        id.put("format", FORMAT);
        id.put("config", config.withParallelChunks(1).toString());
        id.put("views", Integer.toString(problem.views));
        id.put("nx", Integer.toString(problem.nx));
        id.put("ny", Integer.toString(problem.ny));
        id.put("nz", Integer.toString(problem.nz));
        id.put("angles", Arrays.toString(problem.projector.anglesDeg()));
        id.put("tilts_sha256", Objects.requireNonNull(problem.tiltsSha256, "CnCheckpoints: the problem was built without the tilts' hash"));
        StringBuilder text = new StringBuilder();
        for (var e : id.entrySet()) text.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        String runId = sha256(text.toString().getBytes(StandardCharsets.UTF_8));
        Path runFile = dir.resolve(RUN_FILE);
        try {
            Files.createDirectories(dir);
            if (Files.exists(runFile)) {
                Map<String, String> saved = parse(Files.readString(runFile, StandardCharsets.UTF_8));
                for (var e : id.entrySet()) {
                    String s = saved.get(e.getKey());
                    if (!e.getValue().equals(s))
                        throw new IllegalArgumentException(runFile + ": checkpoint directory belongs to another run: '" + e.getKey() + "' is "
                                + (s == null ? "missing" : "'" + abbreviate(s) + "'") + ", this run has '" + abbreviate(e.getValue())
                                + "'; use another directory or delete it");
                }
            } else {
                try (Stream<Path> files = Files.list(dir)) {
                    if (files.anyMatch(f -> f.getFileName().toString().endsWith(".safetensors")))
                        throw new IllegalArgumentException(dir + ": holds .safetensors files but no " + RUN_FILE
                                + ", so they cannot be matched to this run; use another directory");
                }
                AtomicFiles.write(runFile, text.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot use as checkpoint directory: " + e.getMessage(), e);
        }
        return new CnCheckpoints(dir, runId, config.wholeVolume());
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static Map<String, String> parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return m;
    }

    static String sha256(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return sha256(b.array());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private String base(int chunk) {
        return whole ? "whole" : String.format("chunk-%04d", chunk);
    }

    Path finalFile(int chunk) {
        return dir.resolve(base(chunk) + ".safetensors");
    }

    Path partialFile(int chunk) {
        return dir.resolve(base(chunk) + ".partial.safetensors");
    }

    /** The metadata of chunk {@code chunk}'s checkpoints: the run's identity and the chunk. */
    Map<String, String> extra(int chunk) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("run", runId);
        m.put("chunk", Integer.toString(chunk));
        return m;
    }

    /** Writes a finished chunk's network and removes its partial checkpoint. */
    void saveFinal(int chunk, Siren net, long steps, Rng rng) {
        try {
            Checkpoint.save(finalFile(chunk), net.stateDict(), null, TrainingProgress.of(1, steps, rng), extra(chunk));
            Files.deleteIfExists(partialFile(chunk));
        } catch (IOException e) {
            throw new UncheckedIOException(finalFile(chunk) + ": cannot write checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * Loads a chunk checkpoint, or returns null if the file does not exist. The caller closes it.
     *
     * @throws IllegalArgumentException if the file was written by another run or for another chunk
     */
    Checkpoint load(Path file, int chunk) {
        if (!Files.exists(file)) return null;
        Checkpoint c;
        try {
            c = Checkpoint.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read checkpoint: " + e.getMessage(), e);
        }
        try {
            requireSameRun(c, chunk);
        } catch (IllegalArgumentException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Refuses a checkpoint written by another run or for another chunk.
     *
     * @throws IllegalArgumentException naming the file and both identities
     */
    void requireSameRun(Checkpoint c, int chunk) {
        if (!runId.equals(c.extra().get("run")) || !Integer.toString(chunk).equals(c.extra().get("chunk")))
            throw new IllegalArgumentException(c.file() + ": checkpoint of another run or chunk (extra.run=" + c.extra().get("run") + ", extra.chunk="
                    + c.extra().get("chunk") + "; expected " + runId + ", " + chunk + ")");
    }
}
