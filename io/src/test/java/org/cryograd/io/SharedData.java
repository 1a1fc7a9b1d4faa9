package org.cryograd.io;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Real files from other tools in {@code ../shared/interop/data/mrc} (next to the repository; never copied into it). */
final class SharedData {
    private SharedData() {}

    /** Surefire runs in the module directory, so the repository root is its parent and shared/ sits beside it. */
    static final Path MRC = Path.of("").toAbsolutePath().getParent().resolveSibling("shared").resolve("interop/data/mrc");

    /** The file, or the test is skipped (with the reason) when it is not there. */
    static Path require(String name) {
        Path p = MRC.resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(p), "skipped: " + p + " is absent (real files live in ../shared, outside the repository)");
        return p;
    }
}
