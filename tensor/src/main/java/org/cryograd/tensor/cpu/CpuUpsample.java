package org.cryograd.tensor.cpu;

import java.util.Arrays;

/**
 * Nearest and (bi/tri)linear resampling to a given size on the CPU, forward and backward, matching
 * {@code torch.nn.functional.interpolate(x, size=...)} on contiguous float tensors.
 *
 * <p>Tensors are contiguous row-major {@code float[]} of shape {@code [planes, D, H, W]} with {@code planes = N * C};
 * 1-D and 2-D resampling use leading spatial sizes of 1. Spatial sizes are {@code int[3]} arrays in
 * {@code (D, H, W)} order. Leading dimensions with {@code in == out == 1} are treated as absent, so a linear op
 * is 1-D (linear), 2-D (bilinear) or 3-D (trilinear) according to the first dimension that is not {@code 1 -> 1}.
 *
 * <p>Index arithmetic is done in {@code float}, as torch does for float tensors:
 * <ul>
 *   <li>nearest (torch's legacy {@code 'nearest'}): {@code scale = (float) in / out},
 *       {@code src = min((int) floor((float) dst * scale), in - 1)}.</li>
 *   <li>linear, {@code alignCorners == false}: {@code scale = (float) in / out},
 *       {@code src = max(0, scale * (dst + 0.5f) - 0.5f)}; {@code alignCorners == true}:
 *       {@code scale = out > 1 ? (float) (in - 1) / (out - 1) : 0}, {@code src = scale * dst}. Then
 *       {@code i0 = min(floor(src), in - 1)}, {@code i1 = i0 + (i0 < in - 1 ? 1 : 0)},
 *       {@code l1 = clamp(src - i0, 0, 1)}, {@code l0 = 1 - l1}; a dimension with {@code in == out} uses
 *       {@code i0 = i1 = dst, l0 = 1, l1 = 0}.</li>
 * </ul>
 *
 * <p>Forward combination order follows torch's CPU kernels for NC(D)HW-contiguous input: 1-D and 3-D use the
 * separable form (innermost dimension first: {@code (x00*lw0 + x01*lw1)*lh0 + ...}); 2-D uses the same separable
 * form when {@code outH + outW > 128} and otherwise, like torch's small-output bilinear kernel, product weights
 * summed left to right ({@code ((x00*(lh0*lw0) + x01*(lh0*lw1)) + x10*(lh1*lw0)) + x11*(lh1*lw1)}). Backward adds
 * {@code (((ld*lh)*lw)*g)} to the 2^n taps in output scan order, like torch.
 *
 * <p>Parallelism goes through {@link Parallel} with size-only chunking, so results are bit-identical for any thread
 * count. Forward passes split over {@code planes x output rows}; backward passes scatter within a plane and split
 * over planes only.
 */
public final class CpuUpsample {
    /** Approximate number of inner-loop operations per parallel chunk. */
    private static final int CHUNK_WORK = 1 << 15;
    /** Upper bound on the number of chunks a loop is cut into. */
    private static final int MAX_CHUNKS = 256;
    /** torch uses its channels-last style bilinear kernel (product weights) when outH + outW is at most this. */
    private static final int BILINEAR_PRODUCT_MAX = 128;

    private CpuUpsample() {}

