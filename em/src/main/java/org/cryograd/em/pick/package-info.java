/**
 * Particle picking: difference-of-Gaussians picks ({@link org.cryograd.em.pick.DogPicker}), precision/recall/F1
 * against true positions ({@link org.cryograd.em.pick.PickMatching}) and RELION coordinate STAR files
 * ({@link org.cryograd.em.pick.PickStar}).
 */
package org.cryograd.em.pick;
