package org.cryograd.fft;

/**
 * How a Fourier-space array (a mask, a filter, a CTF, a shell index) is laid out for a real-space grid of sizes
 * {@code [.., n]}. Both are in FFT order: index 0 is the zero frequency, and bin {@code i} of an axis of size
 * {@code n} holds signed frequency index {@code i} for {@code i < (n+1)/2}, else {@code i - n}
 * ({@code numpy.fft.fftfreq} order). Use {@link Fft#fftshift} for a centred picture.
 */
public enum FourierLayout {
    /** Every frequency: shape {@code [.., n]}; matches {@link Fft#fftn} of the grid. */
    FULL,
    /**
     * The non-negative half along the last axis: shape {@code [.., n/2+1]}; matches {@link Fft#rfftn} of the grid.
     * The last axis holds frequency indices {@code 0 .. n/2}.
     */
    HALF;

    /**
     * How many elements of the full spectrum a {@link #HALF} element stands for: 1 on the last axis' zero plane
     * (and, for even {@code n}, its Nyquist plane), whose Hermitian partners are stored in the half array too, else 2.
     * Sums over the full spectrum are sums over the half array with these weights.
     *
     * @param lastIndex index along the half array's last axis, {@code 0 .. n/2}
     * @param n         the real grid's size along that axis
     */
    public static int halfMultiplicity(int lastIndex, int n) {
        return lastIndex == 0 || (n % 2 == 0 && lastIndex == n / 2) ? 1 : 2;
    }
}
