package org.cryograd.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cryograd.em.sim.Atom;
import org.cryograd.em.sim.AtomicModels;
import org.cryograd.em.sim.AtomicPotential;
import org.cryograd.em.sim.DensityMap;
import org.cryograd.em.sim.ElectronOptics;
import org.cryograd.em.sim.ImagingOptions;
import org.cryograd.em.sim.MeanInnerPotential;
import org.cryograd.em.sim.MembraneProfile;
import org.cryograd.em.sim.ParticleOptions;
import org.cryograd.em.sim.ParticleSimulator;
import org.cryograd.em.sim.SimulationFiles;
import org.cryograd.em.sim.Specimen;
import org.cryograd.em.sim.SpecimenBuilder;
import org.cryograd.em.sim.SpecimenOptions;
import org.cryograd.em.sim.Templates;
import org.cryograd.em.sim.TiltScheme;
import org.cryograd.em.sim.TomogramSimulation;
import org.cryograd.em.sim.TomogramSimulator;
import org.cryograd.tensor.Rng;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code cryograd simulate tomogram|particles}: the physics simulator of {@code org.cryograd.em.sim}. */
final class SimulatorCommands {
    private SimulatorCommands() {}

    /** Two numbers {@code MIN,MAX}. */
    record Range2(double min, double max) {
        static final class Converter implements ITypeConverter<Range2> {
            @Override
            public Range2 convert(String s) {
                String[] p = s.trim().split("\\s*,\\s*", -1);
                if (p.length != 2) throw new TypeConversionException("'" + s + "' is not MIN,MAX (two numbers)");
                try {
                    double a = Double.parseDouble(p[0]), b = Double.parseDouble(p[1]);
                    if (!Double.isFinite(a) || !Double.isFinite(b) || b < a) throw new TypeConversionException("'" + s + "': need finite MIN <= MAX");
                    return new Range2(a, b);
                } catch (NumberFormatException e) {
                    throw new TypeConversionException("'" + s + "' is not MIN,MAX: " + e.getMessage());
                }
            }
        }
    }

    /** Where molecules come from: templates and atomic models. */
    static final class Molecules {
        @Option(names = "--templates", paramLabel = "DIR", defaultValue = "../shared/templates",
                description = "Directory of density templates NAME.mrc (default: ${DEFAULT-VALUE}).")
        Path templates;

        @Option(names = "--classes", split = ",", paramLabel = "NAME",
                description = "Templates to use, comma-separated (default: the 12 SHREC 2021 classes + 4v4r + 3j9i found in --templates; 'none' for no template).")
        List<String> classes;

        @Option(names = "--pdb", paramLabel = "FILE", description = "An atomic model (PDB or mmCIF) to add as a class; repeatable.")
        List<Path> pdb = new ArrayList<>();

        @Option(names = "--pdb-bfactor", paramLabel = "Å²", defaultValue = "0",
                description = "B-factor added to every atom of --pdb models (default: ${DEFAULT-VALUE}).")
        double pdbB;

        List<DensityMap> load(double voxel, double proteinV, Ui ui) throws IOException {
            if (!(pdbB >= 0 && Double.isFinite(pdbB))) throw new CliError("--pdb-bfactor must be >= 0 Å², got " + pdbB);
            List<DensityMap> out = new ArrayList<>();
            boolean none = classes != null && classes.size() == 1 && classes.get(0).equalsIgnoreCase("none");
            if (!none) {
                List<String> names = classes;
                if (names == null) {
                    List<String> have = Templates.available(templates);
                    names = Templates.STANDARD.stream().filter(have::contains).toList();
                    if (names.isEmpty() && pdb.isEmpty())
                        throw new CliError("no templates in " + templates + "; give --templates DIR, --pdb FILE or --classes none");
                }
                try {
                    out.addAll(Templates.load(templates, names, voxel, proteinV));
                } catch (IOException e) {
                    throw new CliError(e.getMessage(), e);
                }
            }
            for (Path p : pdb) {
                List<Atom> atoms = AtomicModels.read(p);
                List<String> unknown = AtomicPotential.unknownElements(atoms);
                if (!unknown.isEmpty()) ui.log("%s: no scattering factors for %s; those atoms are left out", Ui.show(p), String.join(" ", unknown));
                String name = p.getFileName().toString().replaceFirst("\\.[^.]*$", "");
                out.add(AtomicPotential.compute(atoms, voxel, pdbB, 2 * voxel, name));
                ui.log("%s: %d atoms -> %s potential map of %d^3 voxels", Ui.show(p), atoms.size(), name, out.get(out.size() - 1).nx());
            }
            return out;
        }
    }

