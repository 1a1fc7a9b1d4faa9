package org.cryograd.tensor.cpu;

import static org.cryograd.tensor.cpu.CpuTrig.BIG;
import static org.cryograd.tensor.cpu.CpuTrig.C0;
import static org.cryograd.tensor.cpu.CpuTrig.C1;
import static org.cryograd.tensor.cpu.CpuTrig.C2;
import static org.cryograd.tensor.cpu.CpuTrig.DP1;
import static org.cryograd.tensor.cpu.CpuTrig.DP2;
import static org.cryograd.tensor.cpu.CpuTrig.DP3;
import static org.cryograd.tensor.cpu.CpuTrig.FOPI;
import static org.cryograd.tensor.cpu.CpuTrig.MAGIC;
import static org.cryograd.tensor.cpu.CpuTrig.S0;
import static org.cryograd.tensor.cpu.CpuTrig.S1;
import static org.cryograd.tensor.cpu.CpuTrig.S2;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.cryograd.tensor.spi.UnaryOp;

/**
 * Vector twin of {@link CpuTrig}: lane by lane the same float operations, so results are bit-identical. Blocks holding an
 * argument beyond {@code BIG} (or NaN) are left to the scalar twin.
 */
final class SimdTrig {
    private static final VectorSpecies<Float> SP = SimdGemm.SP;

    private SimdTrig() {}

    /**
     * Branch-free core, all in float lanes: {@code qOffset} 1 turns sine into cosine. No int lanes and no vector value
     * merging across a branch (JDK 17's C2 would box either).
     */
    private static FloatVector eval(FloatVector x, float qOffset) {
        FloatVector t = x.mul(FOPI).mul(0.5f);
        FloatVector q = t.add(MAGIC).sub(MAGIC);
        FloatVector y = q.mul(2f);
        FloatVector r = x.sub(y.mul(DP1)).sub(y.mul(DP2)).sub(y.mul(DP3));
        q = q.add(qOffset);
        FloatVector z = r.mul(r);
        FloatVector pc = z.mul(C0).add(C1).mul(z).add(C2).mul(z).mul(z).sub(z.mul(0.5f)).add(1f);
        FloatVector ps = z.mul(S0).add(S1).mul(z).add(S2).mul(z).mul(r).add(r);
        FloatVector h = q.mul(0.5f), g = q.mul(0.25f);
        FloatVector fh = h.sub(h.add(MAGIC).sub(MAGIC)), fg = g.sub(g.add(MAGIC).sub(MAGIC));
        FloatVector v = ps.blend(pc, fh.compare(VectorOperators.NE, 0f));
        return v.blend(v.neg(), fg.abs().compare(VectorOperators.EQ, 0.5f).or(fg.compare(VectorOperators.EQ, -0.25f)));
    }

    /**
     * True when every {@code |scale * x[k]|}, {@code lo <= k < hi}, is within the polynomial range (false for NaN).
     * A separate pass: checking inside the evaluation loop pushes C2 past its inlining node budget, which boxes
     * every vector. Rounding is monotonic, so {@code max|x| * |scale|} bounds every rounded product.
     */
    static boolean inRange(float[] x, int lo, int hi, float scale) {
        final int l = SP.length();
        FloatVector m = FloatVector.zero(SP);
        int i = lo;
        for (int e = lo + SP.loopBound(hi - lo); i < e; i += l) m = m.max(FloatVector.fromArray(SP, x, i).abs());
        float max = m.reduceLanes(VectorOperators.MAX);
        for (; i < hi; i++) max = Math.max(max, Math.abs(x[i]));
        return max * Math.abs(scale) <= BIG;
    }

    /**
     * {@code y[k] = sin(scale * x[k])} (or cos) for {@code i <= k < e}, {@code e - i} a multiple of the lane count;
     * false (nothing written) when some argument is out of range, for the scalar twin to handle.
     * Own method, not a case of the big elementwise switch, so C2 inlines the whole chain and keeps vectors in
     * registers.
     */
    static boolean unaryLoop(UnaryOp op, float scale, float[] x, float[] y, int i, int e) {
        float s = op == UnaryOp.SINE ? scale : 1f; // x * 1 == x exactly
        if (!inRange(x, i, e, s)) return false;
        final int l = SP.length();
        if (op == UnaryOp.COS) {
            for (; i < e; i += l) eval(FloatVector.fromArray(SP, x, i).mul(s), 1f).intoArray(y, i);
        } else {
            for (; i < e; i += l) {
                FloatVector t = FloatVector.fromArray(SP, x, i).mul(s);
                eval(t, 0f).blend(t, t.compare(VectorOperators.EQ, 0f)).intoArray(y, i); // sin(-0) = -0
            }
        }
        return true;
    }

    /**
     * {@code out[oo+k] = a[ao+k] * cos(p0 * b[bo+k]) * p0} for {@code 0 <= k < n}, n a multiple of the lane count;
     * false (nothing written) when some argument is out of range.
     */
    static boolean sineBackwardLoop(float p0, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        if (!inRange(b, bo, bo + n, p0)) return false;
        final int l = SP.length();
        for (int i = 0; i < n; i += l) {
            FloatVector av = FloatVector.fromArray(SP, a, ao + i);
            FloatVector t = FloatVector.fromArray(SP, b, bo + i).mul(p0);
            av.mul(eval(t, 1f)).mul(p0).intoArray(out, oo + i);
        }
        return true;
    }
}
