package org.cryograd.fft;

import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * Child-JVM program for {@link FftThreadsTest}: runs transforms large enough for JTransforms to use its worker
 * threads, prints how many pool threads were created, and returns from {@code main}. The JVM must then exit on
 * its own.
 */
public final class ExitProbe {
    private ExitProbe() {}

    /** Entry point; no arguments. */
    public static void main(String[] args) {
        ConcurrencyUtils.setNumberOfThreads(4); // force JTransforms' multi-threaded paths on any machine
        Tensor x = Tensor.randn(new Rng(11), 1 << 16);
        Tensor back = Fft.irfftn(Fft.rfftn(x, 1), 1 << 16);
        Tensor v = Tensor.randn(new Rng(12), 2, 24, 24, 24);
        Fft.irfftn(Fft.rfftn(v, 3), 24, 24, 24);
        float[] a = x.toArray(), b = back.toArray();
        double err = 0;
        for (int i = 0; i < a.length; i++) err = Math.max(err, Math.abs(a[i] - b[i]));
        System.out.println("created=" + FftThreads.createdCount() + " err=" + err);
    }
}
