package org.cryograd.fiji;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Prepares the test JVM before any test class loads an ImageJ class: ij1-patcher (Fiji's own headless support) patches
 * ImageJ 1.x so that its menus and dialogs work under {@code java.awt.headless=true}, and a plugins folder holding a jar
 * with this module's {@code plugins.config} is named by {@code plugins.dir}, so ImageJ's own loader registers the
 * commands from that descriptor (the classes come from the class path, as Fiji's launcher puts plugin jars there). The
 * folder is removed when the session closes.
 *
 * <p>Imports no ImageJ class: loading one before the patcher runs would make the patch fail.
 */
public final class HeadlessImageJ implements LauncherSessionListener {
    /** The plugins folder of this JVM's ImageJ, or null before the session opened. */
    static volatile Path pluginsDir;

    /** Called by the JUnit launcher. */
    public HeadlessImageJ() {}

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try {
            net.imagej.patcher.LegacyInjector.preinit();
            Path dir = Files.createTempDirectory("cryograd-fiji-plugins");
            try (InputStream config = HeadlessImageJ.class.getResourceAsStream("/plugins.config");
                 JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve("cryograd_-descriptor.jar")))) {
                if (config == null) throw new IllegalStateException("plugins.config is not on the class path");
                jar.putNextEntry(new JarEntry("plugins.config"));
                config.transferTo(jar);
                jar.closeEntry();
            }
            System.setProperty("plugins.dir", dir.toString());
            pluginsDir = dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the plugins folder, so test runs leave nothing in the temp directory. */
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Path dir = pluginsDir;
        if (dir == null) return;
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("HeadlessImageJ: could not remove " + dir + ": " + e);
        }
    }
}
