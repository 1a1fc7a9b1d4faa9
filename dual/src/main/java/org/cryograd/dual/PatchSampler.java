package org.cryograd.dual;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * Random unpaired training patches for DUAL: each domain's volumes are standardised once (zero mean, unit std);
 * each patch picks a volume, a corner and an {@link Augment} transform from the caller's {@link Rng}, so a seeded run
 * (and a resumed one, given the saved stream position) draws the same patches. Patches of the two domains are drawn
 * independently (unpaired).
 */
public final class PatchSampler {
    private final List<Volume> noisy, clean;
    private final int patch;
    private final Augment augment;

    /**
     * @param noisy   tomograms of the noisy domain (standardised copies are kept)
     * @param clean   density maps (or tomograms) of the clean domain
     * @param patch   patch edge; every volume must be at least this big in every dimension
     * @param augment flips applied to each patch
     */
    public PatchSampler(List<Volume> noisy, List<Volume> clean, int patch, Augment augment) {
        this.patch = patch;
        this.augment = augment;
        this.noisy = prepare("noisy", noisy, patch);
        this.clean = prepare("clean", clean, patch);
    }

    private static List<Volume> prepare(String domain, List<Volume> vols, int patch) {
        if (vols == null || vols.isEmpty()) throw new IllegalArgumentException("PatchSampler: no " + domain + " volumes");
        List<Volume> out = new ArrayList<>();
        for (int i = 0; i < vols.size(); i++) {
            Volume v = vols.get(i);
            if (v.nz() < patch || v.ny() < patch || v.nx() < patch)
                throw new IllegalArgumentException(domain + " volume " + (i + 1) + " of " + vols.size() + " (" + v.nx() + "x" + v.ny() + "x" + v.nz()
                        + " x,y,z) is smaller than the " + patch + "^3 training patch"); // DualTraining names the file first
            out.add(v.standardized());
        }
        return List.copyOf(out);
    }

    /** Patch edge. */
    public int patchSize() {
        return patch;
    }

    /** A batch of noisy-domain patches {@code [n, 1, p, p, p]}. */
    public Tensor noisy(int n, Rng rng) {
        return sample(noisy, n, rng);
    }

    /** A batch of clean-domain patches {@code [n, 1, p, p, p]}. */
    public Tensor clean(int n, Rng rng) {
        return sample(clean, n, rng);
    }

    private Tensor sample(List<Volume> vols, int n, Rng rng) {
        int p = patch, p3 = p * p * p;
        float[] out = new float[n * p3];
        for (int b = 0; b < n; b++) {
            Volume v = vols.get(rng.nextInt(vols.size()));
            int z0 = rng.nextInt(v.nz() - p + 1), y0 = rng.nextInt(v.ny() - p + 1), x0 = rng.nextInt(v.nx() - p + 1);
            int[] flips = augment.flipAxes(rng.nextInt(augment.count()));
            copyPatch(v, z0, y0, x0, p, flips, out, b * p3);
        }
        return Tensor.of(out, n, 1, p, p, p);
    }

    /**
     * Copies the {@code p}³ patch at {@code (z0, y0, x0)} of {@code v}, flipped along {@code flips} (0 = z, 1 = y,
     * 2 = x), into {@code out} at {@code offset}.
     */
    public static void copyPatch(Volume v, int z0, int y0, int x0, int p, int[] flips, float[] out, int offset) {
        boolean fz = false, fy = false, fx = false;
        for (int a : flips) {
            if (a == 0) fz = true;
            else if (a == 1) fy = true;
            else fx = true;
        }
        float[] d = v.data();
        int ny = v.ny(), nx = v.nx();
        for (int z = 0; z < p; z++) {
            int sz = z0 + (fz ? p - 1 - z : z);
            for (int y = 0; y < p; y++) {
                int sy = y0 + (fy ? p - 1 - y : y);
                int src = (sz * ny + sy) * nx + x0, dst = offset + (z * p + y) * p;
                if (fx) for (int x = 0; x < p; x++) out[dst + x] = d[src + p - 1 - x];
                else System.arraycopy(d, src, out, dst, p);
            }
        }
    }
}
