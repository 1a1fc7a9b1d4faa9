package org.cryograd.kernels;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds and runs {@code nvcc} (and other tools) for the tests that check sources against committed images or the host. */
final class Nvcc {
    private Nvcc() {}

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

    /** The output of a command and its exit status. */
    record Result(int status, String output) {}

    /** Runs a command (stdout and stderr merged) and waits for it. */
    static Result run(Path workDir, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (workDir != null) pb.directory(workDir.toFile());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("command did not finish: " + cmd);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** The "Cuda compilation tools, release X, VY" line of {@code nvcc --version}, or null. */
    static String versionLine(Path nvcc) throws IOException, InterruptedException {
        Result r = run(null, nvcc.toString(), "--version");
        for (String line : r.output().split("\n"))
            if (line.startsWith("Cuda compilation tools")) return line.trim();
        return null;
    }
}
