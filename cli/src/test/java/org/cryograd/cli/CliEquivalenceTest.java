package org.cryograd.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.cryograd.api.Cancellation;
import org.cryograd.api.Denoise;
import org.cryograd.api.Evaluate;
import org.cryograd.api.Pick;
import org.cryograd.api.ProgressListener;
import org.cryograd.api.Reconstruct;
import org.cryograd.api.Simulate;
import org.cryograd.api.TiltSeries;
import org.cryograd.api.VolumeData;
import org.cryograd.dual.DualConfig;
import org.cryograd.em.geometry.TiltSeriesGeometry;
import org.cryograd.dual.DualModel;
import org.cryograd.dual.DualNetworks;
import org.cryograd.tensor.Rng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line gives what the embedding API gives (the commands are layers over it): on small synthetic inputs,
 * every file the API writes equals the command's output file byte for byte, and printed numbers equal the API's values
 * as the command formats them.
 */
class CliEquivalenceTest {
    @TempDir
    static Path dir;
    static Path phantomCli, tiltsCli, tltCli;

    /** One in-process run of the command line on the CPU; fails the test with its output unless it succeeds. */
    static String cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--device";
        all[1] = "cpu";
        System.arraycopy(args, 0, all, 2, args.length);
        int rc = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(all);
        assertEquals(0, rc, () -> String.join(" ", all) + "\n" + out + err);
        return out.toString();
    }

    static void assertSameBytes(Path cli, Path api) throws IOException {
        assertTrue(Files.size(cli) > 0, cli + " is empty");
        assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(api), api + " differs from the command line's " + cli);
    }

    @BeforeAll
    static void simulateWithTheCommandLine() {
        phantomCli = dir.resolve("phantom-cli.mrc");
        tiltsCli = dir.resolve("ts-cli.mrc");
        tltCli = dir.resolve("ts-cli.tlt");
        cli("simulate", "phantom", "--kind", "spheres", "--size", "24,16,12", "--seed", "3", "--voxel-size", "2.5", "--out", phantomCli.toString());
        cli("simulate", "tilts", "--volume", phantomCli.toString(), "--range", "-60,60", "--step", "4", "--snr", "5", "--seed", "2", "--out",
                tiltsCli.toString(), "--angles", tltCli.toString());
    }

    @Test
    void simulatePhantomAndTilts() throws IOException {
        Simulate.Phantom p = Simulate.phantom(Simulate.PhantomOptions.defaults().withSize(24, 16, 12).withSeed(3).withVoxelSize(2.5));
        Path pa = dir.resolve("phantom-api.mrc");
        p.writeMrc(pa);
        assertSameBytes(phantomCli, pa);
        assertEquals(p.volume(), VolumeData.read(phantomCli), "what the file holds is what the API returned");

        Simulate.Tilts t = Simulate.tiltSeries(VolumeData.read(phantomCli),
                Simulate.TiltOptions.defaults().withRange(-60, 60, 4).withNoise(5, 2).withDevice("cpu"));
        Path ta = dir.resolve("ts-api.mrc"), tlta = dir.resolve("ts-api.tlt");
        t.write(ta, tlta);
        assertSameBytes(tiltsCli, ta);
        assertSameBytes(tltCli, tlta);
        assertEquals(12, t.series().thickness());
        assertEquals(31, t.series().viewCount());
    }

    private void reconstructs(String method, String[] extraCli, Reconstruct.Options o) throws IOException {
        Path outCli = dir.resolve("rec-" + method + "-cli.mrc"), outApi = dir.resolve("rec-" + method + "-api.mrc");
        String[] base = {"reconstruct", "--tilts", tiltsCli.toString(), "--angles", tltCli.toString(), "--method", method, "--out", outCli.toString()};
        String[] args = new String[base.length + extraCli.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extraCli, 0, args, base.length, extraCli.length);
        cli(args);
        Reconstruct.Result r = Reconstruct.run(tiltsCli, tltCli, o, ProgressListener.NONE, Cancellation.NONE);
        r.writeMrc(outApi);
        assertSameBytes(outCli, outApi);
        assertEquals(12, r.thickness(), "the thickness recorded by simulate tilts");
        assertEquals("recorded", r.thicknessSource());
        assertEquals(2.5, r.volume().voxelSize());
        // the same series held in memory gives the same volume
        Reconstruct.Result m = Reconstruct.run(TiltSeries.read(tiltsCli, tltCli), o);
        assertEquals(r.volume(), m.volume());
    }

    @Test
    void reconstructWbp() throws IOException {
        reconstructs("wbp", new String[] {"--filter", "hann"}, Reconstruct.Options.defaults().withMethod(Reconstruct.Method.WBP).withFilter("hann")
                .withDevice("cpu"));
    }

    @Test
    void reconstructSirt() throws IOException {
        reconstructs("sirt", new String[] {"--iterations", "4"}, Reconstruct.Options.defaults().withMethod(Reconstruct.Method.SIRT).withIterations(4, 0)
                .withDevice("cpu"));
    }

    @Test
    void reconstructDirectFourierInversion() throws IOException {
        reconstructs("dfi", new String[0], Reconstruct.Options.defaults().withMethod(Reconstruct.Method.DFI).withDevice("cpu"));
    }

    @Test
    void reconstructCoordinateNetwork() throws IOException {
        reconstructs("cn", new String[] {"--preset", "quick", "--iterations", "12", "--seed", "5"}, Reconstruct.Options.defaults()
                .withMethod(Reconstruct.Method.CN).withPreset("quick").withIterations(12, 0).withSeed(5).withDevice("cpu"));
    }

    @Test
    void reconstructWithMetadataAndCorrections() throws IOException {
        // the views' tilts, exposures and pixel size from an .mdoc; view 2 excluded; dose weighting; the aligned stack written
        double[] angles = TiltSeries.readAngles(tltCli);
        StringBuilder sb = new StringBuilder("PixelSpacing = 2.5\n");
        for (int i = 0; i < angles.length; i++)
            sb.append("\n[ZValue = ").append(i).append("]\nTiltAngle = ").append(angles[i]).append("\nExposureDose = 3\nPriorRecordDose = ").append(3 * i).append('\n');
        Path mdoc = dir.resolve("ts-cli.mrc.mdoc");
        Files.writeString(mdoc, sb.toString());
        Path outCli = dir.resolve("rec-dose-cli.mrc"), aliCli = dir.resolve("ali-cli.mrc");
        cli("reconstruct", "--tilts", tiltsCli.toString(), "--mdoc", mdoc.toString(), "--exclude-views", "2", "--dose-weight", "--method", "sirt",
                "--iterations", "3", "--aligned-out", aliCli.toString(), "--out", outCli.toString());

        TiltSeriesGeometry g = TiltSeries.readMdoc(mdoc).withExcluded(1);
        TiltSeries prepared = Reconstruct.prepare(TiltSeries.read(tiltsCli, tltCli), g, Reconstruct.Correction.none().withDoseWeighting(true));
        assertEquals(prepared.views(), VolumeData.read(aliCli), "the aligned, dose-weighted stack");
        assertArrayEquals(g.includedTilts(), TiltSeries.readAngles(SimulateCommand.defaultAngles(aliCli)));
        Reconstruct.Result r = Reconstruct.run(prepared, TiltSeriesGeometry.ideal(prepared.anglesDeg()), Reconstruct.Options.defaults()
                .withMethod(Reconstruct.Method.SIRT).withIterations(3, 0).withDevice("cpu"), ProgressListener.NONE, Cancellation.NONE);
        assertEquals(r.volume(), VolumeData.read(outCli));
        assertEquals(angles.length - 1, prepared.viewCount());
    }

    @Test
    void pickEvaluateAndFsc() throws IOException {
        Path rec = dir.resolve("rec-for-scores.mrc");
        cli("reconstruct", "--tilts", tiltsCli.toString(), "--angles", tltCli.toString(), "--method", "wbp", "--out", rec.toString());

        Path starCli = dir.resolve("picks-cli.star"), starApi = dir.resolve("picks-api.star");
        cli("pick", "--in", phantomCli.toString(), "--sigma", "1.2", "--top", "12", "--polarity", "bright", "--coords", "relion5", "--out", starCli.toString());
        Pick.Result picks = Pick.run(phantomCli, Pick.Options.of(1.2).withTop(12).withPolarity("bright"), ProgressListener.NONE, Cancellation.NONE);
        picks.writeStar(starApi, "relion5", "phantom-cli");
        assertSameBytes(starCli, starApi);
        assertTrue(picks.particles().size() > 0 && picks.particles().size() <= 12, picks.toString());

        String csv = cli("metrics", "--ref", phantomCli.toString(), "--test", rec.toString(), "--csv");
        Evaluate.Scores s = Evaluate.metrics(VolumeData.read(phantomCli), VolumeData.read(rec));
        assertEquals(csv.lines().skip(1).findFirst().orElseThrow(),
                String.join(",", num(s.psnr()), num(s.ssim()), num(s.vif()), num(s.resolution05()), num(s.resolution0143()), "A"));

        Path fscCli = dir.resolve("fsc-cli.csv"), fscApi = dir.resolve("fsc-api.csv");
        String printed = cli("fsc", phantomCli.toString(), rec.toString(), "--out", fscCli.toString(), "--angles", tltCli.toString(), "--directional");
        Evaluate.Fsc f = Evaluate.fsc(VolumeData.read(phantomCli), VolumeData.read(rec), 0, TiltSeries.read(tiltsCli, tltCli).anglesDeg());
        f.writeCsv(fscApi);
        assertSameBytes(fscCli, fscApi);
        assertTrue(printed.contains("FSC 0.5:   " + f.text05()), printed);
        assertTrue(printed.contains("FSC 0.143: " + f.text0143()), printed);
    }

    /** As {@code cryograd metrics --csv} writes a number. */
    private static String num(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** An untrained DUAL model with 16^3 tiles: small and fast, and as good a fixture as a trained one for equality. */
    static Path tinyModel(Path where) throws IOException {
        DualConfig c = DualConfig.quick().withPatchSize(16);
        DualModel m = new DualModel(c, new DualNetworks(c, new Rng(7)));
        m.save(where);
        m.saveRegistration(where);
        return where;
    }

    @Test
    void denoise() throws IOException {
        Path model = tinyModel(dir.resolve("model"));
        Path outCli = dir.resolve("den-cli.mrc"), outApi = dir.resolve("den-api.mrc");
        cli("denoise", "--model", model.toString(), "--in", phantomCli.toString(), "--out", outCli.toString());
        Denoise.Result r = Denoise.run(model, phantomCli, outApi, Denoise.Options.defaults().withDevice("cpu"), ProgressListener.NONE, Cancellation.NONE);
        assertSameBytes(outCli, outApi);
        assertTrue(r.passes() > 0);
        // in memory: the same values
        Denoise.Result m = Denoise.run(model, VolumeData.read(phantomCli), Denoise.Options.defaults().withDevice("cpu"));
        assertEquals(r.volume(), m.volume());
        assertEquals(r.passes(), m.passes());

        Path single = dir.resolve("den-single-cli.mrc"), singleApi = dir.resolve("den-single-api.mrc");
        cli("denoise", "--model", model.toString(), "--in", phantomCli.toString(), "--out", single.toString(), "--single-pass", "--overlap", "2");
        Denoise.run(model, phantomCli, singleApi, Denoise.Options.defaults().withSinglePass(true).withOverlap(2).withDevice("cpu"), null, null);
        assertSameBytes(single, singleApi);
    }
}
