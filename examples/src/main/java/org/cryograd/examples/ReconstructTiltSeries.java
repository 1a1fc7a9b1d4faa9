package org.cryograd.examples;

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
import org.cryograd.nn.train.Stage;
import org.cryograd.nn.train.TrainingListener;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * Reconstructs a tilt series (tilt axis y) with a coordinate network.
 * Usage: {@code ReconstructTiltSeries TS.mrc TS.tlt THICKNESS OUT.mrc}, or {@code ReconstructTiltSeries [OUT.mrc]} to
 * reconstruct a simulated 32 x 32 x 16 phantom (61 views, -60..60 degrees).
 */
public final class ReconstructTiltSeries {
    private ReconstructTiltSeries() {}

    public static void main(String[] args) throws Exception {
        Tensor tilts;
        double[] angles;
        int thickness;
        double voxelSize = 0;
        if (args.length == 4) {                                   // a measured tilt series: MRC stack + IMOD .tlt
            MrcFile stack = MrcFile.read(Path.of(args[0]));
            tilts = stack.data();                                 // [views, ny, nx]
            angles = TiltAngles.read(Path.of(args[1]));
            thickness = Integer.parseInt(args[2]);
            voxelSize = stack.header().voxelSize()[0];
        } else {                                                  // no data: simulate a phantom and project it
            angles = TiltGeometry.standard().anglesDeg();
            thickness = 16;
            Tensor phantom = Phantoms.make(PhantomKind.SPHERES, new Rng(1), 32, 32, thickness);
            tilts = TiltSimulation.project(new Projector(TiltGeometry.standard(), 32, thickness), phantom);
        }
        Path out = Path.of(args.length == 4 ? args[3] : args.length == 1 ? args[0] : "reconstruction.mrc");

        Projector projector = new Projector(new TiltGeometry(angles, TiltAxis.Y), tilts.dim(2), thickness);
        TrainingListener progress = new TrainingListener() {
            @Override
            public void finished(Stage stage) {
                System.out.printf("%s done%n", stage.name());       // "chunk 2/5"
            }
        };
        Tensor volume = new CoordNetReconstructor(CnConfig.quick()).reconstruct(projector, tilts, null, progress);
        MrcWriter.write(out, volume, voxelSize);                  // [thickness, ny, nx], written atomically
        System.out.println("wrote " + out);
    }
}
