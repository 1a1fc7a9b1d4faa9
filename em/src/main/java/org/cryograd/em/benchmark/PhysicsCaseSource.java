package org.cryograd.em.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.cryograd.em.geometry.Projector;
import org.cryograd.em.pick.Pick;
import org.cryograd.em.sim.DensityMap;
import org.cryograd.em.sim.ImagingOptions;
import org.cryograd.em.sim.PlacedParticle;
import org.cryograd.em.sim.Specimen;
import org.cryograd.em.sim.SpecimenBuilder;
import org.cryograd.em.sim.SpecimenOptions;
import org.cryograd.em.sim.Templates;
import org.cryograd.em.sim.TiltScheme;
import org.cryograd.em.sim.TomogramSimulation;
import org.cryograd.em.sim.TomogramSimulator;
import org.cryograd.fft.TiltAxis;
import org.cryograd.fft.TiltGeometry;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;

/**
 * {@link SimDualBenchmark}'s data from the physics simulator ({@code org.cryograd.em.sim}): a specimen of
 * {@link SimDualBenchmarkOptions#particles()} macromolecules from the density templates, one vesicle, no gold, in an
 * ice slab of 0.8 of the box thickness (at most the default 640 Å), imaged with every effect of
 * {@link ImagingOptions#defaults()} (CTF, coherence envelopes, attenuation, radiation damage, detector MTF, Poisson
 * noise, residual misalignment corrected with the true transforms) over a dose-symmetric tilt series, reconstructed by
 * WBP. The truth is the specimen's excess potential over the ice.
 */
public final class PhysicsCaseSource implements SimDualBenchmark.CaseSource {
    private final SimDualBenchmarkOptions o;
    private final List<DensityMap> templates;

    private PhysicsCaseSource(SimDualBenchmarkOptions o, List<DensityMap> templates) {
        this.o = o;
        this.templates = templates;
    }

    /**
     * Loads the standard templates present in {@link SimDualBenchmarkOptions#templates()}.
     *
     * @throws IOException naming the directory when it does not exist or holds no template
     */
    public static PhysicsCaseSource load(SimDualBenchmarkOptions o) throws IOException {
        if (!Files.isDirectory(o.templates()))
            throw new IOException("density templates directory " + o.templates() + " does not exist; the dual-sim benchmark simulates its tomograms from "
                    + "the templates NAME.mrc there");
        List<String> have = Templates.available(o.templates());
        List<String> names = Templates.STANDARD.stream().filter(have::contains).toList();
        if (names.isEmpty()) throw new IOException("no standard density templates (NAME.mrc) in " + o.templates() + "; the dual-sim benchmark simulates its tomograms from them");
        return new PhysicsCaseSource(o, Templates.load(o.templates(), names, o.voxelSizeA(), SpecimenOptions.defaults().proteinPotentialV()));
    }

    /** The specimen of {@code seed}. */
    Specimen specimen(long seed) {
        SpecimenOptions so = SpecimenOptions.benchmarkSlab(o.nx(), o.ny(), o.nz(), o.voxelSizeA(), o.particles());
        Specimen sp = SpecimenBuilder.build(so, templates, new Rng(seed), s -> { });
        if (sp.particles().isEmpty())
            throw new IllegalStateException("SimDualBenchmark: the specimen of seed " + seed + " holds no molecule (none fits a " + o.nx() + "x" + o.ny() + "x"
                    + o.nz() + " box of " + o.voxelSizeA() + " Å voxels); enlarge the box");
        return sp;
    }

    private TiltScheme scheme() {
        return new TiltScheme(TiltScheme.Kind.DOSE_SYMMETRIC, o.minDeg(), o.maxDeg(), o.stepDeg(), 0, 2, o.totalDose());
    }

    @Override
    public SimulatedCase simulate(long seed, boolean halves) {
        Specimen sp = specimen(seed);
        return image(sp, seed, halves);
    }

    private SimulatedCase image(Specimen sp, long seed, boolean halves) {
        TiltScheme scheme = scheme();
        ImagingOptions im = ImagingOptions.defaults().withEvenOdd(halves);
        TomogramSimulation sim = TomogramSimulator.run(sp, scheme, im, seed, s -> { });
        (o.ctfCorrect() ? sim.tomogram() : sim.tomogramCtf()).close();
        float[] tomo = processed(o.ctfCorrect() ? sim.tomogramCtf() : sim.tomogram());
        float[] even = null, odd = null;
        if (halves) {
            Projector p = new Projector(new TiltGeometry(scheme.anglesDeg(), TiltAxis.Y), o.nx(), o.nz());
            even = processed(TomogramSimulator.reconstruct(p, sim.even().toArray(), sim.geometry(), o.ny(), o.nx(), o.voxelSizeA(), im, o.ctfCorrect()));
            odd = processed(TomogramSimulator.reconstruct(p, sim.odd().toArray(), sim.geometry(), o.ny(), o.nx(), o.voxelSizeA(), im, o.ctfCorrect()));
            sim.even().close();
            sim.odd().close();
        }
        sim.raw().close();
        List<Pick> particles = new ArrayList<>();
        for (PlacedParticle p : sp.particles()) particles.add(Pick.at(p.x(), p.y(), p.z()));
        return new SimulatedCase(seed, tomo, even, odd, sp.excess(), particles, sp);
    }

    /** The volume's voxels (closing it); the contrast inverted without CTF correction (molecules are dark in raw images). */
    private float[] processed(Tensor t) {
        float[] v = t.toArray();
        t.close();
        if (!o.ctfCorrect()) for (int i = 0; i < v.length; i++) v[i] = -v[i];
        return v;
    }

    @Override
    public float[] cleanMap(long seed) {
        return specimen(seed).excess();
    }

    @Override
    public float[] oracle(SimDualBenchmark.Case c, long seed) {
        if (!(c instanceof SimulatedCase s)) throw new IllegalArgumentException("PhysicsCaseSource.oracle: not a simulated case: " + c);
        return image(s.specimen(), seed, false).tomogram();
    }
}
