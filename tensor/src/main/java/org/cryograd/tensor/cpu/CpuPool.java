package org.cryograd.tensor.cpu;

import java.util.Arrays;

/**
 * Max and average pooling (1-D, 2-D and 3-D) on the CPU, forward and backward, matching PyTorch's CPU kernels.
 *
 * <p>Tensors are contiguous row-major {@code float[]} of shape {@code [planes, D, H, W]} with {@code planes = N * C};
 * 1-D and 2-D pooling use leading spatial sizes of 1 with kernel 1, stride 1 and padding 0 on those dimensions.
 * All spatial parameters are {@code int[3]} arrays in {@code (D, H, W)} order. Output sizes use floor mode,
 * padding is implicit (it is never read), and dilation is 1.
 *
 * <p>Semantics follow {@code torch.nn.functional.max_pool*d} / {@code avg_pool*d}:
 * <ul>
 *   <li>max: padded cells count as {@code -inf}; the window is scanned in {@code d, h, w} order and the first
 *       maximum wins; a NaN always replaces the running maximum (so the output is NaN and, as in torch, the
 *       gradient goes to the last NaN of the window); a window of only {@code -inf} routes its gradient to its first
 *       valid cell.</li>
 *   <li>avg: the window sum is accumulated in {@code float} in {@code d, h, w} order and divided by the divisor;
 *       with {@code countIncludePad} the divisor is the window size clipped to the padded input
 *       ({@code min(start + k, in + pad) - start} per dimension, {@code start = o * s - pad}), otherwise the number
 *       of valid (unpadded) cells.</li>
 * </ul>
 *
 * <p>Parallelism goes through {@link Parallel} with chunking that depends only on sizes, so results are
 * bit-identical for any thread count. Forward passes split over {@code planes x output rows}; backward passes
 * scatter within a plane and split over planes only, accumulating in output scan order.
 */
public final class CpuPool {
    /** Approximate number of inner-loop operations per parallel chunk. */
    private static final int CHUNK_WORK = 1 << 15;
    /** Upper bound on the number of chunks a loop is cut into. */
    private static final int MAX_CHUNKS = 256;

    private CpuPool() {}

