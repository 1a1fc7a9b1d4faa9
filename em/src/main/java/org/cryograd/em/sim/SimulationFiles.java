package org.cryograd.em.sim;

import org.cryograd.io.ImodAlignmentFiles;

import org.cryograd.io.XfTransform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cryograd.em.pick.Pick;
import org.cryograd.em.pick.PickStar;
import org.cryograd.em.pick.TomogramFrame;
import org.cryograd.io.AtomicFiles;
import org.cryograd.io.MrcHeader;
import org.cryograd.io.MrcWriter;
import org.cryograd.io.StarBlock;
import org.cryograd.io.StarFile;
import org.cryograd.io.StarTable;
import org.cryograd.io.TiltAngles;
import org.cryograd.tensor.Tensor;

/**
 * Writes a simulation's outputs, each atomically, under the names a microscope and pipeline use. All the
 * simulator's own text formats are here, in one class.
 *
 * <table>
 *   <caption>Files of {@link #writeTomogram} for base name {@code TS}</caption>
 *   <tr><td>{@code TS.mrc}</td><td>raw tilt stack (counts, float32, views in ascending angle, pixel size in the header)</td></tr>
 *   <tr><td>{@code TS_even.mrc}, {@code TS_odd.mrc}</td><td>the half-dose stacks, when simulated</td></tr>
 *   <tr><td>{@code TS.tlt}</td><td>tilt angles, one per line (IMOD)</td></tr>
 *   <tr><td>{@code TS.mdoc}</td><td>SerialEM-style metadata: per {@code [ZValue]} TiltAngle, ExposureDose,
 *       PriorRecordDose (e/Å²), Defocus (µm, SerialEM's sign: negative = underfocus), PixelSpacing (Å),
 *       RotationAngle (the tilt axis, degrees)</td></tr>
 *   <tr><td>{@code TS.xf}</td><td>per view the IMOD transform that aligns the raw view ({@link XfTransform})</td></tr>
 *   <tr><td>{@code TS.defocus}</td><td>IMOD ctfplotter version 2: {@code view view angle angle defocus_nm}, 1-based
 *       views, the first line ending in the version {@code 2}; the mean of U and V</td></tr>
 *   <tr><td>{@code TS_views.tsv}</td><td>per view: index, angle, acquisition order, dose, prior dose, defocus U and V (Å),
 *       astigmatism angle (raw frame, degrees), xf rotation (degrees), shifts (pixels)</td></tr>
 *   <tr><td>{@code TS_tomogram.mrc}, {@code TS_tomogram_ctf.mrc}</td><td>WBP without / with phase flipping</td></tr>
 *   <tr><td>{@code TS_potential.mrc}</td><td>ground truth: the total potential, V</td></tr>
 *   <tr><td>{@code TS_labels.mrc}</td><td>ground truth: labels (see {@code TS_classes.csv})</td></tr>
 *   <tr><td>{@code TS_classes.csv}</td><td>label, name, kind, count, bounding radius (Å)</td></tr>
 *   <tr><td>{@code TS_particles.star}</td><td>RELION 5 particles: rlnTomoName, rlnCenteredCoordinateX/Y/ZAngst
 *       (Å from voxel {@code n/2}), rlnAngleRot/Tilt/Psi ({@link EulerAngles}), rlnClassNumber</td></tr>
 *   <tr><td>{@code TS_particles_voxels.star}</td><td>the same positions as 0-based voxel indices ({@link PickStar})</td></tr>
 * </table>
 */
public final class SimulationFiles {
    private SimulationFiles() {}

    /** The paths {@link #writeTomogram} writes, by key, for a directory and base name. */
    public static Map<String, Path> tomogramPaths(Path dir, String base, boolean evenOdd) {
        Map<String, Path> m = new LinkedHashMap<>();
        m.put("stack", dir.resolve(base + ".mrc"));
        if (evenOdd) {
            m.put("even", dir.resolve(base + "_even.mrc"));
            m.put("odd", dir.resolve(base + "_odd.mrc"));
        }
        for (String s : new String[] {"tlt", "mdoc", "xf", "defocus"}) m.put(s, dir.resolve(base + "." + s));
        m.put("views", dir.resolve(base + "_views.tsv"));
        m.put("tomogram", dir.resolve(base + "_tomogram.mrc"));
        m.put("tomogram_ctf", dir.resolve(base + "_tomogram_ctf.mrc"));
        m.put("potential", dir.resolve(base + "_potential.mrc"));
        m.put("labels", dir.resolve(base + "_labels.mrc"));
        m.put("classes", dir.resolve(base + "_classes.csv"));
        m.put("particles", dir.resolve(base + "_particles.star"));
        m.put("particles_voxels", dir.resolve(base + "_particles_voxels.star"));
        return m;
    }

