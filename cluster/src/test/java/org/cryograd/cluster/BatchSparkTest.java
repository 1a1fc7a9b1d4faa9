package org.cryograd.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.cryograd.cli.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cryograd batch} end to end on an embedded {@code local[2]} Spark master (one context shared by every test):
 * each output is byte-identical to the single command run on that input, for one or two tasks at a time and one or two
 * threads; a rerun after a killed run skips what is complete and finishes the rest; a corrupt input is retried, then
 * reported in the manifest while the others finish.
 */
class BatchSparkTest {
    @TempDir
    static Path dir;

    static Path tomos;
    static Path tilts;
    static Path model;

    /** One command line's outcome. */
    record Run(int rc, String out, String err) {
        @Override
        public String toString() {
            return "rc=" + rc + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    @BeforeAll
    static void start() throws IOException {
        BatchMain.quietSpark();
        BatchRun.Settings s = new BatchRun.Settings("local[2]", 1, false, 1, "cpu", null, null, false, false);
        BatchRun.shared = new JavaSparkContext(SparkContext.getOrCreate(BatchRun.conf("cryograd batch test", s)));
        // three small tomograms, their tilt series (+ .tlt), and a DUAL model trained for two steps
        tomos = Files.createDirectories(dir.resolve("tomos"));
        tilts = Files.createDirectories(dir.resolve("tilts"));
        for (int i = 1; i <= 3; i++) {
            String n = "t" + i;
            ok(cli("simulate", "phantom", "--kind", "spheres", "--size", "36,36,34", "--seed", Integer.toString(i), "--out",
                    tomos.resolve(n + ".mrc").toString()));
            ok(cli("simulate", "phantom", "--kind", "spheres", "--size", "16,16,8", "--seed", Integer.toString(i), "--out",
                    dir.resolve("small_" + n + ".mrc").toString()));
            ok(cli("--device", "cpu", "simulate", "tilts", "--volume", dir.resolve("small_" + n + ".mrc").toString(), "--range", "-60,60", "--step", "10",
                    "--snr", "5", "--seed", Integer.toString(i), "--out", tilts.resolve(n + ".mrc").toString()));
        }
        Path clean = dir.resolve("clean.mrc");
        ok(cli("simulate", "phantom", "--kind", "shapes", "--size", "36,36,34", "--seed", "9", "--out", clean.toString()));
        model = dir.resolve("run");
        ok(cli("--device", "cpu", "train-dual", "--noisy", tomos.toString(), "--clean", clean.toString(), "--out", model.toString(), "--epochs", "1",
                "--steps-per-epoch", "2"));
    }

    @AfterAll
    static void stop() {
        if (BatchRun.shared != null) BatchRun.shared.stop();
        BatchRun.shared = null;
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int rc = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    static Run batch(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int rc = BatchMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    static Run ok(Run r) {
        assertEquals(0, r.rc(), r.toString());
        return r;
    }

    static void sameBytes(Path expected, Path actual) throws IOException {
        assertTrue(Files.isRegularFile(actual), actual + " missing");
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual), actual + " differs from the single command's " + expected);
    }

    @Test
    void denoiseMatchesTheSingleCommandForAnyConcurrency() throws IOException {
        Path single = dir.resolve("den-single");
        for (int i = 1; i <= 3; i++)
            ok(cli("--device", "cpu", "denoise", "--model", model.toString(), "--in", tomos.resolve("t" + i + ".mrc").toString(), "--out",
                    single.resolve("t" + i + ".mrc").toString(), "--single-pass"));
        Path two = dir.resolve("den2"), one = dir.resolve("den1");
        Run r2 = ok(batch("denoise", "--model", model.toString(), "--in", tomos.toString(), "--out", two.toString(), "--", "--single-pass"));
        Run r1 = ok(batch("denoise", "--model", model.toString(), "--in", tomos.toString(), "--out", one.toString(), "--parallel", "1", "--threads", "1",
                "--", "--single-pass"));
        assertTrue(r2.err().contains("2 at a time") && r2.err().contains("broadcast"), r2.toString());
        assertTrue(r1.err().contains("1 at a time"), r1.toString());
        for (int i = 1; i <= 3; i++) {
            sameBytes(single.resolve("t" + i + ".mrc"), two.resolve("t" + i + ".mrc"));
            sameBytes(single.resolve("t" + i + ".mrc"), one.resolve("t" + i + ".mrc"));
            assertTrue(r2.err().contains("] t" + i + " done"), "a progress line per input\n" + r2);
        }
        Map<String, Manifest.Row> m = Manifest.read(two.resolve("manifest.csv"));
        assertEquals(3, m.size());
        for (Manifest.Row row : m.values()) {
            assertEquals(TaskResult.DONE, row.status(), row.toString());
            assertEquals(1, row.attempts());
            assertTrue(row.seconds() > 0);
            assertEquals("", row.error());
        }
        assertEquals(List.of("t1.mrc", "t2.mrc", "t3.mrc", "manifest.csv").stream().sorted().toList(), names(two));
    }

    @Test
    void rerunAfterAKilledRunSkipsCompleteInputsAndFinishesTheRest() throws IOException {
        Path single = dir.resolve("rec-single");
        for (int i = 1; i <= 3; i++)
            ok(cli("--device", "cpu", "reconstruct", "--tilts", tilts.resolve("t" + i + ".mrc").toString(), "--method", "wbp", "--out",
                    single.resolve("t" + i + ".mrc").toString()));
        // what a run killed after t1 leaves: t1 complete, t2 half-written in its temporary, the manifest with t2, t3 pending
        Path out = Files.createDirectories(dir.resolve("rec-resumed"));
        Files.copy(single.resolve("t1.mrc"), out.resolve("t1.mrc"));
        FileTime t1Time = Files.getLastModifiedTime(out.resolve("t1.mrc"));
        Files.write(out.resolve(".t2.mrc.1f2e3d.tmp"), new byte[100]);
        String in = tilts.toAbsolutePath().normalize() + "/";
        Files.writeString(out.resolve("manifest.csv"), String.join("\n", "input,output,status,attempts,seconds,metrics,error",
                in + "t1.mrc," + out.toAbsolutePath().normalize() + "/t1.mrc,done,1,2.500,,",
                in + "t2.mrc," + out.toAbsolutePath().normalize() + "/t2.mrc,pending,0,0.000,,",
                in + "t3.mrc," + out.toAbsolutePath().normalize() + "/t3.mrc,pending,0,0.000,,") + "\n");
        Run r = ok(batch("reconstruct", "--in", tilts.toString(), "--out", out.toString(), "--", "--method", "wbp"));
        assertTrue(r.err().contains("1 of 3 inputs complete already"), r.toString());
        assertFalse(r.err().contains("t1 done"), "t1 is not run again\n" + r);
        assertEquals(t1Time, Files.getLastModifiedTime(out.resolve("t1.mrc")), "t1 untouched");
        for (int i = 1; i <= 3; i++) sameBytes(single.resolve("t" + i + ".mrc"), out.resolve("t" + i + ".mrc"));
        Map<String, Manifest.Row> m = Manifest.read(out.resolve("manifest.csv"));
        assertEquals(List.of("done", "done", "done"), m.values().stream().map(Manifest.Row::status).toList());
        assertEquals(2.5, m.get(in + "t1.mrc").seconds(), "t1's row is kept from the run that made it");
        assertEquals(1, m.get(in + "t2.mrc").attempts());
        // a third run has nothing to do
        Run again = ok(batch("reconstruct", "--in", tilts.toString(), "--out", out.toString(), "--", "--method", "wbp"));
        assertTrue(again.err().contains("nothing to do"), again.toString());
    }

    @Test
    void aCorruptInputIsRetriedAndReportedWhileTheOthersFinish() throws IOException {
        Path in = Files.createDirectories(dir.resolve("tilts-with-bad"));
        for (int i = 1; i <= 3; i++) {
            Files.copy(tilts.resolve("t" + i + ".mrc"), in.resolve("t" + i + ".mrc"));
            Files.copy(tilts.resolve("t" + i + ".tlt"), in.resolve("t" + i + ".tlt"));
        }
        byte[] junk = new byte[700];
        for (int i = 0; i < junk.length; i++) junk[i] = (byte) (i * 37);
        Files.write(in.resolve("t0bad.mrc"), junk);
        Files.copy(tilts.resolve("t1.tlt"), in.resolve("t0bad.tlt"));
        Path out = dir.resolve("rec-bad");
        Run r = batch("reconstruct", "--in", in.toString(), "--out", out.toString(), "--retries", "2", "--", "--method", "wbp");
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.out().contains("3 done, 1 failed"), r.toString());
        assertTrue(r.err().contains("t0bad FAILED after 3 attempts"), r.toString());
        Map<String, Manifest.Row> m = Manifest.read(out.resolve("manifest.csv"));
        Manifest.Row bad = m.get(in.toAbsolutePath().normalize() + "/t0bad.mrc");
        assertEquals(TaskResult.FAILED, bad.status());
        assertEquals(3, bad.attempts());
        assertTrue(bad.error().contains("t0bad.mrc"), "the error names the file: " + bad.error());
        assertFalse(Files.exists(out.resolve("t0bad.mrc")));
        for (int i = 1; i <= 3; i++) {
            Path single = dir.resolve("rec-single-bad").resolve("t" + i + ".mrc");
            ok(cli("--device", "cpu", "reconstruct", "--tilts", in.resolve("t" + i + ".mrc").toString(), "--method", "wbp", "--out", single.toString()));
            sameBytes(single, out.resolve("t" + i + ".mrc"));
            assertEquals(TaskResult.DONE, m.get(in.toAbsolutePath().normalize() + "/t" + i + ".mrc").status());
        }
    }

