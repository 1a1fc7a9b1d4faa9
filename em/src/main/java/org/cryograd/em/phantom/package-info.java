/**
 * Simulated volumes for reconstruction benchmarks ({@link org.cryograd.em.phantom.Phantoms}, one kind per
 * {@link org.cryograd.em.phantom.PhantomKind}).
 */
package org.cryograd.em.phantom;
