package org.cryograd.kernels;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host tools of the kernel tests, found in one place: {@code nvcc} (PTX check, host build of the device math) and
 * {@code g++} (the kernel emulator). Tests that need a missing tool skip, saying which and why.
 */
final class Toolchain {
    private Toolchain() {}

    /** The executable on the PATH, or null. */
    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (p.toFile().canExecute()) return p;
        }
        return null;
    }

    /** nvcc on the PATH; skips the calling test, saying what cannot be checked, when there is none. */
    static Path nvcc(String whatNeedsIt) {
        Path nvcc = onPath("nvcc");
        assumeTrue(nvcc != null, () -> "nvcc is not on the PATH: " + whatNeedsIt);
        return nvcc;
    }

    /** Why g++ cannot build C++20 sources with {@code <barrier>} (missing, or older than 11), or null when it can. */
    static String gxxProblem() throws IOException, InterruptedException {
        if (onPath("g++") == null) return "g++ is not on the PATH";
        String v = run(null, "g++", "-dumpfullversion").output().trim();
        Matcher m = Pattern.compile("^(\\d+)").matcher(v);
        if (!m.find() || Integer.parseInt(m.group(1)) < 11) return "g++ " + v + " is older than 11 (no C++20 <barrier>)";
        return null;
    }

    /** The output of a command and its exit status. */
    record Result(int status, String output) {}

    /** Runs a command (stdout and stderr merged) and waits for it. */
    static Result run(Path workDir, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) pb.directory(workDir.toFile());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("command did not finish: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** The "Cuda compilation tools, release X, VY" line of {@code nvcc --version}, or null. */
    static String nvccVersionLine(Path nvcc) throws IOException, InterruptedException {
        for (String line : run(null, nvcc.toString(), "--version").output().split("\n"))
            if (line.startsWith("Cuda compilation tools")) return line.trim();
        return null;
    }
}