    @Test
    void simulateThenScoreWithMetricsInTheManifest() throws IOException {
        Path sim = dir.resolve("sim");
        ok(batch("simulate", "--seeds", "4-5", "--size", "16,16,8", "--step", "15", "--snr", "3", "--out", sim.toString()));
        for (int s = 4; s <= 5; s++) {
            Path one = dir.resolve("sim-single-" + s);
            ok(cli("simulate", "phantom", "--kind", "spheres", "--size", "16,16,8", "--seed", Integer.toString(s), "--out", one.resolve("phantom.mrc").toString()));
            ok(cli("--device", "cpu", "simulate", "tilts", "--volume", one.resolve("phantom.mrc").toString(), "--range", "-60,60", "--step", "15",
                    "--seed", Integer.toString(s), "--out", one.resolve("tilts.mrc").toString(), "--angles", one.resolve("tilts.tlt").toString(), "--snr", "3"));
            for (String f : List.of("phantom.mrc", "tilts.mrc", "tilts.tlt")) sameBytes(one.resolve(f), sim.resolve("seed_" + s).resolve(f));
        }
        // score the phantoms against themselves and one another through a CSV list with a truth column
        Path list = dir.resolve("score.csv");
        Files.writeString(list, "input,name,truth\nsim/seed_4/phantom.mrc,self,sim/seed_4/phantom.mrc\nsim/seed_5/phantom.mrc,other,sim/seed_4/phantom.mrc\n");
        Path scores = dir.resolve("scores");
        ok(batch("metrics", "--in", list.toString(), "--out", scores.toString()));
        Run single = ok(cli("metrics", "--ref", sim.resolve("seed_4/phantom.mrc").toString(), "--test", sim.resolve("seed_5/phantom.mrc").toString(), "--csv"));
        assertEquals(single.out(), Files.readString(scores.resolve("other.metrics.csv")));
        Map<String, Manifest.Row> m = Manifest.read(scores.resolve("manifest.csv"));
        String[] lines = single.out().strip().split("\\R");
        String[] k = lines[0].split(","), v = lines[1].split(",");
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < k.length; i++) expected.append(i > 0 ? ";" : "").append(k[i]).append('=').append(v[i]);
        assertEquals(expected.toString(), m.get(dir.resolve("sim/seed_5/phantom.mrc").toAbsolutePath().normalize().toString()).metrics());
        assertTrue(m.get(dir.resolve("sim/seed_4/phantom.mrc").toAbsolutePath().normalize().toString()).metrics().startsWith("psnr=inf;ssim=1"),
                "a volume against itself: " + m);
    }

