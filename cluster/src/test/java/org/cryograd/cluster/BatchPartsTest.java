package org.cryograd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch's parts that need no Spark: input lists, seeds, the manifest, completeness, error lines. */
class BatchPartsTest {
    private static final List<String> VOLUMES = List.of("mrc", "rec", "map");
    /** Surefire runs in the module directory; shared/ sits beside the repository. */
    private static final Path STARS = Path.of("").toAbsolutePath().getParent().resolveSibling("shared").resolve("interop/data/star");

    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeAll
    static void quiet() {
        BatchMain.quietSpark(); // SparkConf below starts Spark's logging
    }

    private Path touch(String rel) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[] {1});
        return p;
    }

    @Test
    void aDirectoryGivesItsFilesWithTheJobsExtensionsSorted() throws IOException {
        touch("in/b.rec");
        touch("in/a.mrc");
        touch("in/c.mrc.gz");
        touch("in/notes.txt");
        touch("in/.a.mrc.1f.tmp");
        touch("in/sub/d.mrc");
        List<BatchInput> in = InputLists.resolve(dir.resolve("in").toString(), null, VOLUMES, true);
        assertEquals(List.of("a", "b", "c"), in.stream().map(BatchInput::name).toList());
        assertTrue(Double.isNaN(in.get(0).pixelSize()));
    }

    @Test
    void aGlobMatchesBelowItsFixedDirectory() throws IOException {
        touch("g/x/TS_1.st");
        touch("g/y/TS_2.st");
        touch("g/y/other.st");
        touch("g/y/TS_3.mrc");
        List<BatchInput> in = InputLists.resolve(dir.resolve("g") + "/*/TS_*.st", null, List.of("st"), false);
        assertEquals(List.of("TS_1", "TS_2"), in.stream().map(BatchInput::name).toList());
        assertEquals(dir.resolve("g/y/TS_2.st"), in.get(1).file());
        assertThrows(IllegalArgumentException.class, () -> InputLists.resolve(dir.resolve("g") + "/*/none_*.st", null, List.of("st"), false));
    }

    @Test
    void aCsvListResolvesAgainstItsDirectoryOrData() throws IOException {
        Path csv = dir.resolve("list.csv");
        Files.writeString(csv, "input,name,pixel_size,truth\r\nvols/a.mrc,first,2.5,truth/a.mrc\r\n\"vols/b,c.mrc\",,,\r\n");
        List<BatchInput> in = InputLists.resolve(csv.toString(), null, VOLUMES, true);
        assertEquals(2, in.size());
        assertEquals(new BatchInput("first", dir.resolve("vols/a.mrc"), 2.5, dir.resolve("truth/a.mrc"), Map.of()), in.get(0));
        assertEquals("b,c", in.get(1).name());
        assertEquals(Path.of("/data/vols/a.mrc"), InputLists.resolve(csv.toString(), Path.of("/data"), VOLUMES, true).get(0).file());
        Files.writeString(csv, "file\nx.mrc\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputLists.resolve(csv.toString(), null, VOLUMES, true));
        assertTrue(e.getMessage().contains("no 'input' column"), e.getMessage());
    }

    @Test
    void aRelion5TomogramsStarGivesNamesFilesAndVoxelSizes() throws IOException {
        Path star = STARS.resolve("cylindra_r5_tomograms.star");
        assumeTrue(Files.isRegularFile(star), "shared data absent: " + star);
        List<BatchInput> tomos = InputLists.resolve(star.toString(), Path.of("/proj"), VOLUMES, true);
        assertEquals(List.of("TS_01", "TS_02"), tomos.stream().map(BatchInput::name).toList());
        assertEquals(Path.of("/proj/Tomograms/job_tomo/tomograms/13pf_MT.mrc"), tomos.get(0).file());
        assertEquals(10.52 * 1.0, tomos.get(0).pixelSize(), 1e-12);
        // tilt series: by name in the data directory, the tilt-series pixel size
        List<BatchInput> ts = InputLists.resolve(star.toString(), Path.of("/proj"), List.of("mrc", "st"), false);
        assertEquals(Path.of("/proj/TS_02.mrc"), ts.get(1).file());
        assertEquals(Map.of("--tilt-star", Path.of("/proj/Tomograms/job_tomo/tilt_series/14pf_MT.star")), ts.get(1).files());
        assertEquals(Map.of(), tomos.get(1).files(), "a tomogram job takes no tilt-series STAR");
        Path warp = STARS.resolve("tomodrgn_warptools_test_4-tomos_10-ptcls_box-32_angpix-12_tomograms.star");
        assumeTrue(Files.isRegularFile(warp), "shared data absent: " + warp);
        List<BatchInput> w = InputLists.resolve(warp.toString(), Path.of("/w"), VOLUMES, true);
        assertEquals(4, w.size());
        assertEquals(Path.of("/w/" + w.get(0).name() + ".mrc"), w.get(0).file());
        assertFalse(Double.isNaN(w.get(0).pixelSize()));
    }

    @Test
    void reconstructFindsMetadataByNameUnlessAListOrThePassThroughGivesIt() throws IOException {
        Path ts = touch("m/TS.mrc");
        for (String f : List.of("TS.xf", "TS.mrc.mdoc", "TS.tlt", "TS.rawtlt", "TS.defocus")) touch("m/" + f);
        Path m = dir.resolve("m");
        assertEquals(Map.of("--xf", m.resolve("TS.xf"), "--mdoc", m.resolve("TS.mrc.mdoc"), "--defocus", m.resolve("TS.defocus"), "--angles",
                m.resolve("TS.tlt")), ReconstructBatch.metadata(BatchInput.of(ts), List.of()));
        assertEquals(Map.of("--mdoc", m.resolve("TS.mrc.mdoc"), "--defocus", m.resolve("TS.defocus"), "--angles", m.resolve("TS.tlt")),
                ReconstructBatch.metadata(BatchInput.of(ts), List.of("--method", "wbp", "--xf", "other.xf")));
        Path u = touch("m/U.st");
        touch("m/U.aln");
        touch("m/U.tlt");
        assertEquals(Map.of("--aln", m.resolve("U.aln")), ReconstructBatch.metadata(BatchInput.of(u), List.of()), "AreTomo's tilts, not a .tlt");
        BatchInput listed = new BatchInput("U", u, Double.NaN, null, Map.of("--tilt-star", Path.of("/p/U.star")));
        assertEquals(Map.of("--tilt-star", Path.of("/p/U.star"), "--aln", m.resolve("U.aln")), ReconstructBatch.metadata(listed, List.of()));
        Path v = touch("m/V.mrc");
        assertEquals(Map.of(), ReconstructBatch.metadata(BatchInput.of(v), List.of()), "nothing beside it: the command reports what it lacks");
    }

    @Test
    void twoInputsOfOneNameAreRefused() throws IOException {
        touch("d/x/a.mrc");
        touch("d/y/a.mrc");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InputLists.resolve(dir.resolve("d") + "/*/*.mrc", null, VOLUMES, true));
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void seedsAreACountARangeOrAList() {
        assertEquals(List.of(1L, 2L, 3L), SimulateBatch.parseSeeds("3"));
        assertEquals(List.of(4L, 5L, 6L), SimulateBatch.parseSeeds("4-6"));
        assertEquals(List.of(1L, 7L, 8L, 9L), SimulateBatch.parseSeeds("9,1,7-8,8"));
        assertThrows(IllegalArgumentException.class, () -> SimulateBatch.parseSeeds("a"));
        assertThrows(IllegalArgumentException.class, () -> SimulateBatch.parseSeeds("6-4"));
        assertThrows(IllegalArgumentException.class, () -> SimulateBatch.parseSeeds("0"));
    }

    @Test
    void theManifestRoundTripsQuotedFieldsAndIsWrittenWhole() throws IOException {
        TaskSpec a = new TaskSpec("a", "/in/a,1.mrc", "/out/a.mrc", List.of("/out/a.mrc"), List.of(TaskSpec.Step.of(List.of("info"))));
        TaskSpec b = new TaskSpec("b", "/in/b.mrc", "/out/b.mrc", List.of("/out/b.mrc"), List.of(TaskSpec.Step.of(List.of("info"))));
        Path f = dir.resolve("m/manifest.csv");
        Manifest m = new Manifest(f, List.of(a, b));
        m.put(Manifest.Row.of(a, new TaskResult("a", TaskResult.FAILED, 2, 1.25, "", "denoise: error: --in \"x\": bad,\nworse")));
        m.write();
        Map<String, Manifest.Row> back = Manifest.read(f);
        assertEquals(List.of("/in/a,1.mrc", "/in/b.mrc"), List.copyOf(back.keySet()));
        assertEquals("denoise: error: --in \"x\": bad,\nworse", back.get("/in/a,1.mrc").error());
        assertEquals(2, back.get("/in/a,1.mrc").attempts());
        assertEquals(TaskResult.PENDING, back.get("/in/b.mrc").status());
        assertTrue(Files.readString(f).startsWith("input,output,status,attempts,seconds,metrics,error\n"));
        try (var s = Files.list(f.getParent())) {
            assertEquals(1, s.count(), "no temporary left");
        }
        Files.writeString(f, "a,b\n1,2\n");
        IOException e = assertThrows(IOException.class, () -> Manifest.read(f));
        assertTrue(e.getMessage().contains("not a batch manifest"), e.getMessage());
        assertTrue(Manifest.read(dir.resolve("none.csv")).isEmpty());
    }

    @Test
    void aTaskIsCompleteWhenEveryOutputExistsAndIsNotOlderThanItsInput() throws IOException {
        Path in = touch("c/in.mrc"), o1 = dir.resolve("c/out/x.mrc"), o2 = dir.resolve("c/out/x.tlt");
        TaskSpec t = new TaskSpec("x", in.toString(), o1.toString(), List.of(o1.toString(), o2.toString()), List.of(TaskSpec.Step.of(List.of("info"))));
        assertFalse(BatchRun.complete(t));
        touch("c/out/x.mrc");
        assertFalse(BatchRun.complete(t), "one of two outputs");
        touch("c/out/x.tlt");
        assertTrue(BatchRun.complete(t));
        Files.setLastModifiedTime(in, FileTime.fromMillis(Files.getLastModifiedTime(o1).toMillis() + 60_000));
        assertFalse(BatchRun.complete(t), "the input changed after the outputs were made");
    }

    @Test
    void theErrorLineAndMetricsComeFromTheCommandsOutput() {
        assertEquals("cryograd reconstruct: error: --tilts x.mrc: too short",
                TaskRunner.errorLine("device: cpu\ncryograd reconstruct: error: --tilts x.mrc: too short\njava.lang.Exception\n\tat a.b(C.java:1)\n"));
        assertEquals("last", TaskRunner.errorLine("first\nlast\n\n"));
        assertEquals("psnr=12.5;ssim=0.9", TaskRunner.csvMetrics("psnr,ssim\n12.5,0.9\n"));
        assertEquals("", TaskRunner.csvMetrics("psnr,ssim\n"));
    }

    @Test
    void fileSystemUrisAreRefusedAndFileUrisAreLocalPaths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchCommand.localPath("s3a://bucket/den", "--out"));
        assertTrue(e.getMessage().startsWith("--out s3a://bucket/den: file system URIs are not supported"), e.getMessage());
        assertEquals(Path.of("/data/den"), BatchCommand.localPath("file:///data/den", "--out"));
        assertEquals(Path.of("rel/den"), BatchCommand.localPath("rel/den", "--out"));
    }

    @Test
    void sparkSettingsFollowTheOptions() {
        assumeTrue(System.getProperty("spark.master") == null, "run under spark-submit");
        org.apache.spark.SparkConf plain = BatchRun.conf("app", new BatchRun.Settings(null, 1, false, 1, "cpu", null, null, false, false));
        assertEquals("local[*]", plain.get("spark.master"));
        assertEquals("false", plain.get("spark.ui.enabled"), "no Jersey on the embedded class path");
        assertFalse(plain.contains("spark.task.resource.gpu.amount"));
        assertFalse(plain.contains("spark.task.cpus"));
        org.apache.spark.SparkConf gpu = BatchRun.conf("app", new BatchRun.Settings("spark://h:7077", 4, true, 1, "cpu", null, null, false, false));
        assertEquals("spark://h:7077", gpu.get("spark.master"));
        assertEquals("1", gpu.get("spark.task.resource.gpu.amount"));
        assertEquals("1", gpu.get("spark.executor.resource.gpu.amount"));
        assertEquals("4", gpu.get("spark.task.cpus"));
        assertFalse(gpu.contains("spark.driver.bindAddress"), "a cluster driver binds as Spark decides");
    }
}
