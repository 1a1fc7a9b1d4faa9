package org.cryograd.dual;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.fft.Fft;
import org.cryograd.fft.FourierLayout;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.WedgeMask;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Tensor;

/**
 * Missing-wedge compensation with DUAL (paper Fig. 6A). Tomograms {@code [z, y, x]} with tilt axis y and light axis
 * z miss a wedge in the {@code k_x-k_z} plane around {@code k_x}; the same tomograms with x and z swapped miss it
 * around {@code k_z}: the two missing regions do not overlap (for tilt ranges wider than ±45°). DUAL trained with the
 * originals as the first ("noisy") domain and the swapped copies as the second ("clean") domain learns to translate
 * a tomogram into the swapped domain's style with its structures in place; the original's missing Fourier region is
 * then filled with the translated volume's coefficients.
 * <pre>{@code
 * DualModel m = DualTraining.train(WedgeCompensation.trainingOptions(tomos, DualConfig.defaults(), 20, out), progress);
 * Volume filled = WedgeCompensation.compensate(m, tomo, -60, 60);
 * }</pre>
 */
public final class WedgeCompensation {
    private WedgeCompensation() {}

    /** The volume with x and z swapped: {@code out[x][y][z] = in[z][y][x]}, dims {@code (nx, ny, nz)}. */
    public static Volume swapXZ(Volume v) {
        int nz = v.nz(), ny = v.ny(), nx = v.nx();
        float[] in = v.data(), out = new float[in.length];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++) out[(x * ny + y) * nz + z] = in[(z * ny + y) * nx + x];
        return new Volume(out, nx, ny, nz);
    }

    /** The second domain: every tomogram with x and z swapped. */
    public static List<Volume> swappedDomain(List<Volume> tomograms) {
        List<Volume> out = new ArrayList<>();
        for (Volume v : tomograms) out.add(swapXZ(v));
        return out;
    }

    /** Training options for compensation: the tomograms as the first domain and their swapped copies as the second. */
    public static DualTrainingOptions trainingOptions(List<Volume> tomograms, DualConfig config, int epochs, java.nio.file.Path outDir) {
        return DualTrainingOptions.ofVolumes(tomograms, swappedDomain(tomograms), config, epochs, outDir);
    }

    /**
     * Fills the missing wedge of {@code original} (tilt axis y, tilt range {@code [minDeg, maxDeg]}) with the Fourier
     * coefficients of {@code translated}: {@code F = M F(orig) + (1 - M) F(trans)} with {@code M} the measured-region
     * mask of {@link WedgeMask#measured}. Both volumes are standardised first; the result is in standardised units.
     */
    public static Volume fill(Volume original, Volume translated, double minDeg, double maxDeg) {
        if (original.nz() != translated.nz() || original.ny() != translated.ny() || original.nx() != translated.nx())
            throw new IllegalArgumentException("WedgeCompensation.fill: original " + original.nz() + "x" + original.ny() + "x" + original.nx()
                    + " and translated " + translated.nz() + "x" + translated.ny() + "x" + translated.nx() + " differ in size");
        int nz = original.nz(), ny = original.ny(), nx = original.nx();
        try (MemoryScope s = MemoryScope.open()) {
            Tensor m = WedgeMask.measured(TiltAxis.Y, minDeg, maxDeg, FourierLayout.HALF, nz, ny, nx);
            Tensor fo = Fft.rfftn(original.standardized().toTensor(), 3);
            Tensor ft = Fft.rfftn(translated.standardized().toTensor(), 3);
            Tensor f = Fft.multiply(fo, m).add(Fft.multiply(ft, m.neg().add(1f)));
            return Volume.of(Fft.irfftn(f, nz, ny, nx));
        }
    }

    /** Translates {@code original} with a model trained by {@link #trainingOptions} and fills its missing wedge. */
    public static Volume compensate(DualModel model, Volume original, double minDeg, double maxDeg) {
        return fill(original, model.translate(original), minDeg, maxDeg);
    }
}
