package org.cryograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The once-per-JVM kernel choice, and that a JVM without the vector module (or with cryograd.simd=false) works. */
class CpuSimdTest {
    /**
     * Every kernel family in this JVM follows the one choice. Which choice each setting gives is checked by the
     * child-JVM tests below, one per branch with a fixed expectation (not by re-deriving the rule here).
     */
    @Test
    void everyKernelFamilyFollowsTheOneChoice() {
        assertTrue(CpuSimd.DESCRIPTION.startsWith("cryograd CPU kernels: " + (CpuSimd.ENABLED ? "SIMD" : "scalar")), CpuSimd.DESCRIPTION);
        assertEquals(CpuSimd.ENABLED, CpuGemm.KERNEL != CpuGemm.SCALAR);
        assertEquals(CpuSimd.ENABLED, CpuElementwise.SIMD != null);
        assertEquals(CpuSimd.ENABLED, CpuReduce.SIMD != null);
    }

    private static List<String> runChild(List<String> jvmArgs, boolean expectSimd) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        // the child runs on a plain class path, as a user's program would; under surefire's module path the tensor
        // classes are on jdk.module.path and the test classes patched into that module, so all three are joined
        cmd.add(java.util.stream.Stream.of(System.getProperty("jdk.module.path"), System.getProperty("java.class.path"),
                        Path.of("target", "test-classes").toAbsolutePath().toString())
                .filter(s -> s != null && !s.isBlank()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        cmd.add(KernelChoiceMain.class.getName());
        cmd.add(Boolean.toString(expectSimd));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "child JVM failed:\n" + text);
        return text.lines().toList();
    }

    private static long choiceLines(List<String> lines) {
        return lines.stream().filter(l -> l.contains("cryograd CPU kernels:")).count();
    }

    @Test
    void childJvmWithoutTheVectorModuleUsesScalarKernels() throws Exception {
        List<String> lines = runChild(List.of(), false);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("OK cryograd CPU kernels: scalar")), lines.toString());
        assertEquals(2, choiceLines(lines), "one log line (plus the OK line): " + lines);
    }

    @Test
    void childJvmWithTheModuleButSimdOffUsesScalarKernels() throws Exception {
        List<String> lines = runChild(List.of("--add-modules", "jdk.incubator.vector", "-Dcryograd.simd=false"), false);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("OK cryograd CPU kernels: scalar (system property")), lines.toString());
        assertEquals(2, choiceLines(lines), lines.toString());
    }

    @Test
    void childJvmWithTheModuleUsesSimdKernels() throws Exception {
        List<String> lines = runChild(List.of("--add-modules", "jdk.incubator.vector"), true);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("OK cryograd CPU kernels: SIMD")), lines.toString());
        assertEquals(2, choiceLines(lines), lines.toString());
    }
}