    /**
     * The pooled output size in floor mode: {@code (in + 2 * padding - kernel) / stride + 1} per dimension
     * (division rounding toward negative infinity).
     *
     * @param in      input spatial size {@code (D, H, W)}, each at least 1
     * @param kernel  kernel size, each at least 1
     * @param stride  stride, each at least 1
     * @param padding padding on both sides, each in {@code [0, kernel / 2]} (torch's rule)
     * @return a new {@code int[3]} with the output size
     * @throws IllegalArgumentException if an array does not have 3 entries, a size is out of range, the padding
     *                                  exceeds half the kernel, or an output size would be below 1
     */
    public static int[] outSize(int[] in, int[] kernel, int[] stride, int[] padding) {
        check3("in", in);
        check3("kernel", kernel);
        check3("stride", stride);
        check3("padding", padding);
        for (int d = 0; d < 3; d++) {
            if (in[d] < 1 || kernel[d] < 1 || stride[d] < 1 || padding[d] < 0)
                throw new IllegalArgumentException("pool: invalid geometry: input " + Arrays.toString(in) + ", kernel "
                        + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride) + ", padding "
                        + Arrays.toString(padding) + " (sizes, kernel and stride must be >= 1, padding >= 0)");
            if (padding[d] > kernel[d] / 2)
                throw new IllegalArgumentException("pool: padding " + Arrays.toString(padding)
                        + " must be at most half of kernel " + Arrays.toString(kernel) + " (dimension " + d + ")");
        }
        int[] out = new int[3];
        boolean bad = false;
        for (int d = 0; d < 3; d++) {
            out[d] = Math.floorDiv(in[d] + 2 * padding[d] - kernel[d], stride[d]) + 1;
            bad |= out[d] < 1;
        }
        if (bad)
            throw new IllegalArgumentException("pool: input size " + Arrays.toString(in) + " with kernel "
                    + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride) + ", padding "
                    + Arrays.toString(padding) + " gives output size " + Arrays.toString(out) + ", which is too small");
        return out;
    }

    /**
     * Max pooling forward.
     *
     * @param x       input {@code [planes, in...]}
     * @param y       output {@code [planes, out...]}, overwritten
     * @param planes  number of planes ({@code N * C})
     * @param in      input spatial size
     * @param out     output spatial size, must equal {@link #outSize}
     * @param kernel  kernel size
     * @param stride  stride
     * @param padding padding
     */
    public static void maxForward(float[] x, float[] y, int planes, int[] in, int[] out, int[] kernel, int[] stride,
                                  int[] padding) {
        validate("maxForward", x, y, planes, in, out, kernel, stride, padding);
        final int iD = in[0], iH = in[1], iW = in[2];
        final int oD = out[0], oH = out[1], oW = out[2];
        final int kD = kernel[0], kH = kernel[1], kW = kernel[2];
        final int sD = stride[0], sH = stride[1], sW = stride[2];
        final int pD = padding[0], pH = padding[1], pW = padding[2];
        final int inVol = iD * iH * iW, iHW = iH * iW;
        final int rows = planes * oD * oH;
        long rowWork = (long) oW * kD * kH * kW;
        Parallel.forRange(rows, grain(rows, rowWork), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int p = r / (oD * oH);
                int rem = r - p * (oD * oH);
                int od = rem / oH, oh = rem - od * oH;
                int d0 = od * sD - pD, d1 = Math.min(d0 + kD, iD);
                d0 = Math.max(d0, 0);
                int h0 = oh * sH - pH, h1 = Math.min(h0 + kH, iH);
                h0 = Math.max(h0, 0);
                int base = p * inVol;
                int yOff = r * oW;
                for (int ow = 0; ow < oW; ow++) {
                    int w0 = ow * sW - pW, w1 = Math.min(w0 + kW, iW);
                    w0 = Math.max(w0, 0);
                    float m = Float.NEGATIVE_INFINITY;
                    for (int d = d0; d < d1; d++) {
                        for (int h = h0; h < h1; h++) {
                            int row = base + d * iHW + h * iW;
                            for (int w = w0; w < w1; w++) {
                                float v = x[row + w];
                                if (v > m || v != v) m = v;
                            }
                        }
                    }
                    y[yOff + ow] = m;
                }
            }
        });
    }

    /**
     * Max pooling backward: {@code gx} is overwritten with the gradient w.r.t. {@code x}. The argmax of every window
     * is recomputed from {@code x} with the forward's rule and receives that window's {@code gy}, accumulated in
     * output scan order.
     *
     * @param x       the forward input {@code [planes, in...]}
     * @param gy      gradient of the output {@code [planes, out...]}
     * @param gx      gradient of the input {@code [planes, in...]}, overwritten
     * @param planes  number of planes
     * @param in      input spatial size
     * @param out     output spatial size
     * @param kernel  kernel size
     * @param stride  stride
     * @param padding padding
     */
    public static void maxBackward(float[] x, float[] gy, float[] gx, int planes, int[] in, int[] out, int[] kernel,
                                   int[] stride, int[] padding) {
        validate("maxBackward", x, gy, planes, in, out, kernel, stride, padding);
        requireLength("maxBackward", "gx", gx, (long) planes * in[0] * in[1] * in[2]);
        final int iD = in[0], iH = in[1], iW = in[2];
        final int oD = out[0], oH = out[1], oW = out[2];
        final int kD = kernel[0], kH = kernel[1], kW = kernel[2];
        final int sD = stride[0], sH = stride[1], sW = stride[2];
        final int pD = padding[0], pH = padding[1], pW = padding[2];
        final int inVol = iD * iH * iW, iHW = iH * iW, outVol = oD * oH * oW;
        long planeWork = (long) outVol * kD * kH * kW + inVol;
        Parallel.forRange(planes, grain(planes, planeWork), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int base = p * inVol;
                Arrays.fill(gx, base, base + inVol, 0f);
                int o = p * outVol;
                for (int od = 0; od < oD; od++) {
                    int d0 = od * sD - pD, d1 = Math.min(d0 + kD, iD);
                    d0 = Math.max(d0, 0);
                    for (int oh = 0; oh < oH; oh++) {
                        int h0 = oh * sH - pH, h1 = Math.min(h0 + kH, iH);
                        h0 = Math.max(h0, 0);
                        for (int ow = 0; ow < oW; ow++, o++) {
                            int w0 = ow * sW - pW, w1 = Math.min(w0 + kW, iW);
                            w0 = Math.max(w0, 0);
                            int arg = d0 * iHW + h0 * iW + w0;
                            float m = Float.NEGATIVE_INFINITY;
                            for (int d = d0; d < d1; d++) {
                                for (int h = h0; h < h1; h++) {
                                    int row = d * iHW + h * iW;
                                    for (int w = w0; w < w1; w++) {
                                        float v = x[base + row + w];
                                        if (v > m || v != v) {
                                            m = v;
                                            arg = row + w;
                                        }
                                    }
                                }
                            }
                            gx[base + arg] += gy[o];
                        }
                    }
                }
            }
        });
    }

    /**
     * Average pooling forward.
     *
     * @param x                input {@code [planes, in...]}
     * @param y                output {@code [planes, out...]}, overwritten
     * @param planes           number of planes
     * @param in               input spatial size
     * @param out              output spatial size, must equal {@link #outSize}
     * @param kernel           kernel size
     * @param stride           stride
     * @param padding          padding
     * @param countIncludePad  whether padded cells count in the divisor (torch's {@code count_include_pad})
     */
    public static void avgForward(float[] x, float[] y, int planes, int[] in, int[] out, int[] kernel, int[] stride,
                                  int[] padding, boolean countIncludePad) {
        validate("avgForward", x, y, planes, in, out, kernel, stride, padding);
        final int iD = in[0], iH = in[1], iW = in[2];
        final int oD = out[0], oH = out[1], oW = out[2];
        final int kD = kernel[0], kH = kernel[1], kW = kernel[2];
        final int sD = stride[0], sH = stride[1], sW = stride[2];
        final int pD = padding[0], pH = padding[1], pW = padding[2];
        final int inVol = iD * iH * iW, iHW = iH * iW;
        final int rows = planes * oD * oH;
        long rowWork = (long) oW * kD * kH * kW;
        Parallel.forRange(rows, grain(rows, rowWork), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int p = r / (oD * oH);
                int rem = r - p * (oD * oH);
                int od = rem / oH, oh = rem - od * oH;
                int d0 = od * sD - pD, d1 = Math.min(d0 + kD, iD + pD);
                int poolD = d1 - d0;
                d0 = Math.max(d0, 0);
                d1 = Math.min(d1, iD);
                int h0 = oh * sH - pH, h1 = Math.min(h0 + kH, iH + pH);
                int poolH = h1 - h0;
                h0 = Math.max(h0, 0);
                h1 = Math.min(h1, iH);
                int base = p * inVol;
                int yOff = r * oW;
                for (int ow = 0; ow < oW; ow++) {
                    int w0 = ow * sW - pW, w1 = Math.min(w0 + kW, iW + pW);
                    int poolW = w1 - w0;
                    w0 = Math.max(w0, 0);
                    w1 = Math.min(w1, iW);
                    if (d0 >= d1 || h0 >= h1 || w0 >= w1) {
                        y[yOff + ow] = 0f;
                        continue;
                    }
                    int div = countIncludePad ? poolD * poolH * poolW : (d1 - d0) * (h1 - h0) * (w1 - w0);
                    float sum = 0f;
                    for (int d = d0; d < d1; d++) {
                        for (int h = h0; h < h1; h++) {
                            int row = base + d * iHW + h * iW;
                            for (int w = w0; w < w1; w++) sum += x[row + w];
                        }
                    }
                    // torch zeroes the output and then adds the quotient (so a -0 quotient becomes +0)
                    y[yOff + ow] = 0f + sum / (float) div;
                }
            }
        });
    }

    /**
     * Average pooling backward: {@code gx} is overwritten; each output's {@code gy / divisor} is added to every
     * valid cell of its window, in output scan order.
     *
     * @param gy               gradient of the output {@code [planes, out...]}
     * @param gx               gradient of the input {@code [planes, in...]}, overwritten
     * @param planes           number of planes
     * @param in               input spatial size
     * @param out              output spatial size
     * @param kernel           kernel size
     * @param stride           stride
     * @param padding          padding
     * @param countIncludePad  whether padded cells count in the divisor
     */
    public static void avgBackward(float[] gy, float[] gx, int planes, int[] in, int[] out, int[] kernel, int[] stride,
                                   int[] padding, boolean countIncludePad) {
        validate("avgBackward", gx, gy, planes, in, out, kernel, stride, padding);
        final int iD = in[0], iH = in[1], iW = in[2];
        final int oD = out[0], oH = out[1], oW = out[2];
        final int kD = kernel[0], kH = kernel[1], kW = kernel[2];
        final int sD = stride[0], sH = stride[1], sW = stride[2];
        final int pD = padding[0], pH = padding[1], pW = padding[2];
        final int inVol = iD * iH * iW, iHW = iH * iW, outVol = oD * oH * oW;
        long planeWork = (long) outVol * kD * kH * kW + inVol;
        Parallel.forRange(planes, grain(planes, planeWork), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int base = p * inVol;
                Arrays.fill(gx, base, base + inVol, 0f);
                int o = p * outVol;
                for (int od = 0; od < oD; od++) {
                    int d0 = od * sD - pD, d1 = Math.min(d0 + kD, iD + pD);
                    int poolD = d1 - d0;
                    d0 = Math.max(d0, 0);
                    d1 = Math.min(d1, iD);
                    for (int oh = 0; oh < oH; oh++) {
                        int h0 = oh * sH - pH, h1 = Math.min(h0 + kH, iH + pH);
                        int poolH = h1 - h0;
                        h0 = Math.max(h0, 0);
                        h1 = Math.min(h1, iH);
                        for (int ow = 0; ow < oW; ow++, o++) {
                            int w0 = ow * sW - pW, w1 = Math.min(w0 + kW, iW + pW);
                            int poolW = w1 - w0;
                            w0 = Math.max(w0, 0);
                            w1 = Math.min(w1, iW);
                            if (d0 >= d1 || h0 >= h1 || w0 >= w1) continue;
                            int div = countIncludePad ? poolD * poolH * poolW : (d1 - d0) * (h1 - h0) * (w1 - w0);
                            float delta = gy[o] / (float) div;
                            for (int d = d0; d < d1; d++) {
                                for (int h = h0; h < h1; h++) {
                                    int row = base + d * iHW + h * iW;
                                    for (int w = w0; w < w1; w++) gx[row + w] += delta;
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /** A size-only grain: about {@link #CHUNK_WORK} operations per chunk, at most {@link #MAX_CHUNKS} chunks. */
    private static int grain(int n, long workPerItem) {
        int minGrain = (int) Math.max(1L, Math.min(Integer.MAX_VALUE, CHUNK_WORK / Math.max(1L, workPerItem)));
        return Parallel.grain(n, minGrain, MAX_CHUNKS);
    }

    private static void check3(String name, int[] a) {
        if (a == null || a.length != 3)
            throw new IllegalArgumentException("pool: " + name + " must have 3 entries (D, H, W), got "
                    + Arrays.toString(a));
    }

    private static void validate(String op, float[] in1, float[] out1, int planes, int[] in, int[] out, int[] kernel,
                                 int[] stride, int[] padding) {
        int[] expect = outSize(in, kernel, stride, padding);
        check3("out", out);
        if (!Arrays.equals(expect, out))
            throw new IllegalArgumentException("pool." + op + ": output size " + Arrays.toString(out)
                    + " does not match " + Arrays.toString(expect) + " for input " + Arrays.toString(in) + ", kernel "
                    + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride) + ", padding "
                    + Arrays.toString(padding));
        if (planes < 0) throw new IllegalArgumentException("pool." + op + ": planes must be >= 0, got " + planes);
        long inN = (long) planes * in[0] * in[1] * in[2];
        long outN = (long) planes * out[0] * out[1] * out[2];
        if (inN > Integer.MAX_VALUE || outN > Integer.MAX_VALUE)
            throw new IllegalArgumentException("pool." + op + ": tensor too large for a float[]: planes " + planes
                    + ", input " + Arrays.toString(in) + ", output " + Arrays.toString(out));
        requireLength(op, "input-shaped array", in1, inN);
        requireLength(op, "output-shaped array", out1, outN);
    }

    private static void requireLength(String op, String what, float[] a, long n) {
        if (a == null || a.length < n)
            throw new IllegalArgumentException("pool." + op + ": " + what + " has length "
                    + (a == null ? "null" : String.valueOf(a.length)) + ", needs " + n);
    }
}
