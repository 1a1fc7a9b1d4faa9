/**
 * Fourier tools for cryo-EM/ET on cryograd tensors: JTransforms-backed real and complex FFTs in 1-3 D over the
 * trailing dimensions ({@link org.cryograd.fft.Fft}), radial shells ({@link org.cryograd.fft.Shells}), Fourier
 * shell correlation with 0.5/0.143 crossings ({@link org.cryograd.fft.Fsc}, {@link org.cryograd.fft.FscCurve}),
 * directional FSC over the present and missing regions of a tilt geometry
 * ({@link org.cryograd.fft.DirectionalFsc}, {@link org.cryograd.fft.TiltGeometry}), missing-wedge masks
 * ({@link org.cryograd.fft.WedgeMask}), the CTF ({@link org.cryograd.fft.Ctf}), and low-/high-/band-pass,
 * Gaussian and difference-of-Gaussians filters ({@link org.cryograd.fft.Filters}).
 *
 * <p>Conventions shared by every class: complex tensors are real tensors with a trailing {@code (re, im)}
 * dimension of size 2; Fourier arrays are in FFT order (zero frequency at index 0) in a
 * {@link org.cryograd.fft.FourierLayout}; volumes are {@code [z, y, x]} with z the light axis; transforms run in
 * double precision on the CPU on daemon threads ({@link org.cryograd.fft.FftThreads}) and are not
 * differentiable.
 */
package org.cryograd.fft;
