/**
 * The embedding API of cryograd: one small, stable package for Java programs and plugins (Fiji, pipelines) that want
 * a job done without wiring projectors, network configurations and checkpoints themselves.
 *
 * <p>Entry points, each a final class of static methods: {@link org.cryograd.api.Reconstruct} (WBP, SIRT, coordinate
 * network from a tilt series), {@link org.cryograd.api.Denoise} (a trained DUAL model), {@link org.cryograd.api.Simulate}
 * (phantoms, tilt series, simulated tomograms), {@link org.cryograd.api.Pick} (difference-of-Gaussians picking) and
 * {@link org.cryograd.api.Evaluate} (PSNR/SSIM/VIF-P, FSC). Data go in and out as {@link org.cryograd.api.VolumeData}
 * (a float array with its shape and voxel size in Å) or {@link org.cryograd.api.TiltSeries} (views plus angles), or as
 * MRC/.tlt paths; options are records with {@code defaults()} and {@code withX} copies; results are records that carry
 * their metadata (voxel size, shape, tilt angles, the labels the command line writes) and can write themselves.
 *
 * <pre>{@code
 * TiltSeries ts = TiltSeries.read(Path.of("ts.mrc"), Path.of("ts.tlt"));
 * Cancellation cancel = Cancellation.create();                 // cancel.cancel() from any thread stops the job
 * ProgressListener progress = (stage, done, total, detail) -> System.out.println(stage + " " + done + "/" + total);
 * Reconstruct.Result r = Reconstruct.run(ts, Reconstruct.Options.defaults()
 *         .withMethod(Reconstruct.Method.SIRT).withIterations(30, 0).withDevice("cpu"), progress, cancel);
 * r.writeMrc(Path.of("rec.mrc"));                                // the file 'cryograd reconstruct' writes
 * Pick.Result picks = Pick.run(r.volume(), Pick.Options.of(3.0).withTop(100));
 * Evaluate.Fsc fsc = Evaluate.fsc(r.volume(), VolumeData.read(Path.of("truth.mrc")));
 * }</pre>
 *
 * <p><b>Contract.</b> No call prints, logs to the console of its own accord (the library logs through SLF4J) or exits
 * the JVM. Bad input throws {@link java.lang.IllegalArgumentException} with one line that names the file, value or
 * shape; unreadable files throw {@link java.io.IOException}; a cancelled job throws
 * {@link org.cryograd.api.CancelledException} and returns nothing. Every entry point is thread-safe: calls keep no state
 * and may run concurrently (they then share the CPU backend's worker threads). Progress arrives through the one
 * {@link org.cryograd.api.ProgressListener} interface on the job's thread; cancellation is cooperative through a
 * {@link org.cryograd.api.Cancellation} token, checked between iterations, optimizer steps and tile passes. Devices are
 * named {@code auto} (a working GPU, else the CPU), {@code cpu}, {@code cuda} or {@code cuda:N}; a run on a given device
 * gives the same values, bit for bit, as the command line on that device.
 */
package org.cryograd.api;