    @Test
    void pickFromARelion5TomogramsStarPassesNameAndPixelSize() throws IOException {
        Path star = dir.resolve("tomograms.star");
        Files.writeString(star, "data_global\n\nloop_\n_rlnTomoName #1\n_rlnTomoTiltSeriesPixelSize #2\n_rlnTomoTomogramBinning #3\n"
                + "_rlnTomoReconstructedTomogram #4\nTS_01 2.5 2.0 tomos/t1.mrc\nTS_02 2.5 2.0 tomos/t2.mrc\n");
        Path out = dir.resolve("picks");
        ok(batch("pick", "--in", star.toString(), "--out", out.toString(), "--", "--sigma", "2", "--top", "5", "--coords", "relion5"));
        for (int i = 1; i <= 2; i++) {
            Path single = dir.resolve("pick-single").resolve("TS_0" + i + ".star");
            ok(cli("pick", "--in", tomos.resolve("t" + i + ".mrc").toString(), "--out", single.toString(), "--tomo-name", "TS_0" + i, "--pixel-size", "5.0",
                    "--sigma", "2", "--top", "5", "--coords", "relion5"));
            sameBytes(single, out.resolve("TS_0" + i + ".star"));
            assertTrue(Files.readString(single).contains("TS_0" + i));
        }
    }