    /**
     * Writes every output of a tomogram simulation.
     *
     * @param sim     the simulation
     * @param dir     output directory (created)
     * @param base    base name
     * @param command the command line, stored in MRC labels
     * @return the files written, by key
     */
    public static Map<String, Path> writeTomogram(TomogramSimulation sim, Path dir, String base, String command) throws IOException {
        Files.createDirectories(dir);
        Specimen sp = sim.specimen();
        SpecimenOptions so = sp.options();
        double v = so.voxelSize();
        Map<String, Path> p = tomogramPaths(dir, base, sim.even() != null);
        String label = command.length() > 80 ? command.substring(0, 80) : command;
        mrc(p.get("stack"), sim.raw(), v, true, label);
        if (sim.even() != null) {
            mrc(p.get("even"), sim.even(), v, true, label);
            mrc(p.get("odd"), sim.odd(), v, true, label);
        }
        TiltAngles.write(p.get("tlt"), sim.anglesDeg());
        text(p.get("mdoc"), mdoc(sim, p.get("stack").getFileName().toString()));
        ImodAlignmentFiles.writeXf(p.get("xf"), sim.geometry().stream().map(ViewImager.View::xf).toList());
        text(p.get("defocus"), imodDefocus(sim));
        text(p.get("views"), viewTable(sim));
        mrc(p.get("tomogram"), sim.tomogram(), v, false, label);
        mrc(p.get("tomogram_ctf"), sim.tomogramCtf(), v, false, label);
        int nx = so.nx(), ny = so.ny(), nz = so.nz();
        try (Tensor pot = Tensor.of(sp.potential(), nz, ny, nx); Tensor lab = Tensor.of(sp.labels(), nz, ny, nx)) {
            mrc(p.get("potential"), pot, v, false, "cryograd: total potential, V");
            mrc(p.get("labels"), lab, v, false, "cryograd: labels, see _classes.csv");
        }
        text(p.get("classes"), classTable(sp));
        particleStar(sp, base).write(p.get("particles"));
        List<Pick> picks = new ArrayList<>();
        for (PlacedParticle q : sp.particles()) picks.add(Pick.at(q.x(), q.y(), q.z()));
        PickStar.write(p.get("particles_voxels"), picks);
        return p;
    }

    /** The SerialEM-style {@code .mdoc} text. */
    public static String mdoc(TomogramSimulation sim, String imageFile) {
        SpecimenOptions so = sim.specimen().options();
        StringBuilder b = new StringBuilder();
        b.append(f("PixelSpacing = %s%n", num(so.voxelSize())));
        b.append(f("Voltage = %s%n", num(sim.imaging().optics().voltageKv())));
        b.append("ImageFile = ").append(imageFile).append('\n');
        b.append(f("ImageSize = %d %d%n", so.nx(), so.ny()));
        b.append("DataMode = 2\n\n");
        b.append("[T = cryograd simulate tomogram: simulated data, views in ascending tilt angle; acquisition order in PriorRecordDose]\n");
        for (int k = 0; k < sim.views().size(); k++) {
            TiltScheme.View tv = sim.views().get(k);
            ViewImager.View g = sim.geometry().get(k);
            b.append(f("%n[ZValue = %d]%n", k));
            b.append(f("TiltAngle = %.2f%n", tv.angleDeg()));
            b.append(f("ExposureDose = %s%n", num(tv.dose())));
            b.append(f("PriorRecordDose = %s%n", num(tv.priorDose())));
            b.append(f("Defocus = %.4f%n", -(g.defocusUA() + g.defocusVA()) / 2 / 1e4));
            b.append(f("TargetDefocus = %.4f%n", -sim.imaging().defocusUm()));
            b.append(f("PixelSpacing = %s%n", num(so.voxelSize())));
            b.append(f("RotationAngle = %s%n", num(sim.imaging().tiltAxisDeg())));
        }
        return b.toString();
    }