    /**
     * Nearest-neighbour resampling forward (torch's {@code mode='nearest'}).
     *
     * @param x      input {@code [planes, in...]}
     * @param y      output {@code [planes, out...]}, overwritten
     * @param planes number of planes ({@code N * C})
     * @param in     input spatial size {@code (D, H, W)}
     * @param out    output spatial size
     */
    public static void nearestForward(float[] x, float[] y, int planes, int[] in, int[] out) {
        validate("nearestForward", x, y, planes, in, out);
        final int iH = in[1], iW = in[2];
        final int oD = out[0], oH = out[1], oW = out[2];
        final int inVol = in[0] * iH * iW;
        final int[] id = nearestTable(in[0], oD), ih = nearestTable(iH, oH), iw = nearestTable(iW, oW);
        final int rows = planes * oD * oH;
        Parallel.forRange(rows, grain(rows, oW), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int p = r / (oD * oH);
                int rem = r - p * (oD * oH);
                int od = rem / oH, oh = rem - od * oH;
                int src = p * inVol + (id[od] * iH + ih[oh]) * iW;
                int dst = r * oW;
                for (int ow = 0; ow < oW; ow++) y[dst + ow] = x[src + iw[ow]];
            }
        });
    }

    /**
     * Nearest-neighbour resampling backward: {@code gx} is overwritten with the sum of the {@code gy} of all outputs
     * that copied each input cell, accumulated in output scan order.
     *
     * @param gy     gradient of the output {@code [planes, out...]}
     * @param gx     gradient of the input {@code [planes, in...]}, overwritten
     * @param planes number of planes
     * @param in     input spatial size
     * @param out    output spatial size
     */
    public static void nearestBackward(float[] gy, float[] gx, int planes, int[] in, int[] out) {
        validate("nearestBackward", gx, gy, planes, in, out);
        final int iH = in[1], iW = in[2];
        final int oD = out[0], oH = out[1], oW = out[2];
        final int inVol = in[0] * iH * iW, outVol = oD * oH * oW;
        final int[] id = nearestTable(in[0], oD), ih = nearestTable(iH, oH), iw = nearestTable(iW, oW);
        Parallel.forRange(planes, grain(planes, (long) outVol + inVol), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int base = p * inVol;
                Arrays.fill(gx, base, base + inVol, 0f);
                int o = p * outVol;
                for (int od = 0; od < oD; od++) {
                    for (int oh = 0; oh < oH; oh++) {
                        int row = base + (id[od] * iH + ih[oh]) * iW;
                        for (int ow = 0; ow < oW; ow++, o++) gx[row + iw[ow]] += gy[o];
                    }
                }
            }
        });
    }

    /**
     * Linear, bilinear or trilinear resampling forward (torch's {@code mode='linear'|'bilinear'|'trilinear'}).
     *
     * @param x            input {@code [planes, in...]}
     * @param y            output {@code [planes, out...]}, overwritten
     * @param planes       number of planes
     * @param in           input spatial size
     * @param out          output spatial size
     * @param alignCorners torch's {@code align_corners}
     */
    public static void linearForward(float[] x, float[] y, int planes, int[] in, int[] out, boolean alignCorners) {
        validate("linearForward", x, y, planes, in, out);
        final int iH = in[1], iW = in[2];
        final int oD = out[0], oH = out[1], oW = out[2];
        final int inVol = in[0] * iH * iW, iHW = iH * iW;
        final Table td = linearTable(in[0], oD, alignCorners);
        final Table th = linearTable(iH, oH, alignCorners);
        final Table tw = linearTable(iW, oW, alignCorners);
        final int nd = dims(in, out);
        final boolean product = nd == 2 && oH + oW <= BILINEAR_PRODUCT_MAX;
        final int[] jw0 = tw.i0, jw1 = tw.i1;
        final float[] lw0 = tw.l0, lw1 = tw.l1;
        final int rows = planes * oD * oH;
        Parallel.forRange(rows, grain(rows, (long) oW << nd), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int p = r / (oD * oH);
                int rem = r - p * (oD * oH);
                int od = rem / oH, oh = rem - od * oH;
                int base = p * inVol;
                int dst = r * oW;
                if (nd == 1) {
                    int a = base + (td.i0[od] * iH + th.i0[oh]) * iW;
                    for (int ow = 0; ow < oW; ow++) {
                        y[dst + ow] = x[a + jw0[ow]] * lw0[ow] + x[a + jw1[ow]] * lw1[ow];
                    }
                } else if (nd == 2) {
                    int dOff = base + td.i0[od] * iHW;
                    int a = dOff + th.i0[oh] * iW, b = dOff + th.i1[oh] * iW;
                    float h0 = th.l0[oh], h1 = th.l1[oh];
                    if (product) {
                        for (int ow = 0; ow < oW; ow++) {
                            int j0 = jw0[ow], j1 = jw1[ow];
                            float w0 = lw0[ow], w1 = lw1[ow];
                            float w00 = h0 * w0, w01 = h0 * w1, w10 = h1 * w0, w11 = h1 * w1;
                            y[dst + ow] = x[a + j0] * w00 + x[a + j1] * w01 + x[b + j0] * w10 + x[b + j1] * w11;
                        }
                    } else {
                        for (int ow = 0; ow < oW; ow++) {
                            int j0 = jw0[ow], j1 = jw1[ow];
                            float w0 = lw0[ow], w1 = lw1[ow];
                            float t0 = x[a + j0] * w0 + x[a + j1] * w1;
                            float t1 = x[b + j0] * w0 + x[b + j1] * w1;
                            y[dst + ow] = t0 * h0 + t1 * h1;
                        }
                    }
                } else {
                    int d0 = base + td.i0[od] * iHW, d1 = base + td.i1[od] * iHW;
                    int hr0 = th.i0[oh] * iW, hr1 = th.i1[oh] * iW;
                    int a = d0 + hr0, b = d0 + hr1, c = d1 + hr0, e = d1 + hr1;
                    float g0 = td.l0[od], g1 = td.l1[od];
                    float h0 = th.l0[oh], h1 = th.l1[oh];
                    for (int ow = 0; ow < oW; ow++) {
                        int j0 = jw0[ow], j1 = jw1[ow];
                        float w0 = lw0[ow], w1 = lw1[ow];
                        float t00 = x[a + j0] * w0 + x[a + j1] * w1;
                        float t01 = x[b + j0] * w0 + x[b + j1] * w1;
                        float t10 = x[c + j0] * w0 + x[c + j1] * w1;
                        float t11 = x[e + j0] * w0 + x[e + j1] * w1;
                        float t0 = t00 * h0 + t01 * h1;
                        float t1 = t10 * h0 + t11 * h1;
                        y[dst + ow] = t0 * g0 + t1 * g1;
                    }
                }
            }
        });
    }

    /**
     * Linear, bilinear or trilinear resampling backward: {@code gx} is overwritten; each output's gradient is
     * scattered to its 2, 4 or 8 taps with the product of the per-dimension weights, in output scan order.
     *
     * @param gy           gradient of the output {@code [planes, out...]}
     * @param gx           gradient of the input {@code [planes, in...]}, overwritten
     * @param planes       number of planes
     * @param in           input spatial size
     * @param out          output spatial size
     * @param alignCorners torch's {@code align_corners}
     */
    public static void linearBackward(float[] gy, float[] gx, int planes, int[] in, int[] out, boolean alignCorners) {
        validate("linearBackward", gx, gy, planes, in, out);
        final int iH = in[1], iW = in[2];
        final int oD = out[0], oH = out[1], oW = out[2];
        final int inVol = in[0] * iH * iW, iHW = iH * iW, outVol = oD * oH * oW;
        final Table td = linearTable(in[0], oD, alignCorners);
        final Table th = linearTable(iH, oH, alignCorners);
        final Table tw = linearTable(iW, oW, alignCorners);
        final int nd = dims(in, out);
        final int[] jw0 = tw.i0, jw1 = tw.i1;
        final float[] lw0 = tw.l0, lw1 = tw.l1;
        Parallel.forRange(planes, grain(planes, ((long) outVol << nd) + inVol), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int base = p * inVol;
                Arrays.fill(gx, base, base + inVol, 0f);
                int o = p * outVol;
                for (int od = 0; od < oD; od++) {
                    int d0 = base + td.i0[od] * iHW, d1 = base + td.i1[od] * iHW;
                    float g0 = td.l0[od], g1 = td.l1[od];
                    for (int oh = 0; oh < oH; oh++) {
                        int hr0 = th.i0[oh] * iW, hr1 = th.i1[oh] * iW;
                        float h0 = th.l0[oh], h1 = th.l1[oh];
                        if (nd == 1) {
                            int a = d0 + hr0;
                            for (int ow = 0; ow < oW; ow++, o++) {
                                float g = gy[o];
                                gx[a + jw0[ow]] += lw0[ow] * g;
                                gx[a + jw1[ow]] += lw1[ow] * g;
                            }
                        } else if (nd == 2) {
                            int a = d0 + hr0, b = d0 + hr1;
                            for (int ow = 0; ow < oW; ow++, o++) {
                                float g = gy[o];
                                int j0 = jw0[ow], j1 = jw1[ow];
                                float w0 = lw0[ow], w1 = lw1[ow];
                                gx[a + j0] += h0 * w0 * g;
                                gx[a + j1] += h0 * w1 * g;
                                gx[b + j0] += h1 * w0 * g;
                                gx[b + j1] += h1 * w1 * g;
                            }
                        } else {
                            int a = d0 + hr0, b = d0 + hr1, c = d1 + hr0, e = d1 + hr1;
                            float g0h0 = g0 * h0, g0h1 = g0 * h1, g1h0 = g1 * h0, g1h1 = g1 * h1;
                            for (int ow = 0; ow < oW; ow++, o++) {
                                float g = gy[o];
                                int j0 = jw0[ow], j1 = jw1[ow];
                                float w0 = lw0[ow], w1 = lw1[ow];
                                gx[a + j0] += g0h0 * w0 * g;
                                gx[a + j1] += g0h0 * w1 * g;
                                gx[b + j0] += g0h1 * w0 * g;
                                gx[b + j1] += g0h1 * w1 * g;
                                gx[c + j0] += g1h0 * w0 * g;
                                gx[c + j1] += g1h0 * w1 * g;
                                gx[e + j0] += g1h1 * w0 * g;
                                gx[e + j1] += g1h1 * w1 * g;
                            }
                        }
                    }
                }
            }
        });
    }

    /** Per-dimension source indices and weights of linear interpolation. */
    private static final class Table {
        final int[] i0;
        final int[] i1;
        final float[] l0;
        final float[] l1;

        Table(int n) {
            i0 = new int[n];
            i1 = new int[n];
            l0 = new float[n];
            l1 = new float[n];
        }
    }

    /** torch's compute_source_index_and_lambda for every output index of one dimension, in float. */
    private static Table linearTable(int in, int out, boolean alignCorners) {
        Table t = new Table(out);
        if (in == out) {
            for (int o = 0; o < out; o++) {
                t.i0[o] = o;
                t.i1[o] = o;
                t.l0[o] = 1f;
                t.l1[o] = 0f;
            }
            return t;
        }
        float scale = alignCorners ? (out > 1 ? (float) (in - 1) / (float) (out - 1) : 0f) : (float) in / (float) out;
        for (int o = 0; o < out; o++) {
            float src;
            if (alignCorners) {
                src = scale * (float) o;
            } else {
                src = scale * ((float) o + 0.5f) - 0.5f;
                if (src < 0f) src = 0f;
            }
            int i = Math.min((int) Math.floor(src), in - 1);
            float lambda = Math.min(Math.max(src - (float) i, 0f), 1f);
            t.i0[o] = i;
            t.i1[o] = i + (i < in - 1 ? 1 : 0);
            t.l1[o] = lambda;
            t.l0[o] = 1f - lambda;
        }
        return t;
    }

    /** torch's legacy nearest index for every output index of one dimension, in float. */
    private static int[] nearestTable(int in, int out) {
        int[] idx = new int[out];
        float scale = (float) in / (float) out;
        for (int o = 0; o < out; o++) idx[o] = Math.min((int) Math.floor((float) o * scale), in - 1);
        return idx;
    }

    /** The number of interpolated dimensions: leading dimensions with in == out == 1 do not count; W always does. */
    private static int dims(int[] in, int[] out) {
        if (in[0] == 1 && out[0] == 1) return (in[1] == 1 && out[1] == 1) ? 1 : 2;
        return 3;
    }

    private static int grain(int n, long workPerItem) {
        int minGrain = (int) Math.max(1L, Math.min(Integer.MAX_VALUE, CHUNK_WORK / Math.max(1L, workPerItem)));
        return Parallel.grain(n, minGrain, MAX_CHUNKS);
    }

    private static void validate(String op, float[] inArr, float[] outArr, int planes, int[] in, int[] out) {
        if (in == null || in.length != 3 || out == null || out.length != 3)
            throw new IllegalArgumentException("upsample." + op + ": in and out must have 3 entries (D, H, W), got in "
                    + Arrays.toString(in) + ", out " + Arrays.toString(out));
        for (int d = 0; d < 3; d++) {
            if (in[d] < 1 || out[d] < 1)
                throw new IllegalArgumentException("upsample." + op + ": sizes must be >= 1, got in "
                        + Arrays.toString(in) + ", out " + Arrays.toString(out));
        }
        if (planes < 0) throw new IllegalArgumentException("upsample." + op + ": planes must be >= 0, got " + planes);
        long inN = (long) planes * in[0] * in[1] * in[2];
        long outN = (long) planes * out[0] * out[1] * out[2];
        if (inN > Integer.MAX_VALUE || outN > Integer.MAX_VALUE)
            throw new IllegalArgumentException("upsample." + op + ": tensor too large for a float[]: planes " + planes
                    + ", in " + Arrays.toString(in) + ", out " + Arrays.toString(out));
        if (inArr == null || inArr.length < inN)
            throw new IllegalArgumentException("upsample." + op + ": input-shaped array has length "
                    + (inArr == null ? "null" : String.valueOf(inArr.length)) + ", needs " + inN + " for planes "
                    + planes + " x " + Arrays.toString(in));
        if (outArr == null || outArr.length < outN)
            throw new IllegalArgumentException("upsample." + op + ": output-shaped array has length "
                    + (outArr == null ? "null" : String.valueOf(outArr.length)) + ", needs " + outN + " for planes "
                    + planes + " x " + Arrays.toString(out));
    }
}
