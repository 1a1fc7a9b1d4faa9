package org.cryograd.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.cryograd.tensor.spi.BinaryOp;
import org.cryograd.tensor.spi.UnaryOp;

/**
 * SIMD elementwise kernels on {@code jdk.incubator.vector}; loaded only through {@link CpuSimd}. Each vector loop
 * performs, lane by lane, exactly the IEEE operations of its scalar twin in {@link CpuElementwise} (no fused
 * multiply-add, same operation order), so results are bit-identical (NaN payloads aside); tails run the scalar code.
 * Sine and cosine use {@link SimdTrig}, the twin of {@link CpuTrig}. Ops without an exact vector twin (exp, log,
 * tanh, powers, maximum/minimum, sign) stay scalar.
 * Generated-style code: one loop per op, so no vector value ever merges across branches.
 */
final class SimdElementwise implements CpuElementwise.Kernel {
    private static final VectorSpecies<Float> SP = SimdGemm.SP;
    private static final int L = SP.length();

    /** Public for reflective construction by {@link CpuSimd}. */
    public SimdElementwise() {}

    @Override
    public boolean unary(UnaryOp op, float p0, float p1, float[] x, float[] y, int lo, int hi) {
        final VectorSpecies<Float> sp = SP;
        final FloatVector zero = FloatVector.zero(sp), one = FloatVector.broadcast(sp, 1f);
        final int e = lo + sp.loopBound(hi - lo);
        int i = lo;
        switch (op) {
            case NEG -> {
                for (; i < e; i += L) {
                    FloatVector xv = FloatVector.fromArray(sp, x, i);
                    xv.neg().intoArray(y, i);
                }
            }
            case ABS -> {
                for (; i < e; i += L) {
                    FloatVector xv = FloatVector.fromArray(sp, x, i);
                    xv.abs().intoArray(y, i);
                }
            }
            case SQRT -> {
                for (; i < e; i += L) {
                    FloatVector xv = FloatVector.fromArray(sp, x, i);
                    xv.sqrt().intoArray(y, i);
                }
            }
            case RELU -> {
                for (; i < e; i += L) {
                    FloatVector xv = FloatVector.fromArray(sp, x, i);
                    zero.blend(xv, xv.compare(VectorOperators.GT, 0f)).intoArray(y, i);
                }
            }
            case LEAKY_RELU -> {
                for (; i < e; i += L) {
                    FloatVector xv = FloatVector.fromArray(sp, x, i);
                    xv.mul(p0).blend(xv, xv.compare(VectorOperators.GT, 0f)).intoArray(y, i);
                }
            }
            case CLAMP -> {
                for (; i < e; i += L) {
                    FloatVector xv = FloatVector.fromArray(sp, x, i);
                    xv.max(p0).min(p1).intoArray(y, i);
                }
            }
            case SQUARE -> {
                for (; i < e; i += L) {
                    FloatVector xv = FloatVector.fromArray(sp, x, i);
                    xv.mul(xv).intoArray(y, i);
                }
            }
            case ADD_SCALAR -> {
                for (; i < e; i += L) {
                    FloatVector xv = FloatVector.fromArray(sp, x, i);
                    xv.add(p0).intoArray(y, i);
                }
            }
            case MUL_SCALAR -> {
                for (; i < e; i += L) {
                    FloatVector xv = FloatVector.fromArray(sp, x, i);
                    xv.mul(p0).intoArray(y, i);
                }
            }
            case RECIPROCAL -> {
                for (; i < e; i += L) {
                    FloatVector xv = FloatVector.fromArray(sp, x, i);
                    one.div(xv).intoArray(y, i);
                }
            }
            case SIN, COS, SINE -> {
                if (SimdTrig.unaryLoop(op, p0, x, y, i, e)) i = e; // else the scalar twin does it all
            }
            default -> {
                return false;
            }
        }
        if (i < hi) CpuElementwise.unaryScalar(op, p0, p1, x, y, i, hi);
        return true;
    }

    @Override
    public boolean row(BinaryOp op, float p0, float p1, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        if (as != 1 || (bs != 1 && bs != 0)) return false;
        if (bs == 1) return rowVV(op, p0, p1, a, ao, b, bo, out, oo, n);
        return rowVS(op, p0, p1, a, ao, b[bo], out, oo, n);
    }

