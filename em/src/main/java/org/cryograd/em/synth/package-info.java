/**
 * The seeded SHREC-2021-like synthetic data: grand models of vesicles, fiducials and pseudo-molecule particles
 * ({@link org.cryograd.em.synth.GrandModelGenerator}), their simulated tomograms
 * ({@link org.cryograd.em.synth.TomogramSimulator}) and the ten benchmark pairs
 * ({@link org.cryograd.em.synth.SyntheticBenchmark}).
 */
package org.cryograd.em.synth;
