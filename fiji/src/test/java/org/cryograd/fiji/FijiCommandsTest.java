package org.cryograd.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every menu command run the way a macro runs it ({@code IJ.run(imp, "Command", "key=value ...")}) in a headless
 * ImageJ (java.awt.headless=true, patched by ij1-patcher as Fiji does), on small synthetic stacks: the images, tables
 * and selections it makes hold exactly what the embedding API returns for the same input and options.
 */
class FijiCommandsTest {
    @TempDir
    Path dir;

    static final Map<String, String> MENU = new LinkedHashMap<>();

    static {
        MENU.put("Reconstruct tilt series", "org.cryograd.fiji.ReconstructPlugin");
        MENU.put("Denoise tomogram", "org.cryograd.fiji.DenoisePlugin");
        MENU.put("Simulate tomogram", "org.cryograd.fiji.SimulatePlugin");
        MENU.put("Pick particles", "org.cryograd.fiji.PickPlugin");
        MENU.put("FSC of two volumes", "org.cryograd.fiji.FscPlugin");
    }

    /** A noisy tilt series of a 24 x 16 x 12 phantom, 2.5 Å voxels, -60..60 degrees step 6. */
    static Simulate.Tilts tilts() {
        VolumeData truth = Simulate.phantom(Simulate.PhantomOptions.defaults().withSize(24, 16, 12).withSeed(3).withVoxelSize(2.5)).volume();
        return Simulate.tiltSeries(truth, Simulate.TiltOptions.defaults().withRange(-60, 60, 6).withNoise(5, 2).withDevice("cpu"));
    }

    static ImagePlus open(String title, VolumeData v) {
        ImagePlus imp = Images.image(title, v);
        imp.show();
        return imp;
    }

    static VolumeData result(String title) {
        ImagePlus out = WindowManager.getImage(title);
        assertNotNull(out, "no image '" + title + "' after the command; open: " + String.join(", ", WindowManager.getImageTitles()));
        VolumeData v = Images.volume(out);
        out.close();
        return v;
    }

