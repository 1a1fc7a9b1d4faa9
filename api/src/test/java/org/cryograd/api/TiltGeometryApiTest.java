package org.cryograd.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cryograd.em.geometry.Defocus;
import org.cryograd.em.geometry.TiltSeriesGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tilt-series metadata of the API: reconstruction with a per-view geometry, {@link Reconstruct#prepare} (views
 * excluded, dose weighting, what the corrections need), {@code .mdoc} angles and the thickness label.
 */
class TiltGeometryApiTest {
    static final double[] ANGLES = {-40, -20, 0, 20, 40};

    /** A 24x16x8 phantom projected to five views, 2 Å per pixel. */
    static TiltSeries series() {
        VolumeData v = Simulate.phantom(Simulate.PhantomOptions.defaults().withSize(24, 16, 8).withSeed(2).withVoxelSize(2)).volume();
        return Simulate.tiltSeries(v, Simulate.TiltOptions.defaults().withRange(-40, 40, 20).withDevice("cpu")).series();
    }

    @Test
    void theIdealGeometryGivesWhatTheAnglesGive() {
        TiltSeries ts = series();
        Reconstruct.Options o = Reconstruct.Options.defaults().withMethod(Reconstruct.Method.SIRT).withIterations(3, 0).withDevice("cpu");
        Reconstruct.Result a = Reconstruct.run(ts, o);
        Reconstruct.Result g = Reconstruct.run(ts, TiltSeriesGeometry.ideal(ANGLES), o, ProgressListener.NONE, Cancellation.NONE);
        assertEquals(a.volume(), g.volume());
        assertArrayEquals(ANGLES, g.anglesDeg());
        assertEquals(8, g.thickness(), "the thickness the series records");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Reconstruct.run(ts, TiltSeriesGeometry.ideal(0, 10), o, ProgressListener.NONE, Cancellation.NONE));
        assertEquals("the geometry describes 2 views but the tilt series has 5 (sections); they must match", e.getMessage());
    }

    @Test
    void excludedViewsAreDroppedAndTheRestKept() {
        TiltSeries ts = series();
        TiltSeriesGeometry g = TiltSeriesGeometry.ideal(ANGLES).withPixelSize(2).withExcluded(1, 4);
        TiltSeries p = Reconstruct.prepare(ts, g, Reconstruct.Correction.none());
        assertEquals(3, p.viewCount());
        assertArrayEquals(new double[] {-40, 0, 20}, p.anglesDeg());
        assertEquals(2.0, p.views().voxelSize());
        assertEquals(8, p.thickness());
        int plane = 24 * 16;
        int[] kept = {0, 2, 3};
        for (int k = 0; k < kept.length; k++)
            for (int i = 0; i < plane; i++)
                assertEquals(ts.views().data()[kept[k] * plane + i], p.views().data()[k * plane + i], 1e-5, "view " + kept[k] + " voxel " + i);
        // the included views reconstruct to what the same views given as an aligned series give
        Reconstruct.Options o = Reconstruct.Options.defaults().withMethod(Reconstruct.Method.WBP).withDevice("cpu");
        Reconstruct.Result raw = Reconstruct.run(ts, g, o, ProgressListener.NONE, Cancellation.NONE);
        Reconstruct.Result aligned = Reconstruct.run(p, o);
        assertArrayEquals(new double[] {-40, 0, 20}, raw.anglesDeg());
        float[] a = raw.volume().data(), b = aligned.volume().data();
        for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], 1e-4, "voxel " + i);
    }

    @Test
    void doseWeightingKeepsAnUnexposedViewAndDampsAnExposedOne() {
        TiltSeries ts = series();
        TiltSeriesGeometry g = TiltSeriesGeometry.ideal(ANGLES).withPixelSize(2);
        double[] pre = {0, 30, 60, 90, 120};
        for (int i = 0; i < pre.length; i++) g = g.withView(i, g.view(i).withExposure(pre[i], 30));
        TiltSeries p = Reconstruct.prepare(ts, g, Reconstruct.Correction.none().withDoseWeighting(true));
        int plane = 24 * 16;
        float[] in = ts.views().data(), out = p.views().data();
        for (int i = 0; i < plane; i++) assertEquals(in[i], out[i], 1e-4, "view 1 had no exposure before it: unchanged, voxel " + i);
        // the filter only lowers Fourier amplitudes above zero frequency: the exposed view keeps its mean and loses variance
        assertEquals(mean(in, 4 * plane, plane), mean(out, 4 * plane, plane), 1e-4);
        assertTrue(variance(out, 4 * plane, plane) < 0.9 * variance(in, 4 * plane, plane), "120 e/Å² before the view damps its detail");
    }

    @Test
    void correctionsNameWhatTheGeometryLacks() {
        TiltSeries ts = series();
        Reconstruct.Correction ctf = Reconstruct.Correction.none().withCtfCorrection(true, 2000, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reconstruct.prepare(ts, TiltSeriesGeometry.ideal(ANGLES), ctf));
        assertEquals("CTF correction needs the pixel size; the geometry has none", e.getMessage());
        TiltSeriesGeometry g = TiltSeriesGeometry.ideal(ANGLES).withPixelSize(2);
        for (int i = 0; i < 5; i++) if (i != 2) g = g.withView(i, g.view(i).withDefocus(Defocus.of(30000)));
        TiltSeriesGeometry lacksOne = g;
        e = assertThrows(IllegalArgumentException.class, () -> Reconstruct.prepare(ts, lacksOne, ctf));
        assertEquals("CTF correction needs a defocus for every view; view 3 has none", e.getMessage());
        assertEquals(4, Reconstruct.prepare(ts, lacksOne.withExcluded(2), ctf).viewCount(), "an excluded view needs no defocus");
        e = assertThrows(IllegalArgumentException.class, () -> Reconstruct.prepare(ts, lacksOne, Reconstruct.Correction.none().withDoseWeighting(true)));
        assertEquals("dose weighting needs the exposure before every view; view 1 has none", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Reconstruct.Correction.none().withMicroscope(0, 2.7, 0.07));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Reconstruct.Correction.none().withCtfCorrection(true, -1, false));
        assertEquals("defocus tolerance must be >= 0 Å, got -1.0", e.getMessage());
    }

    @Test
    void mdocAnglesAndThicknessLabel(@TempDir Path dir) throws IOException {
        Path mdoc = dir.resolve("ts.mrc.mdoc");
        StringBuilder sb = new StringBuilder("PixelSpacing = 2.0\n");
        // recorded in dose-symmetric order; the sections are in stack order
        double[] prior = {60, 30, 0, 45, 90};
        for (int i = 0; i < ANGLES.length; i++)
            sb.append("\n[ZValue = ").append(i).append("]\nTiltAngle = ").append(ANGLES[i]).append("\nExposureDose = 15\nPriorRecordDose = ").append(prior[i])
                    .append('\n');
        Files.writeString(mdoc, sb.toString());
        assertArrayEquals(ANGLES, TiltSeries.readAngles(mdoc));
        TiltSeriesGeometry g = TiltSeries.readMdoc(mdoc);
        assertEquals(2.0, g.pixelSize());
        for (int i = 0; i < ANGLES.length; i++) assertEquals(prior[i], g.view(i).preExposure());

        TiltSeries ts = series();
        Path mrc = dir.resolve("ts.mrc"), tlt = dir.resolve("ts.tlt");
        ts.write(mrc, tlt);
        TiltSeries fromMdoc = TiltSeries.read(mrc, mdoc);
        assertEquals(TiltSeries.read(mrc, tlt), fromMdoc);
        assertEquals(8, fromMdoc.thickness());

        assertEquals(12, TiltSeries.recordedThickness(List.of("something else", TiltSeries.THICKNESS_LABEL + 12)));
        assertEquals(0, TiltSeries.recordedThickness(List.of("cryograd reconstruct --method wbp")));
        Path bad = dir.resolve("bad.mdoc");
        Files.writeString(bad, "PixelSpacing = 2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TiltSeries.readAngles(bad));
        assertTrue(e.getMessage().contains("bad.mdoc") && e.getMessage().contains("ZValue"), e.getMessage());
    }

    private static double mean(float[] v, int from, int n) {
        double s = 0;
        for (int i = from; i < from + n; i++) s += v[i];
        return s / n;
    }

    private static double variance(float[] v, int from, int n) {
        double m = mean(v, from, n), s = 0;
        for (int i = from; i < from + n; i++) s += (v[i] - m) * (v[i] - m);
        return s / n;
    }
}
