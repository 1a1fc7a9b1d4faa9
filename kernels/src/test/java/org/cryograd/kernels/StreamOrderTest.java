package org.cryograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every copy, memset and launch of this module (production and test harness) goes on the device's non-blocking stream.
 * A synchronous driver copy runs on the legacy default stream, which does not order against a non-blocking stream: a
 * kernel could read an upload before it lands (the validators' harness once did this). There is no GPU here to show
 * the race, so this reads the sources.
 */
class StreamOrderTest {
    /** A driver call that takes no stream: the legacy-stream copies and memsets (their names lack "Async"). */
    static final Pattern LEGACY = Pattern.compile("\\bcuMem(cpy|cpyHtoD|cpyDtoH|cpyDtoD|cpyPeer|cpy2D|cpy3D|setD8|setD16|setD32|setD2D8|setD2D16|setD2D32)(_v2)?\\s*\\(");
    /** A launch given the null (legacy) stream. */
    static final Pattern NULL_STREAM_LAUNCH = Pattern.compile("cuLaunchKernel\\((?:[^,]*,){8}\\s*null\\s*,");

    static boolean legacy(String line) {
        return LEGACY.matcher(line).find() || NULL_STREAM_LAUNCH.matcher(line).find();
    }

    @Test
    void thePatternsRecogniseLegacyStreamCalls() {
        assertTrue(legacy("CudaErrors.check(JCudaDriver.cuMemcpyHtoD(p, Pointer.to(data), data.length * 4L), \"cuMemcpyHtoD\");"));
        assertTrue(legacy("JCudaDriver.cuMemcpyDtoH(host, p, 4)"));
        assertTrue(legacy("cuMemsetD32 (p, 0, n)"));
        assertTrue(legacy("JCudaDriver.cuLaunchKernel(f, 1, 1, 1, 32, 1, 1, 0, null, Pointer.to(packed), null)"));
        assertFalse(legacy("JCudaDriver.cuMemcpyHtoDAsync(p, Pointer.to(b), bytes, dev.stream())"));
        assertFalse(legacy("JCudaDriver.cuMemsetD32Async(p, 0, n, dev.stream())"));
        assertFalse(legacy("JCudaDriver.cuLaunchKernel(f, gx, gy, gz, bx, by, bz, sharedBytes, dev.stream(), Pointer.to(packed), null)"));
    }

    @Test
    void noSourceUsesTheLegacyStream() throws IOException {
        List<String> found = new ArrayList<>();
        int files = 0;
        for (Path root : List.of(Path.of("src/main/java"), Path.of("src/test/java"))) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                    if (f.getFileName().toString().equals("StreamOrderTest.java")) continue; // its examples
                    files++;
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++)
                        if (legacy(lines.get(i))) found.add(f + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertTrue(files > 40, "read the module's sources (run from kernels/): " + files + " files");
        assertEquals(List.of(), found, "copies, memsets and launches must take dev.stream()");
    }
}
