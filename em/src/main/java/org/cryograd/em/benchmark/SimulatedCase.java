package org.cryograd.em.benchmark;

import java.util.List;
import org.cryograd.em.pick.Pick;
import org.cryograd.em.sim.Specimen;

/**
 * One simulated tomogram of {@link SimDualBenchmark}, as {@link PhysicsCaseSource} makes it.
 *
 * @param seed      the specimen's (and the imaging's) seed
 * @param tomogram  the WBP tomogram {@code [nz, ny, nx]} (phase-flipped, or uncorrected with inverted contrast)
 * @param even      the even-frame half reconstruction, same processing ({@code null} unless asked for)
 * @param odd       the odd-frame half reconstruction ({@code null} unless asked for)
 * @param truth     the specimen's excess potential over the ice, V
 * @param particles the true particle centres (voxels)
 * @param specimen  the specimen (for re-imaging it with another noise draw)
 */
public record SimulatedCase(long seed, float[] tomogram, float[] even, float[] odd, float[] truth, List<Pick> particles, Specimen specimen)
        implements SimDualBenchmark.Case {
    /** Copies the particle list. */
    public SimulatedCase {
        particles = List.copyOf(particles);
    }
}
