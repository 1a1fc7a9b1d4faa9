package org.cryograd.fft;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LineBatchFft.Stage} on the Vector API: the same operations as {@link LineBatchFft#SCALAR} in the same order,
 * on {@link #SPECIES} lanes at a time. Loaded by {@link FftSimd} only when the module is present and the preferred
 * vector length divides {@link LineBatch#LANES}.
 */
final class SimdFftStage implements LineBatchFft.Stage {
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED.length() >= LineBatch.LANES ? VectorSpecies.of(double.class, jdk.incubator.vector.VectorShape.forBitSize(64 * LineBatch.LANES)) : DoubleVector.SPECIES_PREFERRED;

    /** For {@link FftSimd}'s log line, and a check that the species fits the lanes. */
    public static String describe() {
        if (LineBatch.LANES % SPECIES.length() != 0)
            throw new IllegalStateException(SPECIES.length() + "-double vectors do not divide " + LineBatch.LANES + " lanes");
        return SPECIES.vectorBitSize() + "-bit double vectors";
    }

    public SimdFftStage() {}

    @Override
    public void radix2(double[] ar, double[] ai, double[] br, double[] bi, double[] cos, double[] sin, int m, int s, double sign) {
        int run = s * LineBatch.LANES, vl = SPECIES.length();
        for (int p = 0; p < m; p++) {
            DoubleVector wr = DoubleVector.broadcast(SPECIES, cos[p * s]), wi = DoubleVector.broadcast(SPECIES, sign * sin[p * s]);
            int a = p * run, b = (p + m) * run, o0 = 2 * p * run, o1 = o0 + run;
            for (int i = 0; i < run; i += vl) {
                DoubleVector ur = load(ar, a + i), ui = load(ai, a + i), vr = load(ar, b + i), vi = load(ai, b + i);
                ur.add(vr).intoArray(br, o0 + i);
                ui.add(vi).intoArray(bi, o0 + i);
                DoubleVector dr = ur.sub(vr), di = ui.sub(vi);
                dr.mul(wr).sub(di.mul(wi)).intoArray(br, o1 + i);
                dr.mul(wi).add(di.mul(wr)).intoArray(bi, o1 + i);
            }
        }
    }

    @Override
    public void radix4(double[] ar, double[] ai, double[] br, double[] bi, double[] cos, double[] sin, int m, int s, double sign) {
        int run = s * LineBatch.LANES, vl = SPECIES.length();
        DoubleVector minusSign = DoubleVector.broadcast(SPECIES, -sign), plusSign = DoubleVector.broadcast(SPECIES, sign);
        for (int p = 0; p < m; p++) {
            DoubleVector w1r = DoubleVector.broadcast(SPECIES, cos[p * s]), w1i = DoubleVector.broadcast(SPECIES, sign * sin[p * s]);
            DoubleVector w2r = DoubleVector.broadcast(SPECIES, cos[2 * p * s]), w2i = DoubleVector.broadcast(SPECIES, sign * sin[2 * p * s]);
            DoubleVector w3r = DoubleVector.broadcast(SPECIES, cos[3 * p * s]), w3i = DoubleVector.broadcast(SPECIES, sign * sin[3 * p * s]);
            int i0 = p * run, i1 = i0 + m * run, i2 = i1 + m * run, i3 = i2 + m * run;
            int o0 = 4 * p * run, o1 = o0 + run, o2 = o1 + run, o3 = o2 + run;
            for (int i = 0; i < run; i += vl) {
                DoubleVector a0r = load(ar, i0 + i), a0i = load(ai, i0 + i), a1r = load(ar, i1 + i), a1i = load(ai, i1 + i);
                DoubleVector a2r = load(ar, i2 + i), a2i = load(ai, i2 + i), a3r = load(ar, i3 + i), a3i = load(ai, i3 + i);
                DoubleVector t0r = a0r.add(a2r), t0i = a0i.add(a2i), t1r = a0r.sub(a2r), t1i = a0i.sub(a2i);
                DoubleVector t2r = a1r.add(a3r), t2i = a1i.add(a3i);
                DoubleVector t3r = minusSign.mul(a1i.sub(a3i)), t3i = plusSign.mul(a1r.sub(a3r));
                t0r.add(t2r).intoArray(br, o0 + i);
                t0i.add(t2i).intoArray(bi, o0 + i);
                DoubleVector yr = t1r.add(t3r), yi = t1i.add(t3i);
                yr.mul(w1r).sub(yi.mul(w1i)).intoArray(br, o1 + i);
                yr.mul(w1i).add(yi.mul(w1r)).intoArray(bi, o1 + i);
                yr = t0r.sub(t2r);
                yi = t0i.sub(t2i);
                yr.mul(w2r).sub(yi.mul(w2i)).intoArray(br, o2 + i);
                yr.mul(w2i).add(yi.mul(w2r)).intoArray(bi, o2 + i);
                yr = t1r.sub(t3r);
                yi = t1i.sub(t3i);
                yr.mul(w3r).sub(yi.mul(w3i)).intoArray(br, o3 + i);
                yr.mul(w3i).add(yi.mul(w3r)).intoArray(bi, o3 + i);
            }
        }
    }

    private static DoubleVector load(double[] a, int offset) {
        return DoubleVector.fromArray(SPECIES, a, offset);
    }
}