    private static boolean rowVV(BinaryOp op, float p0, float p1, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        final VectorSpecies<Float> sp = SP;
        final FloatVector zero = FloatVector.zero(sp), one = FloatVector.broadcast(sp, 1f);
        final int e = sp.loopBound(n);
        int i = 0;
        switch (op) {
            case ADD -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    FloatVector bv = FloatVector.fromArray(sp, b, bo + i);
                    av.add(bv).intoArray(out, oo + i);
                }
            }
            case SUB -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    FloatVector bv = FloatVector.fromArray(sp, b, bo + i);
                    av.sub(bv).intoArray(out, oo + i);
                }
            }
            case MUL -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    FloatVector bv = FloatVector.fromArray(sp, b, bo + i);
                    av.mul(bv).intoArray(out, oo + i);
                }
            }
            case DIV -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    FloatVector bv = FloatVector.fromArray(sp, b, bo + i);
                    av.div(bv).intoArray(out, oo + i);
                }
            }
            case EQ -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    FloatVector bv = FloatVector.fromArray(sp, b, bo + i);
                    zero.blend(one, av.compare(VectorOperators.EQ, bv)).intoArray(out, oo + i);
                }
            }
            case GT -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    FloatVector bv = FloatVector.fromArray(sp, b, bo + i);
                    zero.blend(one, av.compare(VectorOperators.GT, bv)).intoArray(out, oo + i);
                }
            }
            case RELU_BACKWARD -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    FloatVector bv = FloatVector.fromArray(sp, b, bo + i);
                    zero.blend(av, bv.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
                }
            }
            case LEAKY_RELU_BACKWARD -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    FloatVector bv = FloatVector.fromArray(sp, b, bo + i);
                    av.mul(p0).blend(av, bv.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
                }
            }
            case TANH_BACKWARD -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    FloatVector bv = FloatVector.fromArray(sp, b, bo + i);
                    av.mul(one.sub(bv.mul(bv))).intoArray(out, oo + i);
                }
            }
            case SIGMOID_BACKWARD -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    FloatVector bv = FloatVector.fromArray(sp, b, bo + i);
                    av.mul(bv).mul(one.sub(bv)).intoArray(out, oo + i);
                }
            }
            case CLAMP_BACKWARD -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    FloatVector bv = FloatVector.fromArray(sp, b, bo + i);
                    zero.blend(av, bv.compare(VectorOperators.GE, p0).and(bv.compare(VectorOperators.LE, p1))).intoArray(out, oo + i);
                }
            }
            case SINE_BACKWARD -> {
                if (SimdTrig.sineBackwardLoop(p0, a, ao, b, bo, out, oo, e)) i = e;
            }
            default -> {
                return false;
            }
        }
        if (i < n) CpuElementwise.rowScalar(op, p0, p1, a, ao + i, 1, b, bo + i, 1, out, oo + i, n - i);
        return true;
    }

    private static boolean rowVS(BinaryOp op, float p0, float p1, float[] a, int ao, float bs, float[] out, int oo, int n) {
        final VectorSpecies<Float> sp = SP;
        final FloatVector zero = FloatVector.zero(sp), one = FloatVector.broadcast(sp, 1f);
        final FloatVector bv = FloatVector.broadcast(sp, bs);
        final int e = sp.loopBound(n);
        int i = 0;
        switch (op) {
            case ADD -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    av.add(bv).intoArray(out, oo + i);
                }
            }
            case SUB -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    av.sub(bv).intoArray(out, oo + i);
                }
            }
            case MUL -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    av.mul(bv).intoArray(out, oo + i);
                }
            }
            case DIV -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    av.div(bv).intoArray(out, oo + i);
                }
            }
            case EQ -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    zero.blend(one, av.compare(VectorOperators.EQ, bv)).intoArray(out, oo + i);
                }
            }
            case GT -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    zero.blend(one, av.compare(VectorOperators.GT, bv)).intoArray(out, oo + i);
                }
            }
            case RELU_BACKWARD -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    zero.blend(av, bv.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
                }
            }
            case LEAKY_RELU_BACKWARD -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    av.mul(p0).blend(av, bv.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
                }
            }
            case TANH_BACKWARD -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    av.mul(one.sub(bv.mul(bv))).intoArray(out, oo + i);
                }
            }
            case SIGMOID_BACKWARD -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    av.mul(bv).mul(one.sub(bv)).intoArray(out, oo + i);
                }
            }
            case CLAMP_BACKWARD -> {
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    zero.blend(av, bv.compare(VectorOperators.GE, p0).and(bv.compare(VectorOperators.LE, p1))).intoArray(out, oo + i);
                }
            }
            case SINE_BACKWARD -> {
                // one cosine for the whole row
                float c = CpuTrig.cos(bs * p0);
                for (; i < e; i += L) {
                    FloatVector av = FloatVector.fromArray(sp, a, ao + i);
                    av.mul(c).mul(p0).intoArray(out, oo + i);
                }
            }
            default -> {
                return false;
            }
        }
        if (i < n) {
            float[] sb = {bs};
            CpuElementwise.rowScalar(op, p0, p1, a, ao + i, 1, sb, 0, 0, out, oo + i, n - i);
        }
        return true;
    }

}
