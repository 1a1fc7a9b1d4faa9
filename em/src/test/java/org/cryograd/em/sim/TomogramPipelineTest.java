package org.cryograd.em.sim;

import org.cryograd.io.XfTransform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.em.geometry.Projector;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.tensor.Rng;
import org.junit.jupiter.api.Test;

/** End to end: the tomograms put the specimen where it is, with the contrast the CTF gives, once the .xf is applied. */
class TomogramPipelineTest {
    @Test
    void tomogramsLocateTheSpecimenAndFlipItsContrast() {
        SpecimenOptions so = SpecimenOptions.defaults().withBox(64, 64, 32, 10).withCounts(12, 0, 0, 0).withMinGap(10);
        Specimen sp = SpecimenBuilder.build(so, List.of(SpecimenTest.ball(3, 9, 7.9), SpecimenTest.ball(4, 11, 7.9)), new Rng(3), s -> { });
        TiltScheme ts = new TiltScheme(TiltScheme.Kind.DOSE_SYMMETRIC, -60, 60, 3, 0, 2, 1e5); // a very high dose: shot noise small
        ImagingOptions im = ImagingOptions.defaults().withAlignment(85, 20, 0.3).withDefocus(2, 0.1, 0.05, 30);
        TomogramSimulation sim = TomogramSimulator.run(sp, ts, im, 5, s -> { });
        float[] truth = sp.excess();
        double flipped = GeometryConventionTest.correlation(sim.tomogramCtf().toArray(), toDouble(truth));
        double raw = GeometryConventionTest.correlation(sim.tomogram().toArray(), toDouble(truth));
        assertTrue(flipped > 0.6, "phase-flipped tomogram correlates with the potential: " + flipped);
        assertTrue(raw < -0.6, "without CTF correction molecules are dark: " + raw);

        // ignoring the .xf (the raw views as they come off the detector) loses the specimen
        List<ViewImager.View> unaligned = new ArrayList<>();
        for (ViewImager.View g : sim.geometry())
            unaligned.add(new ViewImager.View(g.tiltDeg(), g.defocusUA(), g.defocusVA(), g.astigDeg(), g.midDose(), g.dose(), XfTransform.IDENTITY));
        Projector p = new Projector(new TiltGeometry(ts.anglesDeg(), TiltAxis.Y), 64, 32);
        double noXf = GeometryConventionTest.correlation(TomogramSimulator.reconstruct(p, sim.raw().toArray(), unaligned, 64, 64, 10, im, true).toArray(), toDouble(truth));
        assertTrue(Math.abs(noXf) < 0.2, "without the .xf the correlation drops: " + noXf + " vs " + flipped);
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }
}
