package org.cryograd.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.cryograd.coordnet.CnConfig;
import org.cryograd.coordnet.CoordNetReconstructor;
import org.cryograd.em.geometry.Projector;
import org.cryograd.em.geometry.TiltSimulation;
import org.cryograd.em.phantom.PhantomKind;
import org.cryograd.em.phantom.Phantoms;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.io.MrcFile;
import org.cryograd.io.MrcWriter;
import org.cryograd.io.TiltAngles;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example on a tiny tilt series read from files: its output is the library's reconstruction of that series. */
class ReconstructTiltSeriesTest {
    @Test
    void reconstructsATinyTiltSeriesFromFiles(@TempDir Path dir) throws Exception {
        int nx = 16, ny = 8, nz = 8;
        TiltGeometry g = TiltGeometry.range(-60, 60, 4, TiltAxis.Y);
        Projector p = new Projector(g, nx, nz);
        Tensor tilts = TiltSimulation.project(p, Phantoms.make(PhantomKind.SPHERES, new Rng(2), nx, ny, nz));
        Path ts = dir.resolve("ts.mrc"), tlt = dir.resolve("ts.tlt"), out = dir.resolve("rec.mrc");
        MrcWriter.write(ts, tilts, 2.0);
        TiltAngles.write(tlt, g.anglesDeg());

        ReconstructTiltSeries.main(new String[] {ts.toString(), tlt.toString(), Integer.toString(nz), out.toString()});

        MrcFile rec = MrcFile.read(out);
        assertArrayEquals(new int[] {nz, ny, nx}, rec.data().dims());
        assertArrayEquals(new double[] {2.0, 2.0, 2.0}, rec.header().voxelSize(), 1e-6);
        Tensor expect = new CoordNetReconstructor(CnConfig.quick()).reconstruct(p, MrcFile.read(ts).data());
        assertArrayEquals(expect.toArray(), rec.data().toArray(), 0f);
        float max = 0;
        for (float v : rec.data().toArray()) max = Math.max(max, Math.abs(v));
        assertTrue(max > 0, "a non-empty reconstruction");
    }
}