    @Test
    void reconstructTakesAnImodAlignmentFoundByName() throws IOException {
        Path in = Files.createDirectories(dir.resolve("tilts-xf"));
        Files.copy(tilts.resolve("t1.mrc"), in.resolve("t1.mrc"));
        Files.copy(tilts.resolve("t1.tlt"), in.resolve("t1.tlt"));
        int views = Files.readAllLines(in.resolve("t1.tlt")).stream().filter(l -> !l.isBlank()).toList().size();
        StringBuilder xf = new StringBuilder();
        for (int i = 0; i < views; i++) xf.append("1 0 0 1 ").append(i % 3 - 1).append(" 2\n");
        Files.writeString(in.resolve("t1.xf"), xf.toString());
        Path out = dir.resolve("rec-xf");
        ok(batch("reconstruct", "--in", in.toString(), "--out", out.toString(), "--", "--method", "wbp"));
        Path with = dir.resolve("rec-xf-single/with.mrc"), without = dir.resolve("rec-xf-single/without.mrc");
        ok(cli("--device", "cpu", "reconstruct", "--tilts", in.resolve("t1.mrc").toString(), "--angles", in.resolve("t1.tlt").toString(), "--xf",
                in.resolve("t1.xf").toString(), "--method", "wbp", "--out", with.toString()));
        ok(cli("--device", "cpu", "reconstruct", "--tilts", in.resolve("t1.mrc").toString(), "--method", "wbp", "--out", without.toString()));
        sameBytes(with, out.resolve("t1.mrc"));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(without), Files.readAllBytes(out.resolve("t1.mrc"))), "the .xf was applied");
    }

    @Test
    void outputsOverInputsAndUrisAreRefusedBeforeSparkRuns() {
        Run same = batch("reconstruct", "--in", tilts.toString(), "--out", tilts.toString());
        assertEquals(1, same.rc(), same.toString());
        assertTrue(same.err().contains("is one of the inputs"), same.toString());
        Run uri = batch("denoise", "--model", model.toString(), "--in", tomos.toString(), "--out", "hdfs://nn/den");
        assertEquals(1, uri.rc(), uri.toString());
        assertTrue(uri.err().contains("file system URIs are not supported"), uri.toString());
        Run none = batch("denoise", "--model", model.toString(), "--in", dir.resolve("nothing-here").toString(), "--out", dir.resolve("x").toString());
        assertEquals(1, none.rc(), none.toString());
        assertTrue(none.err().contains("no such file or directory"), none.toString());
    }

    private static List<String> names(Path d) throws IOException {
        List<String> out = new ArrayList<>();
        try (var s = Files.list(d)) {
            s.forEach(p -> out.add(p.getFileName().toString()));
        }
        return out.stream().sorted().toList();
    }
}