    @Test
    void imageJsPluginLoaderReadsTheDescriptor() throws Exception {
        IJ.run("Close All");
        @SuppressWarnings("unchecked")
        Map<String, String> commands = Menus.getCommands();
        for (Map.Entry<String, String> e : MENU.entrySet()) {
            assertEquals(e.getValue(), commands.get(e.getKey()), "Menus.getCommands() for '" + e.getKey() + "'");
            assertTrue(PlugIn.class.isAssignableFrom(Class.forName(e.getValue())), e.getValue() + " is an ij.plugin.PlugIn");
        }
        try (InputStream in = FijiCommandsTest.class.getResourceAsStream("/plugins.config")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            long entries = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
            assertEquals(MENU.size(), entries, "one descriptor line per command");
            text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> assertTrue(l.startsWith("Plugins>cryograd, \""), l));
        }
    }

    @Test
    void reconstructEachMethod() throws IOException {
        Simulate.Tilts t = tilts();
        ImagePlus imp = open("ts.mrc", t.series().views());
        // angles typed as a range
        IJ.run(imp, "Reconstruct tilt series", "angles=-60,60,6 method=wbp thickness=12 filter=hann device=cpu");
        Reconstruct.Options base = Reconstruct.Options.defaults().withThickness(12).withDevice("cpu");
        TiltSeries ts = new TiltSeries(t.series().views(), TiltSeries.angleRange(-60, 60, 6));
        assertEquals(Reconstruct.run(ts, base.withMethod(Reconstruct.Method.WBP).withFilter("hann")).volume(), result("ts-wbp"));
        // angles from a .tlt file
        Path tlt = dir.resolve("ts.tlt");
        t.write(dir.resolve("ts.mrc"), tlt);
        IJ.run(imp, "Reconstruct tilt series", "angles=[" + tlt + "] method=sirt thickness=12 iterations=3 device=cpu");
        assertEquals(Reconstruct.run(ts, base.withMethod(Reconstruct.Method.SIRT).withIterations(3, 0)).volume(), result("ts-sirt"));
        IJ.run(imp, "Reconstruct tilt series", "angles=-60,60,6 method=cn thickness=12 iterations=6 preset=quick seed=4 device=cpu");
        VolumeData cn = result("ts-cn");
        assertEquals(Reconstruct.run(ts, base.withMethod(Reconstruct.Method.CN).withIterations(6, 0).withPreset("quick").withSeed(4)).volume(), cn);
        assertEquals(2.5, cn.voxelSize(), "the calibration in Å is carried through");
        imp.close();
    }

    @Test
    void denoise() throws IOException {
        DualConfig c = DualConfig.quick().withPatchSize(16);
        DualModel m = new DualModel(c, new DualNetworks(c, new Rng(7)));
        Path model = dir.resolve("dual-run").resolve("model");
        m.save(model);
        m.saveRegistration(model);
        VolumeData tomo = Simulate.phantom(Simulate.PhantomOptions.defaults().withSize(20, 18, 17).withVoxelSize(4)).volume();
        ImagePlus imp = open("tomo", tomo);
        IJ.run(imp, "Denoise tomogram", "model=[" + model.getParent() + "] single_pass overlap=2 device=cpu");
        assertEquals(Denoise.run(model, tomo, Denoise.Options.defaults().withSinglePass(true).withOverlap(2).withDevice("cpu")).volume(), result("tomo-denoised"));
        IJ.run(imp, "Denoise tomogram", "model=[" + model + "] device=cpu");
        assertEquals(Denoise.run(model, tomo, Denoise.Options.defaults().withDevice("cpu")).volume(), result("tomo-denoised"));
        imp.close();
    }

    @Test
    void simulate() {
        IJ.run("Simulate tomogram", "kind=shapes width=20 height=12 thickness=10 seed=2 voxel_size=3 range=-60,60,5 snr=4 noise_seed=3 method=sirt "
                + "iterations=2 device=cpu show_phantom show_tilt_series");
        Simulate.Tomogram s = Simulate.tomogram(Simulate.PhantomOptions.defaults().withKind("shapes").withSize(20, 12, 10).withSeed(2).withVoxelSize(3),
                Simulate.TiltOptions.defaults().withRange(-60, 60, 5).withNoise(4, 3).withDevice("cpu"),
                Reconstruct.Options.defaults().withMethod(Reconstruct.Method.SIRT).withIterations(2, 0).withDevice("cpu"), null, null);
        assertEquals(s.truth().volume(), result("cryograd-phantom"));
        assertEquals(s.tilts().series().views(), result("cryograd-tilt-series"));
        assertEquals(s.reconstruction().volume(), result("cryograd-tomogram"));
        // in a macro a checkbox is on only when its key is given
        IJ.run("Simulate tomogram", "kind=spheres width=8 height=8 thickness=8 range=-30,30,10 method=wbp device=cpu");
        assertNull(WindowManager.getImage("cryograd-phantom"), "no show_phantom: no phantom window");
        assertNull(WindowManager.getImage("cryograd-tilt-series"), "no show_tilt_series: no tilt-series window");
        result("cryograd-tomogram");
    }

    @Test
    void pickToResultsPointsAndStar() throws IOException {
        VolumeData v = Simulate.phantom(Simulate.PhantomOptions.defaults().withSize(24, 16, 12).withSeed(3).withVoxelSize(2.5)).volume();
        ImagePlus imp = open("phantom.mrc", v);
        Path star = dir.resolve("picks.star");
        IJ.run(imp, "Pick particles", "sigma=1.2 k=1.1 top=12 nms=-1 polarity=bright border=-1 star=[" + star + "] coordinates=relion5");
        Pick.Result r = Pick.run(v, Pick.Options.of(1.2).withTop(12).withPolarity("bright"));
        assertTrue(r.particles().size() > 1, "a test that picks something");
        ResultsTable rt = ResultsTable.getResultsTable();
        assertEquals(r.particles().size(), rt.size());
        Roi roi = imp.getRoi();
        assertTrue(roi instanceof PointRoi, String.valueOf(roi));
        PointRoi points = (PointRoi) roi;
        assertEquals(r.particles().size(), points.size());
        for (int i = 0; i < rt.size(); i++) {
            Pick.Particle p = r.particles().get(i);
            assertArrayEquals(new double[] {p.x(), p.y(), p.z(), p.z() + 1, p.score()},
                    new double[] {rt.getValue("x", i), rt.getValue("y", i), rt.getValue("z", i), rt.getValue("slice", i), rt.getValue("score", i)});
            assertEquals(p.x(), points.getFloatPolygon().xpoints[i], 0.0);
            assertEquals(p.y(), points.getFloatPolygon().ypoints[i], 0.0);
            assertEquals((int) p.z() + 1, points.getPointPosition(i), "the point lies on the pick's slice");
        }
        Path apiStar = dir.resolve("api.star");
        r.writeStar(apiStar, "relion5", "phantom");
        assertArrayEquals(Files.readAllBytes(apiStar), Files.readAllBytes(star));
        imp.close();
    }

    @Test
    void fscToResultsAndPlot() {
        Simulate.Tilts t = tilts();
        VolumeData truth = Simulate.phantom(Simulate.PhantomOptions.defaults().withSize(24, 16, 12).withSeed(3).withVoxelSize(2.5)).volume();
        VolumeData rec = Reconstruct.run(t.series(), Reconstruct.Options.defaults().withMethod(Reconstruct.Method.WBP).withDevice("cpu")).volume();
        ImagePlus a = open("truth", truth), b = open("wbp", rec);
        IJ.run("FSC of two volumes", "first=truth second=wbp voxel_size=0 angles=-60,60,6");
        Evaluate.Fsc f = Evaluate.fsc(truth, rec, 0, TiltSeries.angleRange(-60, 60, 6));
        ResultsTable rt = ResultsTable.getResultsTable();
        assertEquals(f.frequency().length, rt.size());
        assertArrayEquals(f.frequency(), rt.getColumnAsDoubles(rt.getColumnIndex("frequency")));
        assertArrayEquals(f.fsc(), rt.getColumnAsDoubles(rt.getColumnIndex("fsc")));
        assertArrayEquals(f.present(), rt.getColumnAsDoubles(rt.getColumnIndex("present")));
        assertArrayEquals(f.missing(), rt.getColumnAsDoubles(rt.getColumnIndex("missing")));
        ImagePlus plot = WindowManager.getImage("FSC of truth and wbp");
        assertNotNull(plot, "a plot window");
        plot.close();
        a.close();
        b.close();
    }

    @Test
    void escCancelsAndMakesNothing() throws Exception {
        Simulate.Tilts t = tilts();
        ImagePlus imp = open("esc", t.series().views());
        // 5000 SIRT iterations take far longer than the few the job runs before it sees Esc
        Thread job = new Thread(() -> IJ.run(imp, "Reconstruct tilt series", "angles=-60,60,6 method=sirt thickness=12 iterations=5000 device=cpu"));
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        job.setUncaughtExceptionHandler((th, e) -> failed.set(e));
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            job.start();
            while (job.isAlive()) {
                IJ.setKeyDown(java.awt.event.KeyEvent.VK_ESCAPE); // what ImageJ's key listener does on Esc
                job.join(5);
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertNull(failed.get(), "the command neither failed nor cancelled the macro");
        assertTrue(!printed.toString(StandardCharsets.UTF_8).contains("error"), "no error: " + printed.toString(StandardCharsets.UTF_8));
        assertNull(WindowManager.getImage("esc-sirt"), "a cancelled reconstruction shows no image (5000 iterations would have finished)");
        assertTrue(!IJ.escapePressed(), "the command resets Esc when it stops");
        imp.close();
    }

    @Test
    void failuresAreOneLineAndMakeNothing() {
        VolumeData v = new VolumeData(new float[8 * 8 * 3], 8, 8, 3, 0);
        ImagePlus imp = open("bad", v);
        // headless, ImageJ prints the error dialog's text and cancels the macro, as for its own commands
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        RuntimeException e;
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            e = assertThrows(RuntimeException.class, () -> IJ.run(imp, "Reconstruct tilt series", "angles=-60,60,2 method=wbp device=cpu"));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("Macro canceled", e.getMessage());
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("error: 61 tilt angles but the tilt series has 3 views (sections); they must match"),
                printed.toString(StandardCharsets.UTF_8));
        assertNull(WindowManager.getImage("bad-wbp"), "61 angles for 3 views: nothing reconstructed");
        imp.close();
        assertEquals("error: 61 tilt angles but the tilt series has 3 views (sections); they must match",
                Jobs.message("Reconstruct tilt series", new IllegalArgumentException("61 tilt angles but the tilt series has 3 views (sections); they must match")));
        assertEquals("error: a; b", Jobs.message("x", new IOException("a\n  b")));
        assertEquals("internal error: NullPointerException: (no message)", Jobs.message("x", new NullPointerException()));
    }
}
