package org.cryograd.dual;

import java.io.IOException;
import java.nio.file.Path;
import org.cryograd.io.MrcHeader;
import org.cryograd.io.MrcMode;
import org.cryograd.io.MrcReader;
import org.cryograd.io.MrcWriter;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Tensor;

/**
 * Library entry point of {@code cryograd denoise --method dual}: applies a trained model's denoiser Dn to a whole
 * tomogram of any size by blended overlapping tiles ({@link TiledInference}), reading the input by z-slabs.
 */
public final class DualDenoise {
    private DualDenoise() {}

    /**
     * Denoises {@code inMrc} into {@code outMrc} (float32, the input's voxel size, origin and labels; values in the
     * clean domain's standardised units). The output is written atomically.
     *
     * @param modelDir a directory written by {@link DualModel#save} (e.g. {@code <train out>/model})
     * @return the denoised volume
     */
    public static Volume run(Path modelDir, Path inMrc, Path outMrc) throws IOException {
        return run(modelDir, inMrc, outMrc, Device.cpu());
    }

    /** {@link #run(Path, Path, Path)} with the denoiser on {@code device}. */
    public static Volume run(Path modelDir, Path inMrc, Path outMrc, Device device) throws IOException {
        return run(DualModel.load(modelDir, device), inMrc, outMrc);
    }

    /** {@link #run(Path, Path, Path)} with a loaded model (a single pass per tile). */
    public static Volume run(DualModel model, Path inMrc, Path outMrc) throws IOException {
        return run(model, inMrc, outMrc, Augment.NONE);
    }

    /**
     * {@link #run(Path, Path, Path)} with a loaded model, averaging the denoiser over {@code flips}
     * ({@link DualModel#denoise(VolumeSource, Augment)}; the CLI averages over the model's training flips,
     * {@link DualConfig#augment()}, by default).
     */
    public static Volume run(DualModel model, Path inMrc, Path outMrc, Augment flips) throws IOException {
        Volume out;
        MrcHeader header;
        try (MrcReader r = MrcReader.open(inMrc)) {
            header = r.header();
            out = model.denoise(VolumeSource.mrc(r), flips);
        }
        write(outMrc, out, header);
        return out;
    }

    static void write(Path file, Volume v, MrcHeader like) throws IOException {
        MrcHeader h = like.toBuilder().mode(MrcMode.FLOAT32).build();
        try (Tensor t = Tensor.of(v.data(), v.nz(), v.ny(), v.nx())) {
            MrcWriter.write(file, t, h);
        }
    }
}
