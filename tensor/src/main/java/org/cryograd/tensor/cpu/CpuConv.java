package org.cryograd.tensor.cpu;

import org.cryograd.tensor.spi.ConvGeometry;

/** Naive direct loops (correct, slow): the first landing; the tiled, parallel kernel replaces it in the next commit. */
public final class CpuConv {
    private CpuConv() {}

    public static void forward(float[] x, float[] w, float[] bias, float[] y, ConvGeometry g) {
        java.util.Arrays.fill(y, 0f);
        loop(g, (xi, wi, yi) -> y[yi] += x[xi] * w[wi]);
        if (bias != null) for (int n = 0; n < g.n(); n++) for (int c = 0; c < g.cout(); c++) for (int s = 0; s < g.outSize(); s++) y[(n * g.cout() + c) * g.outSize() + s] += bias[c];
    }

    public static void backwardData(float[] gy, float[] w, float[] gx, ConvGeometry g) {
        java.util.Arrays.fill(gx, 0f);
        loop(g, (xi, wi, yi) -> gx[xi] += gy[yi] * w[wi]);
    }

    public static void backwardWeight(float[] x, float[] gy, float[] gw, ConvGeometry g) {
        java.util.Arrays.fill(gw, 0f);
        loop(g, (xi, wi, yi) -> gw[wi] += gy[yi] * x[xi]);
    }

    interface Tap { void at(int xi, int wi, int yi); }

    static void loop(ConvGeometry g, Tap t) {
        int[] in = g.in(), out = g.out(), k = g.kernel(), s = g.stride(), p = g.padding();
        int cpg = g.cinPerGroup(), opg = g.coutPerGroup();
        for (int n = 0; n < g.n(); n++) for (int co = 0; co < g.cout(); co++) {
            int grp = co / opg;
            for (int ci = 0; ci < cpg; ci++) for (int od = 0; od < out[0]; od++) for (int oh = 0; oh < out[1]; oh++) for (int ow = 0; ow < out[2]; ow++)
                for (int kd = 0; kd < k[0]; kd++) for (int kh = 0; kh < k[1]; kh++) for (int kw = 0; kw < k[2]; kw++) {
                    int id = od * s[0] - p[0] + kd, ih = oh * s[1] - p[1] + kh, iw = ow * s[2] - p[2] + kw;
                    if (id < 0 || ih < 0 || iw < 0 || id >= in[0] || ih >= in[1] || iw >= in[2]) continue;
                    int xi = (((n * g.cin() + grp * cpg + ci) * in[0] + id) * in[1] + ih) * in[2] + iw;
                    int wi = (((co * cpg + ci) * k[0] + kd) * k[1] + kh) * k[2] + kw;
                    int yi = (((n * g.cout() + co) * out[0] + od) * out[1] + oh) * out[2] + ow;
                    t.at(xi, wi, yi);
                }
        }
    }
}