    /** IMOD ctfplotter defocus file, version 2 (nm, mean of U and V). */
    public static String imodDefocus(TomogramSimulation sim) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < sim.views().size(); k++) {
            double a = sim.views().get(k).angleDeg();
            ViewImager.View g = sim.geometry().get(k);
            b.append(f("%d %d %.2f %.2f %.1f", k + 1, k + 1, a, a, (g.defocusUA() + g.defocusVA()) / 2 / 10));
            b.append(k == 0 ? " 2\n" : "\n");
        }
        return b.toString();
    }

    /** The per-view table ({@code _views.tsv}). */
    public static String viewTable(TomogramSimulation sim) {
        StringBuilder b = new StringBuilder("view\tangle_deg\torder\tdose_e_per_A2\tprior_dose_e_per_A2\tdefocus_u_A\tdefocus_v_A\tastig_angle_raw_deg\txf_rotation_deg\txf_dx_px\txf_dy_px\n");
        for (int k = 0; k < sim.views().size(); k++) {
            TiltScheme.View tv = sim.views().get(k);
            ViewImager.View g = sim.geometry().get(k);
            b.append(f("%d\t%s\t%d\t%s\t%s\t%.1f\t%.1f\t%.3f\t%.4f\t%.4f\t%.4f%n", k, num(tv.angleDeg()), tv.order(), num(tv.dose()), num(tv.priorDose()),
                    g.defocusUA(), g.defocusVA(), sim.imaging().astigmatismAngleDeg(), ViewWarp.angleDeg(g.xf()), g.xf().dx(), g.xf().dy()));
        }
        return b.toString();
    }

    /** The class table ({@code _classes.csv}). */
    public static String classTable(Specimen sp) {
        StringBuilder b = new StringBuilder("label,name,kind,count,radius_A\n");
        for (int c = 0; c < sp.classNames().size(); c++) {
            int cls = c + 1;
            List<PlacedParticle> of = sp.particles().stream().filter(q -> q.classNumber() == cls).toList();
            double r = of.isEmpty() ? Double.NaN : of.get(0).radiusA();
            b.append(f("%d,%s,macromolecule,%d,%s%n", cls, sp.classNames().get(c), of.size(), Double.isNaN(r) ? "" : f("%.1f", r)));
        }
        b.append(f("%d,membrane,vesicle,%d,%n", sp.membraneLabel(), sp.vesicles().size()));
        b.append(f("%d,gold,fiducial,%d,%s%n", sp.goldLabel(), sp.fiducials().size(), num(sp.options().fiducialRadiusA())));
        b.append(f("%d,carbon,support,%d,%n", sp.carbonLabel(), Double.isNaN(sp.options().carbonEdgeA()) ? 0 : 1));
        b.append(f("%d,ice_contamination,surface,%d,%s%n", sp.contaminationLabel(), sp.contamination().size(), num(sp.options().contaminationRadiusA())));
        return b.toString();
    }

    /** The RELION 5 particle STAR of the placed molecules. */
    public static StarFile particleStar(Specimen sp, String tomoName) {
        SpecimenOptions o = sp.options();
        TomogramFrame frame = new TomogramFrame(o.nx(), o.ny(), o.nz(), o.voxelSize());
        StarTable.Builder t = StarTable.builder("rlnTomoName", "rlnCenteredCoordinateXAngst", "rlnCenteredCoordinateYAngst", "rlnCenteredCoordinateZAngst",
                "rlnAngleRot", "rlnAngleTilt", "rlnAnglePsi", "rlnClassNumber");
        for (PlacedParticle q : sp.particles()) {
            EulerAngles e = q.euler();
            t.row(tomoName, (q.x() - frame.centreX()) * o.voxelSize(), (q.y() - frame.centreY()) * o.voxelSize(), (q.z() - frame.centreZ()) * o.voxelSize(),
                    e.rot(), e.tilt(), e.psi(), q.classNumber());
        }
        return StarFile.of(StarBlock.of("particles", t.build()));
    }

    /** The paths {@link #writeParticles} writes, by key. */
    public static Map<String, Path> particlePaths(Path dir, String base) {
        Map<String, Path> m = new LinkedHashMap<>();
        m.put("images", dir.resolve(base + ".mrcs"));
        m.put("clean", dir.resolve(base + "_clean.mrcs"));
        m.put("projections", dir.resolve(base + "_projections.mrcs"));
        m.put("star", dir.resolve(base + ".star"));
        return m;
    }

    /**
     * Writes a particle set: {@code BASE.mrcs} (noisy images), {@code BASE_clean.mrcs} (noiseless, same scale),
     * {@code BASE_projections.mrcs} (projected potential, V·Å, no CTF) and {@code BASE.star} (RELION 3.1+:
     * {@code data_optics} with voltage, Cs, amplitude contrast, pixel size and box; {@code data_particles} with
     * rlnImageName {@code i@BASE.mrcs}, rlnAngleRot/Tilt/Psi, rlnOriginXAngst/YAngst (= minus the particle's offset,
     * RELION's sign), rlnDefocusU/V (Å), rlnDefocusAngle, rlnClassNumber, rlnOpticsGroup).
     */
    public static Map<String, Path> writeParticles(ParticleSimulator.ParticleSet set, Path dir, String base, String command) throws IOException {
        Files.createDirectories(dir);
        Map<String, Path> p = particlePaths(dir, base);
        ParticleOptions o = set.options();
        int n = set.particles().size(), b = o.box();
        String label = command.length() > 80 ? command.substring(0, 80) : command;
        try (Tensor a = Tensor.of(set.noisy(), n, b, b); Tensor c = Tensor.of(set.clean(), n, b, b); Tensor q = Tensor.of(set.projections(), n, b, b)) {
            mrc(p.get("images"), a, o.pixelSize(), true, label);
            mrc(p.get("clean"), c, o.pixelSize(), true, label);
            mrc(p.get("projections"), q, o.pixelSize(), true, "cryograd: projected potential, V*A");
        }
        ElectronOptics eo = o.imaging().optics();
        StarTable optics = StarTable.builder("rlnOpticsGroup", "rlnOpticsGroupName", "rlnVoltage", "rlnSphericalAberration", "rlnAmplitudeContrast",
                "rlnImagePixelSize", "rlnImageSize", "rlnImageDimensionality").row(1, "opticsGroup1", eo.voltageKv(), eo.csMm(), eo.amplitudeContrast(),
                o.pixelSize(), b, 2).build();
        StarTable.Builder t = StarTable.builder("rlnImageName", "rlnAngleRot", "rlnAngleTilt", "rlnAnglePsi", "rlnOriginXAngst", "rlnOriginYAngst",
                "rlnDefocusU", "rlnDefocusV", "rlnDefocusAngle", "rlnClassNumber", "rlnOpticsGroup");
        String stack = p.get("images").getFileName().toString();
        for (int i = 0; i < n; i++) {
            ParticleSimulator.Particle q = set.particles().get(i);
            t.row((i + 1) + "@" + stack, q.euler().rot(), q.euler().tilt(), q.euler().psi(), -q.shiftXA(), -q.shiftYA(), q.defocusUA(), q.defocusVA(),
                    q.astigDeg(), q.classNumber(), 1);
        }
        StarFile.of(StarBlock.of("optics", optics), StarBlock.of("particles", t.build())).write(p.get("star"));
        return p;
    }

    /** Writes a float32 MRC atomically: an image stack ({@code stack}) or a volume. */
    public static void mrc(Path path, Tensor data, double voxelSize, boolean stack, String label) throws IOException {
        int[] d = data.dims();
        MrcHeader.Builder b = MrcHeader.builder(d[2], d[1], d[0]);
        if (stack) b.imageStack();
        else b.volume();
        b.voxelSize(voxelSize);
        if (label != null && !label.isEmpty()) b.addLabel(label.length() > 80 ? label.substring(0, 80) : label);
        MrcWriter.write(path, data, b.build());
    }

    /** Writes text atomically (UTF-8). */
    public static void text(Path path, String s) throws IOException {
        AtomicFiles.write(path, s.getBytes(StandardCharsets.UTF_8));
    }

    private static String f(String fmt, Object... a) {
        return String.format(Locale.ROOT, fmt, a);
    }

    private static String num(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) return Long.toString((long) x);
        return String.format(Locale.ROOT, "%.4f", x).replaceAll("0+$", "");
    }
}
