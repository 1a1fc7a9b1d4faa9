package org.cryograd.dual;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.fft.Fft;
import org.cryograd.fft.FourierLayout;
import org.cryograd.fft.Shells;
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
     * Fills the missing wedge of {@code original} (tilt axis y, tilt range {@code [minDeg, maxDeg]}) from
     * {@code translated}: {@code F = M F(orig) + (1 - M) a(s) F(trans)}, with {@code M} the measured-region mask of
     * {@link WedgeMask#measured} and {@code a(s)} the least-squares scale of the translation onto the original over
     * the measured voxels of radial shell {@code s} ({@link Shells}). The scale is there because an unpaired
     * translation fixes neither the sign nor the gain of its contrast (on the synthetic benchmark it came out
     * inverted), and where the translation does not explain the measured data, {@code a} is near 0 and the wedge
     * stays nearly empty instead of taking unrelated content. Both volumes are standardised first; the result is in
     * the standardised original's units.
     */
    public static Volume fill(Volume original, Volume translated, double minDeg, double maxDeg) {
        if (original.nz() != translated.nz() || original.ny() != translated.ny() || original.nx() != translated.nx())
            throw new IllegalArgumentException("WedgeCompensation.fill: original " + original.nz() + "x" + original.ny() + "x" + original.nx()
                    + " and translated " + translated.nz() + "x" + translated.ny() + "x" + translated.nx() + " differ in size");
        int nz = original.nz(), ny = original.ny(), nx = original.nx(), hx = nx / 2 + 1;
        try (MemoryScope s = MemoryScope.open()) {
            float[] m = WedgeMask.measured(TiltAxis.Y, minDeg, maxDeg, FourierLayout.HALF, nz, ny, nx).toArray();
            float[] fo = Fft.rfftn(original.standardized().toTensor(), 3).toArray(), ft = Fft.rfftn(translated.standardized().toTensor(), 3).toArray();
            int[] shell = Shells.index(FourierLayout.HALF, nz, ny, nx);
            int shells = 0;
            for (int v : shell) shells = Math.max(shells, v + 1);
            double[] num = new double[shells], den = new double[shells];
            for (int i = 0; i < m.length; i++) {
                if (m[i] < 0.5f) continue;
                double w = FourierLayout.halfMultiplicity(i % hx, nx);
                num[shell[i]] += w * ((double) fo[2 * i] * ft[2 * i] + (double) fo[2 * i + 1] * ft[2 * i + 1]);
                den[shell[i]] += w * ((double) ft[2 * i] * ft[2 * i] + (double) ft[2 * i + 1] * ft[2 * i + 1]);
            }
            float[] f = fo.clone();
            for (int i = 0; i < m.length; i++) {
                if (m[i] >= 0.5f) continue;
                float a = den[shell[i]] > 0 ? (float) (num[shell[i]] / den[shell[i]]) : 0;
                f[2 * i] = a * ft[2 * i];
                f[2 * i + 1] = a * ft[2 * i + 1];
            }
            return Volume.of(Fft.irfftn(Tensor.of(f, nz, ny, hx, 2), nz, ny, nx));
        }
    }

    /** Translates {@code original} with a model trained by {@link #trainingOptions} and fills its missing wedge. */
    public static Volume compensate(DualModel model, Volume original, double minDeg, double maxDeg) {
        return fill(original, model.translate(original), minDeg, maxDeg);
    }
}
