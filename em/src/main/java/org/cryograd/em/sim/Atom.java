package org.cryograd.em.sim;

/**
 * One atom of an atomic model.
 *
 * @param element   element symbol (upper case)
 * @param x         position, Å
 * @param y         position, Å
 * @param z         position, Å
 * @param bFactor   isotropic B-factor, Å² (0 when the file has none)
 * @param occupancy occupancy in [0, 1]
 */
public record Atom(String element, double x, double y, double z, double bFactor, double occupancy) {}
