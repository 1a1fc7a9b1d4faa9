/**
 * The synthetic denoise-and-pick benchmark (the DUAL paper's Tables 1 and 2): {@link org.cryograd.em.benchmark.DualBenchmark}
 * and {@link org.cryograd.em.benchmark.SeedSweep} score no denoising, the classical baselines and any learned denoiser
 * plugged in through {@link org.cryograd.em.benchmark.DenoiserFactory}, and compare simulators
 * ({@link org.cryograd.em.benchmark.VolumeSimulator}) by {@link org.cryograd.em.benchmark.RealismScores}. Nothing here
 * depends on a method module; DUAL supplies its factory and simulator from its own module.
 */
package org.cryograd.em.benchmark;