    /** Optics and effect switches shared by both commands. */
    static final class Optics {
        @Option(names = "--voltage", paramLabel = "kV", defaultValue = "300", description = "Acceleration voltage (default: ${DEFAULT-VALUE}).")
        double voltage;

        @Option(names = "--cs", paramLabel = "mm", defaultValue = "2.7", description = "Spherical aberration (default: ${DEFAULT-VALUE}).")
        double cs;

        @Option(names = "--amplitude-contrast", paramLabel = "W", defaultValue = "0.07", description = "Amplitude contrast fraction (default: ${DEFAULT-VALUE}).")
        double w;

        @Option(names = "--astigmatism", paramLabel = "µm", defaultValue = "0.05", description = "defocusU - defocusV (default: ${DEFAULT-VALUE}).")
        double astig;

        @Option(names = "--mfp", paramLabel = "nm", defaultValue = "395", description = "Inelastic mean free path of ice (default: ${DEFAULT-VALUE}, 300 kV).")
        double mfp;

        @Option(names = "--mtf-cutoff", paramLabel = "CYC/PX", defaultValue = "0.3", description = "Detector MTF falloff frequency (default: ${DEFAULT-VALUE}).")
        double mtfCutoff;

        @Option(names = "--no-ctf", description = "No defocus or Cs (in-focus, aberration-free).")
        boolean noCtf;

        @Option(names = "--no-envelopes", description = "No coherence envelopes.")
        boolean noEnvelopes;

        @Option(names = "--no-attenuation", description = "No inelastic attenuation.")
        boolean noAttenuation;

        ElectronOptics optics() {
            try {
                return ElectronOptics.krios().withVoltage(voltage).withCs(cs).withAmplitudeContrast(w);
            } catch (IllegalArgumentException e) {
                throw new CliError(e.getMessage());
            }
        }
    }

