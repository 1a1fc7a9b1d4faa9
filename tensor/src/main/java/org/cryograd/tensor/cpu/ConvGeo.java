package org.cryograd.tensor.cpu;

import org.cryograd.tensor.spi.ConvGeometry;

/** A {@link ConvGeometry} unpacked into ints for the CPU convolution passes, with their argument checks. */
final class ConvGeo {
    final int n, cin, cout, groups, cinG, coutG, ks, inSize, outSize;
    final int id, ih, iw, od, oh, ow, kd, kh, kw, sd, sh, sw, pd, ph, pw;

    ConvGeo(ConvGeometry g) {
        n = g.n();
        cin = g.cin();
        cout = g.cout();
        groups = g.groups();
        cinG = g.cinPerGroup();
        coutG = g.coutPerGroup();
        ks = g.kernelSize();
        id = g.in()[0];
        ih = g.in()[1];
        iw = g.in()[2];
        od = g.out()[0];
        oh = g.out()[1];
        ow = g.out()[2];
        kd = g.kernel()[0];
        kh = g.kernel()[1];
        kw = g.kernel()[2];
        sd = g.stride()[0];
        sh = g.stride()[1];
        sw = g.stride()[2];
        pd = g.padding()[0];
        ph = g.padding()[1];
        pw = g.padding()[2];
        long in = (long) id * ih * iw, out = (long) od * oh * ow;
        if (n < 0 || in > Integer.MAX_VALUE || out > Integer.MAX_VALUE)
            throw new IllegalArgumentException("convolution: sizes too large " + g);
        inSize = (int) in;
        outSize = (int) out;
    }

    /** 1x1x1 kernel, stride 1, no padding, input and output of the same size: the input is its own column matrix. */
    boolean pointwise() {
        return ks == 1 && sd == 1 && sh == 1 && sw == 1 && pd == 0 && ph == 0 && pw == 0
                && id == od && ih == oh && iw == ow;
    }

    /** All three strides 1: the data gradient has a single phase, and the slab paths apply. */
    boolean unitStride() {
        return sd == 1 && sh == 1 && sw == 1;
    }

    /** {@code ceil(x / y)} for non-negative x and positive y, without overflow. */
    static int ceilDiv(int x, int y) {
        return (int) (((long) x + y - 1) / y);
    }

    /** Throws naming the array when it is null or shorter than {@code need}. */
    static void checkLen(String name, float[] a, long need) {
        if (a == null) throw new NullPointerException("convolution: " + name + " is null");
        if (a.length < need)
            throw new IllegalArgumentException("convolution: " + name + " has " + a.length + " elements, needs " + need);
    }
}
