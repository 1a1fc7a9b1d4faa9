package org.cryograd.em.recon;

import org.cryograd.em.geometry.Projector;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.Tensor;

/**
 * Chooses SIRT's iteration count from the data alone, by cross-validation on held-out views: every
 * {@code every}-th view (the middle one of each group, so both ends of the tilt range stay in the fit) is left out,
 * SIRT runs on the others, and after each iteration the held-out views are predicted by projecting the estimate.
 * The iteration with the smallest relative prediction error {@code ||b_h - P_h x||^2 / ||b_h||^2} is returned: on
 * noisy data SIRT first recovers the object and then fits the noise of the views it sees, which the held-out views
 * do not share, so their error falls and then rises again. No ground truth is used, so the rule works on real data.
 *
 * <p>The count found with {@code (every - 1) / every} of the views is used for the reconstruction from all of them
 * (the usual practice; with slightly more data the optimum moves slightly later).
 */
public final class SirtStopping {
    private SirtStopping() {}

    /**
     * The held-out prediction error after every iteration and the best iteration.
     *
     * @param bestIterations 1-based index of the smallest error (the first one on ties)
     * @param heldOutError   relative error after iterations 1..max, index 0 = iteration 1
     * @param heldOutViews   indices of the views left out
     */
    public record Choice(int bestIterations, double[] heldOutError, int[] heldOutViews) {
        /** Copies the arrays. */
        public Choice {
            heldOutError = heldOutError.clone();
            heldOutViews = heldOutViews.clone();
        }

        @Override
        public double[] heldOutError() {
            return heldOutError.clone();
        }

        @Override
        public int[] heldOutViews() {
            return heldOutViews.clone();
        }
    }

    /**
     * Runs SIRT with up to {@code options.iterations()} iterations on all views but the held-out ones.
     *
     * @param every hold out one view in {@code every} (at least 3; 5 to 10 is typical)
     * @throws IllegalArgumentException if the tilt series does not match the projector, {@code every < 3}, fewer than
     *                                  3 views would be fitted, or no iteration is allowed
     */
    public static Choice choose(Projector p, Tensor tilts, SirtOptions options, int every) {
        Wbp.checkTilts("SirtStopping.choose", p, tilts);
        if (every < 3) throw new IllegalArgumentException("SirtStopping.choose: hold out one view in every >= 3 views, got " + every);
        if (options.iterations() < 1) throw new IllegalArgumentException("SirtStopping.choose: need at least 1 iteration to choose from, got " + options.iterations());
        int views = p.views();
        boolean[] out = new boolean[views];
        int held = 0;
        for (int v = every / 2; v < views; v += every) {
            out[v] = true;
            held++;
        }
        if (held == 0 || views - held < 3)
            throw new IllegalArgumentException("SirtStopping.choose: " + views + " views are too few to hold out one in " + every);
        int[] fitIdx = new int[views - held], heldIdx = new int[held];
        for (int v = 0, a = 0, b = 0; v < views; v++) {
            if (out[v]) heldIdx[b++] = v;
            else fitIdx[a++] = v;
        }
        double[] angles = p.anglesDeg();
        Projector fit = sub(p, angles, fitIdx), test = sub(p, angles, heldIdx);
        double[] err = new double[options.iterations()];
        try (Grad g = Grad.disabled(); Tensor bFit = select(tilts, fitIdx); Tensor bHeld = select(tilts, heldIdx)) {
            double norm = sumSquares(bHeld);
            Sirt.iterate(fit, bFit, options, (it, x) -> {
                try (Tensor pred = test.project(x); Tensor d = bHeld.sub(pred)) {
                    err[it - 1] = sumSquares(d) / norm;
                }
            }).close();
        }
        int best = 0;
        for (int i = 1; i < err.length; i++) if (err[i] < err[best]) best = i;
        return new Choice(best + 1, err, heldIdx);
    }

    private static Projector sub(Projector p, double[] angles, int[] idx) {
        double[] a = new double[idx.length];
        for (int i = 0; i < idx.length; i++) a[i] = angles[idx[i]];
        return new Projector(new TiltGeometry(a, org.cryograd.fft.TiltAxis.Y), p.nx(), p.nz());
    }

    private static Tensor select(Tensor tilts, int[] idx) {
        Tensor[] parts = new Tensor[idx.length];
        for (int i = 0; i < idx.length; i++) parts[i] = tilts.slice(0, idx[i], idx[i] + 1);
        return Tensor.cat(0, parts);
    }

    private static double sumSquares(Tensor t) {
        double s = 0;
        for (float v : t.toArray()) s += v * (double) v;
        return s;
    }
}
