package org.cryograd.kernels;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The kernel emulator ({@code src/test/emu}): the unmodified CUDA sources compiled by g++ against a CPU model of the
 * execution model (a thread per CUDA thread, barriers for __syncthreads, AddressSanitizer for out-of-bounds accesses).
 * Built once into {@code target/emu} and rebuilt when a source is newer. Tests that use it skip, saying why, when
 * g++ 11 or newer is not on the PATH.
 */
final class Emulator {
    private static final Path EMU = Path.of("src/test/emu");
    private static final Path CUDA = Path.of("src/main/cuda");
    private static final Path OUT = Path.of("target/emu");
    private static Path binary;
    private static String unavailable;

    private Emulator() {}

    /** The emulator binary; skips the calling test when no suitable g++ exists, fails when the build fails. */
    static synchronized Path binary() {
        if (binary == null && unavailable == null) {
            try {
                unavailable = compilerProblem();
                if (unavailable == null) binary = build();
            } catch (IOException e) {
                throw new IllegalStateException("building the kernel emulator", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while building the kernel emulator", e);
            }
        }
        assumeTrue(unavailable == null, () -> "kernel emulator unavailable: " + unavailable);
        return binary;
    }

    private static String compilerProblem() throws IOException, InterruptedException {
        if (onPath("g++") == null || onPath("bash") == null) return "g++ or bash is not on the PATH";
        String v = run(null, "g++", "-dumpfullversion").trim();
        Matcher m = Pattern.compile("^(\\d+)").matcher(v);
        if (!m.find() || Integer.parseInt(m.group(1)) < 11) return "g++ " + v + " is older than 11 (no C++20 <barrier>)";
        return null;
    }

    private static Path build() throws IOException, InterruptedException {
        Path bin = OUT.resolve("cuemu");
        if (Files.exists(bin) && newest(CUDA) < Files.getLastModifiedTime(bin).toMillis()
                && newest(EMU) < Files.getLastModifiedTime(bin).toMillis()) return bin.toAbsolutePath();
        Files.deleteIfExists(bin);
        String log = run(null, "bash", EMU.resolve("build.sh").toString(), OUT.toString());
        if (!Files.exists(bin)) throw new IllegalStateException("kernel emulator build failed:\n" + log);
        return bin.toAbsolutePath();
    }

    private static long newest(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.mapToLong(p -> p.toFile().lastModified()).max().orElse(0);
        }
    }

    /** Runs a command, returns its merged output; throws with the output when it fails. */
    static String run(Path workDir, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) pb.directory(workDir.toFile());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(1, TimeUnit.HOURS)) {
            p.destroyForcibly();
            throw new IllegalStateException("command did not finish: " + String.join(" ", command));
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "):\n" + text);
        return text;
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (p.toFile().canExecute()) return p;
        }
        return null;
    }
}
