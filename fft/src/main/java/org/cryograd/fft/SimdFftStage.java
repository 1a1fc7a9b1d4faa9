package org.cryograd.fft;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LineBatchFft.Stage} on the Vector API: the same operations as {@link LineBatchFft#SCALAR} in the same order,
 * on {@link #SPECIES} lanes at a time. Loaded by {@link FftSimd} only when the module is present and the preferred
 * vector length divides {@link LineBatch#LANES}.
 */
final class SimdFftStage implements LineBatchFft.Stage {
    /** Vectors of {@link LineBatch#LANES} doubles, or the preferred ones where those are shorter. */
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED.length() >= LineBatch.LANES
            ? VectorSpecies.of(double.class, VectorShape.forBitSize(Double.SIZE * LineBatch.LANES))
            : DoubleVector.SPECIES_PREFERRED;

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
                DoubleVector ur = DoubleVector.fromArray(SPECIES, ar, a + i), ui = DoubleVector.fromArray(SPECIES, ai, a + i);
                DoubleVector vr = DoubleVector.fromArray(SPECIES, ar, b + i), vi = DoubleVector.fromArray(SPECIES, ai, b + i);
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
                DoubleVector a0r = DoubleVector.fromArray(SPECIES, ar, i0 + i), a0i = DoubleVector.fromArray(SPECIES, ai, i0 + i);
                DoubleVector a1r = DoubleVector.fromArray(SPECIES, ar, i1 + i), a1i = DoubleVector.fromArray(SPECIES, ai, i1 + i);
                DoubleVector a2r = DoubleVector.fromArray(SPECIES, ar, i2 + i), a2i = DoubleVector.fromArray(SPECIES, ai, i2 + i);
                DoubleVector a3r = DoubleVector.fromArray(SPECIES, ar, i3 + i), a3i = DoubleVector.fromArray(SPECIES, ai, i3 + i);
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

    @Override
    public void radix3(double[] ar, double[] ai, double[] br, double[] bi, double[] cos, double[] sin, int m, int s, double sign) {
        int run = s * LineBatch.LANES, vl = SPECIES.length();
        double c = sign * LineBatchFft.SIN3;
        for (int p = 0; p < m; p++) {
            DoubleVector w1r = DoubleVector.broadcast(SPECIES, cos[p * s]), w1i = DoubleVector.broadcast(SPECIES, sign * sin[p * s]);
            DoubleVector w2r = DoubleVector.broadcast(SPECIES, cos[2 * p * s]), w2i = DoubleVector.broadcast(SPECIES, sign * sin[2 * p * s]);
            int i0 = p * run, i1 = i0 + m * run, i2 = i1 + m * run;
            int o0 = 3 * p * run, o1 = o0 + run, o2 = o1 + run;
            for (int i = 0; i < run; i += vl) {
                DoubleVector a0r = DoubleVector.fromArray(SPECIES, ar, i0 + i), a0i = DoubleVector.fromArray(SPECIES, ai, i0 + i);
                DoubleVector a1r = DoubleVector.fromArray(SPECIES, ar, i1 + i), a1i = DoubleVector.fromArray(SPECIES, ai, i1 + i);
                DoubleVector a2r = DoubleVector.fromArray(SPECIES, ar, i2 + i), a2i = DoubleVector.fromArray(SPECIES, ai, i2 + i);
                DoubleVector t1r = a1r.add(a2r), t1i = a1i.add(a2i);
                DoubleVector t2r = a0r.sub(t1r.mul(0.5)), t2i = a0i.sub(t1i.mul(0.5));
                DoubleVector dr = a1r.sub(a2r).mul(c), di = a1i.sub(a2i).mul(c);
                a0r.add(t1r).intoArray(br, o0 + i);
                a0i.add(t1i).intoArray(bi, o0 + i);
                DoubleVector yr = t2r.sub(di), yi = t2i.add(dr);
                yr.mul(w1r).sub(yi.mul(w1i)).intoArray(br, o1 + i);
                yr.mul(w1i).add(yi.mul(w1r)).intoArray(bi, o1 + i);
                DoubleVector y2r = t2r.add(di), y2i = t2i.sub(dr);
                y2r.mul(w2r).sub(y2i.mul(w2i)).intoArray(br, o2 + i);
                y2r.mul(w2i).add(y2i.mul(w2r)).intoArray(bi, o2 + i);
            }
        }
    }

    /**
     * Radix 5 in two passes, outputs 0, 1 and 4, then 2 and 3: as one loop the butterfly's graph passes C2's inlining
     * cutoff, and a vector passed to a method that is not inlined is boxed (measured 3x slower than the scalar twin).
     * For the same reason no butterfly here calls a helper that takes or returns vectors.
     */
    @Override
    public void radix5(double[] ar, double[] ai, double[] br, double[] bi, double[] cos, double[] sin, int m, int s, double sign) {
        radix5Outer(ar, ai, br, bi, cos, sin, m, s, sign);
        radix5Inner(ar, ai, br, bi, cos, sin, m, s, sign);
    }

    /** Outputs 0, 1, 4: {@code a0 + b1 + b2} and {@code e1 ± i f1}. */
    private static void radix5Outer(double[] ar, double[] ai, double[] br, double[] bi, double[] cos, double[] sin, int m, int s, double sign) {
        int run = s * LineBatch.LANES, vl = SPECIES.length();
        double s1 = sign * LineBatchFft.SIN5A, s2 = sign * LineBatchFft.SIN5B, ca = LineBatchFft.COS5A, cb = LineBatchFft.COS5B;
        for (int p = 0; p < m; p++) {
            DoubleVector w1r = DoubleVector.broadcast(SPECIES, cos[p * s]), w1i = DoubleVector.broadcast(SPECIES, sign * sin[p * s]);
            DoubleVector w4r = DoubleVector.broadcast(SPECIES, cos[4 * p * s]), w4i = DoubleVector.broadcast(SPECIES, sign * sin[4 * p * s]);
            int i0 = p * run, i1 = i0 + m * run, i2 = i1 + m * run, i3 = i2 + m * run, i4 = i3 + m * run;
            int o0 = 5 * p * run, o1 = o0 + run, o4 = o0 + 4 * run;
            for (int i = 0; i < run; i += vl) {
                DoubleVector a0r = DoubleVector.fromArray(SPECIES, ar, i0 + i), a0i = DoubleVector.fromArray(SPECIES, ai, i0 + i);
                DoubleVector a1r = DoubleVector.fromArray(SPECIES, ar, i1 + i), a1i = DoubleVector.fromArray(SPECIES, ai, i1 + i);
                DoubleVector a4r = DoubleVector.fromArray(SPECIES, ar, i4 + i), a4i = DoubleVector.fromArray(SPECIES, ai, i4 + i);
                DoubleVector a2r = DoubleVector.fromArray(SPECIES, ar, i2 + i), a2i = DoubleVector.fromArray(SPECIES, ai, i2 + i);
                DoubleVector a3r = DoubleVector.fromArray(SPECIES, ar, i3 + i), a3i = DoubleVector.fromArray(SPECIES, ai, i3 + i);
                DoubleVector b1r = a1r.add(a4r), b1i = a1i.add(a4i), b2r = a2r.add(a3r), b2i = a2i.add(a3i);
                a0r.add(b1r).add(b2r).intoArray(br, o0 + i);
                a0i.add(b1i).add(b2i).intoArray(bi, o0 + i);
                DoubleVector e1r = a0r.add(b1r.mul(ca)).add(b2r.mul(cb)), e1i = a0i.add(b1i.mul(ca)).add(b2i.mul(cb));
                DoubleVector d1r = a1r.sub(a4r), d1i = a1i.sub(a4i), d2r = a2r.sub(a3r), d2i = a2i.sub(a3i);
                DoubleVector f1r = d1r.mul(s1).add(d2r.mul(s2)), f1i = d1i.mul(s1).add(d2i.mul(s2));
                DoubleVector y1r = e1r.sub(f1i), y1i = e1i.add(f1r);
                y1r.mul(w1r).sub(y1i.mul(w1i)).intoArray(br, o1 + i);
                y1r.mul(w1i).add(y1i.mul(w1r)).intoArray(bi, o1 + i);
                DoubleVector y4r = e1r.add(f1i), y4i = e1i.sub(f1r);
                y4r.mul(w4r).sub(y4i.mul(w4i)).intoArray(br, o4 + i);
                y4r.mul(w4i).add(y4i.mul(w4r)).intoArray(bi, o4 + i);
            }
        }
    }

    /** Outputs 2, 3: {@code e2 ± i f2}. */
    private static void radix5Inner(double[] ar, double[] ai, double[] br, double[] bi, double[] cos, double[] sin, int m, int s, double sign) {
        int run = s * LineBatch.LANES, vl = SPECIES.length();
        double s1 = sign * LineBatchFft.SIN5A, s2 = sign * LineBatchFft.SIN5B, ca = LineBatchFft.COS5A, cb = LineBatchFft.COS5B;
        for (int p = 0; p < m; p++) {
            DoubleVector w2r = DoubleVector.broadcast(SPECIES, cos[2 * p * s]), w2i = DoubleVector.broadcast(SPECIES, sign * sin[2 * p * s]);
            DoubleVector w3r = DoubleVector.broadcast(SPECIES, cos[3 * p * s]), w3i = DoubleVector.broadcast(SPECIES, sign * sin[3 * p * s]);
            int i0 = p * run, i1 = i0 + m * run, i2 = i1 + m * run, i3 = i2 + m * run, i4 = i3 + m * run;
            int o2 = 5 * p * run + 2 * run, o3 = o2 + run;
            for (int i = 0; i < run; i += vl) {
                DoubleVector a0r = DoubleVector.fromArray(SPECIES, ar, i0 + i), a0i = DoubleVector.fromArray(SPECIES, ai, i0 + i);
                DoubleVector a1r = DoubleVector.fromArray(SPECIES, ar, i1 + i), a1i = DoubleVector.fromArray(SPECIES, ai, i1 + i);
                DoubleVector a4r = DoubleVector.fromArray(SPECIES, ar, i4 + i), a4i = DoubleVector.fromArray(SPECIES, ai, i4 + i);
                DoubleVector a2r = DoubleVector.fromArray(SPECIES, ar, i2 + i), a2i = DoubleVector.fromArray(SPECIES, ai, i2 + i);
                DoubleVector a3r = DoubleVector.fromArray(SPECIES, ar, i3 + i), a3i = DoubleVector.fromArray(SPECIES, ai, i3 + i);
                DoubleVector b1r = a1r.add(a4r), b1i = a1i.add(a4i), b2r = a2r.add(a3r), b2i = a2i.add(a3i);
                DoubleVector e2r = a0r.add(b1r.mul(cb)).add(b2r.mul(ca)), e2i = a0i.add(b1i.mul(cb)).add(b2i.mul(ca));
                DoubleVector d1r = a1r.sub(a4r), d1i = a1i.sub(a4i), d2r = a2r.sub(a3r), d2i = a2i.sub(a3i);
                DoubleVector f2r = d1r.mul(s2).sub(d2r.mul(s1)), f2i = d1i.mul(s2).sub(d2i.mul(s1));
                DoubleVector y2r = e2r.sub(f2i), y2i = e2i.add(f2r);
                y2r.mul(w2r).sub(y2i.mul(w2i)).intoArray(br, o2 + i);
                y2r.mul(w2i).add(y2i.mul(w2r)).intoArray(bi, o2 + i);
                DoubleVector y3r = e2r.add(f2i), y3i = e2i.sub(f2r);
                y3r.mul(w3r).sub(y3i.mul(w3i)).intoArray(br, o3 + i);
                y3r.mul(w3i).add(y3i.mul(w3r)).intoArray(bi, o3 + i);
            }
        }
    }
}
