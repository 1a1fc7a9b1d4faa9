/**
 * A physics-based cryo-ET / cryo-EM simulator: a specimen of real macromolecules (density templates or atomic
 * models), membranes, gold and ice as an electrostatic potential in volts, imaged as a microscope does (tilt
 * scheme and dose, tilted projection with misalignment, phase object with amplitude contrast, CTF with defocus
 * gradient and envelopes, inelastic attenuation, radiation damage, Poisson counts, detector MTF), and written as a
 * microscope plus pipeline writes it. Units are in every name: Å, V, e/Å², kV, mm, µm. See the module README.
 */
package org.cryograd.em.sim;
