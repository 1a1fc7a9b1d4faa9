package org.cryograd.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.cryograd.api.Denoise;
import org.cryograd.api.Evaluate;
import org.cryograd.api.Pick;
import org.cryograd.api.Reconstruct;
import org.cryograd.api.Simulate;
import org.cryograd.api.TiltSeries;
import org.cryograd.api.VolumeData;
import org.cryograd.dual.DualConfig;
import org.cryograd.dual.DualModel;
import org.cryograd.dual.DualNetworks;
import org.cryograd.tensor.Rng;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin jar as Fiji gets it (run after the shade step; its path comes in {@code cryograd.fiji.jar}): it holds no
 * class that Fiji ships, and a separate headless ImageJ that has only this jar in its plugins folder (and on its class
 * path, as Fiji's launcher puts plugin jars) runs every menu command by macro with the API's results.
 */
class PluginJarIT {
    @TempDir
    Path dir;

    static Path jar() {
        String p = System.getProperty("cryograd.fiji.jar");
        // set by the pom's integration-test execution only; a plain test run (e.g. -Dtest=...) has no jar yet
        Assumptions.assumeTrue(p != null, "the plugin jar is tested after the shade step (mvn verify), where cryograd.fiji.jar names it");
        assertTrue(Files.isRegularFile(Path.of(p)), "the plugin jar " + p + " exists");
        return Path.of(p);
    }

    @Test
    void holdsNoClassFijiShipsAndRenamesItsLibraries() throws IOException {
        List<String> provided = new ArrayList<>(), foreign = new ArrayList<>();
        boolean descriptor = false, backend = false;
        int classes = 0;
        try (ZipFile z = new ZipFile(jar().toFile())) {
            for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements();) {
                String n = en.nextElement().getName();
                if (n.equals("plugins.config")) descriptor = true;
                if (n.equals("META-INF/services/org.cryograd.tensor.spi.BackendProvider")) backend = true;
                for (String p : new String[] {"ij/", "net/imagej/", "org/scijava/", "net/imglib2/"}) if (n.startsWith(p)) provided.add(n);
                if (!n.endsWith(".class")) continue;
                classes++;
                // cryograd's own packages, the third-party libraries renamed under org.cryograd.fiji.shaded, and JCuda,
                // whose native methods are bound to its package name and so cannot be renamed
                if (!n.startsWith("org/cryograd/") && !n.startsWith("jcuda/")) foreign.add(n);
            }
        }
        assertTrue(descriptor, "plugins.config at the jar's root");
        assertTrue(backend, "the CUDA backend's service file");
        assertTrue(classes > 1000, "the jar holds cryograd and its libraries: " + classes + " classes");
        assertEquals(List.of(), provided, "classes Fiji provides (ImageJ 1.x, ImageJ2, SciJava, ImgLib2)");
        assertEquals(List.of(), foreign, "classes outside org.cryograd (and JCuda): they could clash with Fiji's own libraries");
    }

    /** The jar or folder a class-path resource comes from (patched ImageJ classes have no code source of their own). */
    private static String location(String resource) {
        java.net.URL u = PluginJarIT.class.getClassLoader().getResource(resource);
        assertTrue(u != null, resource + " is not on the test class path");
        String s = u.toString();
        try {
            if (s.startsWith("jar:")) return Path.of(new java.net.URI(s.substring(4, s.indexOf("!/")))).toString();
            String f = Path.of(u.toURI()).toString();
            return f.substring(0, f.length() - resource.length() - 1);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aHeadlessImageJWithOnlyThisJarRunsEveryCommandByMacro() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("Fiji.app/plugins"));
        Path pluginJar = Files.copy(jar(), plugins.resolve(jar().getFileName()));
        Path out = Files.createDirectories(dir.resolve("out"));
        DualConfig c = DualConfig.quick().withPatchSize(16);
        DualModel m = new DualModel(c, new DualNetworks(c, new Rng(7)));
        Path model = dir.resolve("model");
        m.save(model);
        m.saveRegistration(model);
        Path star = out.resolve("picks.star");
        String macro = String.join("\n",
                "run(\"Simulate tomogram\", \"kind=spheres width=24 height=16 thickness=12 seed=3 voxel_size=2.5 range=-60,60,6 snr=5 noise_seed=2 "
                        + "method=wbp iterations=0 device=cpu show_phantom show_tilt_series\");",
                "selectImage(\"cryograd-tomogram\"); saveAs(\"Tiff\", \"" + out.resolve("tomogram.tif") + "\");",
                "selectImage(\"cryograd-tilt-series\"); saveAs(\"Tiff\", \"" + out.resolve("tilts.tif") + "\");",
                "run(\"Reconstruct tilt series\", \"angles=-60,60,6 method=sirt thickness=12 iterations=3 device=cpu\");",
                "selectImage(\"tilts-sirt\"); saveAs(\"Tiff\", \"" + out.resolve("sirt.tif") + "\");",
                "selectImage(\"cryograd-phantom\"); saveAs(\"Tiff\", \"" + out.resolve("phantom.tif") + "\");",
                "run(\"Pick particles\", \"sigma=1.2 k=1.1 top=12 nms=-1 polarity=bright border=-1 star=[" + star + "] coordinates=voxel\");",
                "saveAs(\"Results\", \"" + out.resolve("picks.csv") + "\");",
                "run(\"FSC of two volumes\", \"first=phantom.tif second=tomogram.tif voxel_size=0 angles=-60,60,6\");",
                "saveAs(\"Results\", \"" + out.resolve("fsc.csv") + "\");",
                "selectImage(\"tomogram.tif\");",
                "run(\"Denoise tomogram\", \"model=[" + model + "] single_pass overlap=-1 device=cpu\");",
                "selectImage(\"tomogram-denoised\"); saveAs(\"Tiff\", \"" + out.resolve("denoised.tif") + "\");", "");
        Path macroFile = Files.writeString(dir.resolve("all.ijm"), macro);
        String cp = String.join(java.io.File.pathSeparator, location("ij/IJ.class"), location("net/imagej/patcher/LegacyInjector.class"),
                location("javassist/ClassPool.class"), location("io/github/classgraph/ClassGraph.class"), location("org/cryograd/fiji/MacroDriver.class"),
                pluginJar.toString());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules",
                "jdk.incubator.vector", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Djava.awt.headless=true",
                "-Dplugins.dir=" + plugins, "-cp", cp, MacroDriver.class.getName(), macroFile.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("imagej.log").toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the headless ImageJ did not finish");
        String log = Files.readString(dir.resolve("imagej.log"));
        assertEquals(0, p.exitValue(), log);

        Simulate.Tomogram s = Simulate.tomogram(Simulate.PhantomOptions.defaults().withSize(24, 16, 12).withSeed(3).withVoxelSize(2.5),
                Simulate.TiltOptions.defaults().withRange(-60, 60, 6).withNoise(5, 2).withDevice("cpu"),
                Reconstruct.Options.defaults().withMethod(Reconstruct.Method.WBP).withDevice("cpu"), null, null);
        assertSameValues(s.truth().volume(), out.resolve("phantom.tif"));
        assertSameValues(s.tilts().series().views(), out.resolve("tilts.tif"));
        assertSameValues(s.reconstruction().volume(), out.resolve("tomogram.tif"));
        TiltSeries ts = new TiltSeries(s.tilts().series().views(), TiltSeries.angleRange(-60, 60, 6));
        assertSameValues(Reconstruct.run(ts, Reconstruct.Options.defaults().withMethod(Reconstruct.Method.SIRT).withThickness(12).withIterations(3, 0)
                .withDevice("cpu")).volume(), out.resolve("sirt.tif"));

        Pick.Result picks = Pick.run(s.truth().volume(), Pick.Options.of(1.2).withTop(12).withPolarity("bright"));
        double[][] table = csv(out.resolve("picks.csv"), "x", "y", "z", "score");
        assertEquals(picks.particles().size(), table.length);
        for (int i = 0; i < table.length; i++) {
            Pick.Particle q = picks.particles().get(i);
            assertArrayEquals(new double[] {q.x(), q.y(), q.z(), q.score()}, table[i], 1e-4 * Math.max(1, Math.abs(q.score())), "pick " + i);
        }
        Path apiStar = dir.resolve("api.star");
        picks.writeStar(apiStar, "voxel", "phantom");
        assertArrayEquals(Files.readAllBytes(apiStar), Files.readAllBytes(star), "the STAR file");

        Evaluate.Fsc f = Evaluate.fsc(s.truth().volume(), s.reconstruction().volume(), 0, TiltSeries.angleRange(-60, 60, 6));
        double[][] fsc = csv(out.resolve("fsc.csv"), "frequency", "fsc", "present", "missing");
        assertEquals(f.frequency().length, fsc.length);
        for (int i = 0; i < fsc.length; i++)
            assertArrayEquals(new double[] {f.frequency()[i], f.fsc()[i], f.present()[i], f.missing()[i]}, fsc[i], 1e-8, "shell " + i);

        VolumeData den = Denoise.run(model, s.reconstruction().volume(), Denoise.Options.defaults().withSinglePass(true).withDevice("cpu")).volume();
        assertSameValues(den, out.resolve("denoised.tif"));
    }

    private static void assertSameValues(VolumeData expect, Path tif) {
        ImagePlus imp = IJ.openImage(tif.toString());
        assertTrue(imp != null, tif + " was not written");
        VolumeData got = Images.volume(imp);
        assertEquals(expect.nx() + "x" + expect.ny() + "x" + expect.nz(), got.nx() + "x" + got.ny() + "x" + got.nz(), tif.toString());
        assertArrayEquals(expect.data(), got.data(), tif.toString());
        assertEquals(expect.voxelSize(), got.voxelSize(), 1e-9, tif + ": voxel size in Å from the calibration");
    }

    /** The named columns of a CSV table that ImageJ saved (one row per table row). */
    private static double[][] csv(Path file, String... columns) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> head = Arrays.asList(lines.get(0).split(","));
        int[] idx = new int[columns.length];
        for (int k = 0; k < columns.length; k++) {
            idx[k] = head.indexOf(columns[k]);
            assertTrue(idx[k] >= 0, file + ": no column " + columns[k] + " in " + head);
        }
        double[][] out = new double[lines.size() - 1][columns.length];
        for (int r = 1; r < lines.size(); r++) {
            String[] cells = lines.get(r).split(",");
            for (int k = 0; k < columns.length; k++) out[r - 1][k] = Double.parseDouble(cells[idx[k]]);
        }
        return out;
    }
}
