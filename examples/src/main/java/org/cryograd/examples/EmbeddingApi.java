package org.cryograd.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cryograd.api.Cancellation;
import org.cryograd.api.Evaluate;
import org.cryograd.api.Pick;
import org.cryograd.api.ProgressListener;
import org.cryograd.api.Reconstruct;
import org.cryograd.api.Simulate;
import org.cryograd.api.TiltSeries;

/**
 * The embedding API alone: simulate a phantom and its noisy tilt series, reconstruct it by SIRT with a progress
 * listener and a cancellation token, pick particles in the result and score it by FSC against the phantom.
 * Usage: {@code EmbeddingApi [OUT_DIR]} (writes ts.mrc, ts.tlt, rec.mrc, picks.star, fsc.csv).
 */
public final class EmbeddingApi {
    private EmbeddingApi() {}

    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "embedding-api-out"));
        Simulate.Phantom truth = Simulate.phantom(Simulate.PhantomOptions.defaults().withSize(48, 32, 24).withVoxelSize(10));
        Simulate.Tilts tilts = Simulate.tiltSeries(truth.volume(), Simulate.TiltOptions.defaults().withNoise(10, 1).withDevice("cpu"));
        tilts.write(out.resolve("ts.mrc"), out.resolve("ts.tlt"));

        TiltSeries ts = TiltSeries.read(out.resolve("ts.mrc"), out.resolve("ts.tlt"));  // as a user's data would come in
        Cancellation cancel = Cancellation.create();        // cancel.cancel() from another thread stops the job
        ProgressListener progress = (stage, done, total, detail) -> {
            if (done == total) System.out.printf("%s: %d/%d %s%n", stage, done, total, detail);
        };
        Reconstruct.Result rec = Reconstruct.run(ts, Reconstruct.Options.defaults().withMethod(Reconstruct.Method.SIRT)
                .withIterations(20, 0).withDevice("cpu"), progress, cancel);
        rec.writeMrc(out.resolve("rec.mrc"));

        Pick.Result picks = Pick.run(rec.volume(), Pick.Options.of(2.0).withTop(20).withPolarity("bright"));
        picks.writeStar(out.resolve("picks.star"), "angstrom", "rec");
        Evaluate.Fsc fsc = Evaluate.fsc(truth.volume(), rec.volume());
        fsc.writeCsv(out.resolve("fsc.csv"));
        System.out.printf("%s: %d views -> %dx%dx%d at %.1f Å/voxel, %d picks, FSC 0.5 at %s%n", out, ts.viewCount(), rec.volume().nx(),
                rec.volume().ny(), rec.volume().nz(), rec.volume().voxelSize(), picks.particles().size(), fsc.text05());
    }
}
