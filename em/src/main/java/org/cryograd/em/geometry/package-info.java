/**
 * Tilt geometry: the parallel-beam projector of a single-axis tilt series as one sparse matrix
 * ({@link org.cryograd.em.geometry.Projector}) and simulated tilt series with additive noise
 * ({@link org.cryograd.em.geometry.TiltSimulation}).
 */
package org.cryograd.em.geometry;