    /** {@code simulate tomogram}. */
    @Command(name = "tomogram", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Simulate a cryo-ET tilt series of macromolecules in ice from their potential, as a microscope records it, and its WBP tomograms.",
                "Writes into --out: NAME.mrc (raw stack, counts), .tlt, .mdoc, .xf, .defocus, NAME_views.tsv, NAME_tomogram[_ctf].mrc, and the truth "
                        + "NAME_potential.mrc (V), NAME_labels.mrc, NAME_classes.csv, NAME_particles.star (RELION 5), NAME_particles_voxels.star."})
    static final class Tomogram extends BaseCommand {
        @Override
        boolean usesDevice() {
            return false;
        }

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        @Option(names = "--name", defaultValue = "TS_01", description = "Base name of the files (default: ${DEFAULT-VALUE}).")
        String name;

        @Mixin
        Molecules molecules = new Molecules();

        @Option(names = "--size", defaultValue = "128,128,64", paramLabel = "X,Y,Z", converter = Size3.Converter.class,
                description = "Box in voxels: width, height (tilt axis), thickness (default: ${DEFAULT-VALUE}).")
        Size3 size;

        @Option(names = "--voxel-size", paramLabel = "Å", defaultValue = "10", description = "Voxel = detector pixel size (default: ${DEFAULT-VALUE}).")
        double voxel;

        @Option(names = "--ice-thickness", paramLabel = "Å", description = "Ice slab thickness (default: the box thickness; 0 = vacuum).")
        Double ice;

        @Option(names = "--particles", defaultValue = "40", description = "Most macromolecules to place (default: ${DEFAULT-VALUE}).")
        int particles;

        @Option(names = "--crowding", defaultValue = "0.15", description = "Stop when bounding spheres fill this fraction of the ice; 0 = only --particles (default: ${DEFAULT-VALUE}).")
        double crowding;

        @Option(names = "--min-gap", paramLabel = "Å", defaultValue = "20", description = "Least gap between bounding spheres (default: ${DEFAULT-VALUE}).")
        double gap;

        @Option(names = "--vesicles", defaultValue = "1", description = "Lipid vesicles (default: ${DEFAULT-VALUE}).")
        int vesicles;

        @Option(names = "--vesicle-radius", paramLabel = "MIN,MAX", defaultValue = "120,200", converter = Range2.Converter.class,
                description = "Vesicle radius range in Å (default: ${DEFAULT-VALUE}).")
        Range2 vesicleRadius;

        @Option(names = "--fiducials", defaultValue = "2", description = "Gold beads (default: ${DEFAULT-VALUE}).")
        int fiducials;

        @Option(names = "--fiducial-radius", paramLabel = "Å", defaultValue = "50", description = "Gold bead radius (default: ${DEFAULT-VALUE}).")
        double fiducialRadius;

        @Option(names = "--carbon-edge", paramLabel = "Å", description = "Carbon film from this x (Å from the left face) to the right (default: none).")
        Double carbonEdge;

        @Option(names = "--carbon-thickness", paramLabel = "Å", defaultValue = "150", description = "Carbon film thickness (default: ${DEFAULT-VALUE}).")
        double carbonThickness;

        @Option(names = "--contamination", defaultValue = "0", description = "Ice-contamination grains on the ice surfaces (default: ${DEFAULT-VALUE}).")
        int contamination;

        @Option(names = "--contamination-radius", paramLabel = "Å", defaultValue = "150", description = "Largest grain radius (default: ${DEFAULT-VALUE}).")
        double contaminationRadius;

        @Option(names = "--scheme", defaultValue = "dose-symmetric", description = "dose-symmetric or bidirectional (default: ${DEFAULT-VALUE}).")
        String scheme;

        @Option(names = "--range", defaultValue = "-60,60", paramLabel = "MIN,MAX", converter = AngleRange.Converter.class,
                description = "Tilt range in degrees (default: ${DEFAULT-VALUE}).")
        AngleRange range;

        @Option(names = "--step", defaultValue = "3", paramLabel = "DEG", description = "Tilt increment (default: ${DEFAULT-VALUE}).")
        double step;

        @Option(names = "--start", defaultValue = "0", paramLabel = "DEG", description = "First tilt angle taken (default: ${DEFAULT-VALUE}).")
        double start;

        @Option(names = "--group", defaultValue = "2", description = "Views per side and turn of the dose-symmetric scheme (default: ${DEFAULT-VALUE}).")
        int group;

        @Option(names = "--dose", paramLabel = "e/Å²", defaultValue = "123", description = "Total dose of the series, shared equally by the views (default: ${DEFAULT-VALUE}).")
        double dose;

        @Option(names = "--defocus", paramLabel = "µm", defaultValue = "3", description = "Nominal defocus, positive = underfocus (default: ${DEFAULT-VALUE}).")
        double defocus;

        @Option(names = "--defocus-spread", paramLabel = "µm", defaultValue = "0.1", description = "Sd of the per-view defocus deviation (default: ${DEFAULT-VALUE}).")
        double defocusSpread;

        @Option(names = "--astigmatism-angle", paramLabel = "DEG", defaultValue = "30", description = "Astigmatism angle, raw frame (default: ${DEFAULT-VALUE}).")
        double astigAngle;

        @Option(names = "--tilt-axis", paramLabel = "DEG", defaultValue = "85", description = "Tilt axis in the raw images, from +y counter-clockwise (default: ${DEFAULT-VALUE}).")
        double tiltAxis;

        @Option(names = "--shift-sd", paramLabel = "Å", defaultValue = "10", description = "Sd of residual per-view shifts (default: ${DEFAULT-VALUE}).")
        double shiftSd;

        @Option(names = "--rotation-sd", paramLabel = "DEG", defaultValue = "0.2", description = "Sd of residual per-view rotations (default: ${DEFAULT-VALUE}).")
        double rotationSd;

        @Option(names = "--strip-width", paramLabel = "PX", defaultValue = "16", description = "Strip width of the defocus gradient (default: ${DEFAULT-VALUE}).")
        int stripWidth;

        @Mixin
        Optics optics = new Optics();

        @Option(names = "--no-defocus-gradient", description = "One defocus per view.")
        boolean noGradient;

        @Option(names = "--no-damage", description = "No radiation damage (exposure filter).")
        boolean noDamage;

        @Option(names = "--no-noise", description = "Expected counts instead of Poisson counts.")
        boolean noNoise;

        @Option(names = "--no-mtf", description = "No detector MTF.")
        boolean noMtf;

        @Option(names = "--even-odd", description = "Also write the two independent half-dose stacks NAME_even.mrc, NAME_odd.mrc.")
        boolean evenOdd;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        void execute() throws Exception {
            Ui ui = ui();
            if (!name.matches("[A-Za-z0-9._-]+")) throw new CliError("--name must be a plain file name (letters, digits, . _ -), got '" + name + "'");
            double proteinV = MeanInnerPotential.protein();
            SpecimenOptions so;
            TiltScheme ts;
            ImagingOptions im;
            try {
                so = new SpecimenOptions(size.x(), size.y(), size.z(), voxel, ice != null ? ice : size.z() * voxel, MeanInnerPotential.ICE_V, proteinV,
                        particles, crowding, gap, vesicles, vesicleRadius.min(), vesicleRadius.max(), MembraneProfile.defaults(), fiducials, fiducialRadius,
                        30, carbonEdge == null ? Double.NaN : carbonEdge, carbonThickness, MeanInnerPotential.carbon(2.0), contamination, contaminationRadius);
                ts = new TiltScheme(TiltScheme.Kind.parse(scheme), range.min(), range.max(), step, start, group, dose);
                im = new ImagingOptions(optics.optics(), defocus, defocusSpread, optics.astig, astigAngle, !optics.noCtf, !noGradient, stripWidth,
                        !optics.noEnvelopes, !optics.noAttenuation, optics.mfp, !noDamage, !noNoise, evenOdd, !noMtf, optics.mtfCutoff, tiltAxis, shiftSd, rotationSd);
            } catch (IllegalArgumentException e) {
                throw new CliError(e.getMessage());
            }
            Map<String, Path> files = SimulationFiles.tomogramPaths(out, name, evenOdd);
            List<String> rel = files.values().stream().map(p -> p.getFileName().toString()).toList();
            paths().in("--pdb", molecules.pdb).outDir("--out", out, rel::contains).check();
            long voxels = (long) size.x() * size.y() * size.z();
            Memory.require("a " + size + " specimen and " + ts.anglesDeg().length + " views", Memory.floats(8 * voxels + 6L * ts.anglesDeg().length * size.x() * size.y()),
                    "the potential, labels, projections, stacks and two tomograms");
            List<DensityMap> templates = molecules.load(voxel, proteinV, ui);
            ui.log("specimen: %s voxels of %s Å, %d classes, seed %d", size, Reconstruction.fmt(voxel), templates.size(), seed);
            Specimen sp = SpecimenBuilder.build(so, templates, new Rng(seed), s -> ui.log("%s", s));
            TomogramSimulation sim = TomogramSimulator.run(sp, ts, im, seed, s -> ui.log("%s", s));
            String command = String.format(Locale.ROOT, "cryograd simulate tomogram --seed %d --size %d,%d,%d --voxel-size %s", seed, size.x(), size.y(), size.z(),
                    Reconstruction.fmt(voxel));
            SimulationFiles.writeTomogram(sim, out, name, command);
            ui.out.printf(Locale.ROOT, "wrote %d files to %s: %s (%d views of %dx%d, %s e/Å² each), %d molecules, tomograms and ground truth%n", files.size(), Ui.show(out),
                    files.get("stack").getFileName(), sim.views().size(), size.x(), size.y(), Reconstruction.fmt(sim.views().get(0).dose()), sp.particles().size());
        }
    }

    /** {@code simulate particles}. */
    @Command(name = "particles", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Simulate single-particle images projected from templates at uniformly random orientations, with CTF, shifts and noise (SNR or dose).",
                "Writes into --out: NAME.mrcs (noisy), NAME_clean.mrcs, NAME_projections.mrcs (V·Å, no CTF), NAME.star (angles, origins, defocus, class)."})
    static final class Particles extends BaseCommand {
        @Override
        boolean usesDevice() {
            return false;
        }

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        @Option(names = "--name", defaultValue = "particles", description = "Base name of the files (default: ${DEFAULT-VALUE}).")
        String name;

        @Mixin
        Molecules molecules = new Molecules();

        @Option(names = "--count", defaultValue = "1000", description = "Number of images (default: ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--box", defaultValue = "64", paramLabel = "PX", description = "Image size (default: ${DEFAULT-VALUE}).")
        int box;

        @Option(names = "--pixel-size", paramLabel = "Å", defaultValue = "5", description = "Pixel size (default: ${DEFAULT-VALUE}).")
        double pixel;

        @Option(names = "--defocus", paramLabel = "MIN,MAX", defaultValue = "1,3", converter = Range2.Converter.class,
                description = "Defocus range in µm, uniform (default: ${DEFAULT-VALUE}).")
        Range2 defocus;

        @Option(names = "--shift-sd", paramLabel = "Å", defaultValue = "10", description = "Sd of the particle offset per axis (default: ${DEFAULT-VALUE}).")
        double shiftSd;

        @ArgGroup(exclusive = true)
        Noise noise;

        static final class Noise {
            @Option(names = "--snr", description = "Gaussian noise at SNR = var(clean)/var(noise) per image (default 0.1).")
            Double snr;

            @Option(names = "--dose", paramLabel = "e/Å²", description = "Poisson counts at this dose instead of --snr.")
            Double dose;
        }

        @Option(names = "--ice-thickness", paramLabel = "Å", defaultValue = "300", description = "Ice around the particles (default: ${DEFAULT-VALUE}).")
        double ice;

        @Mixin
        Optics optics = new Optics();

        @Option(names = "--mtf", description = "Apply the detector MTF (dose mode).")
        boolean mtf;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        void execute() throws Exception {
            Ui ui = ui();
            if (!name.matches("[A-Za-z0-9._-]+")) throw new CliError("--name must be a plain file name (letters, digits, . _ -), got '" + name + "'");
            double snr = noise == null || (noise.snr == null && noise.dose == null) ? 0.1 : noise.snr != null ? noise.snr : Double.NaN;
            double dose = noise != null && noise.dose != null ? noise.dose : Double.NaN;
            ParticleOptions po;
            try {
                ImagingOptions im = ImagingOptions.defaults().withOptics(optics.optics())
                        .withEffects(!optics.noCtf, false, !optics.noEnvelopes, !optics.noAttenuation, false, !Double.isNaN(dose), mtf)
                        .withAlignment(0, 0, 0).withDetails(optics.mfp, optics.mtfCutoff, 16);
                po = new ParticleOptions(box, pixel, count, defocus.min(), defocus.max(), optics.astig, shiftSd, snr, dose, ice, im);
            } catch (IllegalArgumentException e) {
                throw new CliError(e.getMessage());
            }
            Map<String, Path> files = SimulationFiles.particlePaths(out, name);
            List<String> rel = files.values().stream().map(p -> p.getFileName().toString()).toList();
            paths().in("--pdb", molecules.pdb).outDir("--out", out, rel::contains).check();
            Memory.require(count + " images of " + box + "x" + box, Memory.floats(4L * count * box * box), "three image stacks");
            double proteinV = MeanInnerPotential.protein();
            List<DensityMap> templates = molecules.load(pixel, proteinV, ui);
            if (templates.isEmpty()) throw new CliError("no molecules: give templates (--templates/--classes) or --pdb");
            ui.log("particles: %d images of %dx%d at %s Å from %d classes, %s", count, box, box, Reconstruction.fmt(pixel), templates.size(),
                    Double.isNaN(dose) ? "SNR " + Reconstruction.fmt(snr) : Reconstruction.fmt(dose) + " e/Å²");
            ParticleSimulator.ParticleSet set = ParticleSimulator.run(po, templates, MeanInnerPotential.ICE_V, proteinV, seed, s -> ui.log("%s", s));
            String command = String.format(Locale.ROOT, "cryograd simulate particles --seed %d --count %d --box %d --pixel-size %s", seed, count, box, Reconstruction.fmt(pixel));
            SimulationFiles.writeParticles(set, out, name, command);
            ui.out.printf(Locale.ROOT, "wrote %s, %s, %s and %s (%d images of %dx%d, %d classes)%n", Ui.show(files.get("images")), files.get("clean").getFileName(),
                    files.get("projections").getFileName(), files.get("star").getFileName(), count, box, box, templates.size());
        }
    }
}
