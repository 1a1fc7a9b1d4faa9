package org.cryograd.em.sim;

/**
 * What the specimen holds. Sizes in voxels, lengths in Å, potentials in V.
 *
 * @param nx               box width (x, perpendicular to the tilt axis), voxels
 * @param ny               box height (y, the tilt axis), voxels
 * @param nz               box thickness (z, the beam at zero tilt), voxels
 * @param voxelSize        voxel size, Å
 * @param iceThicknessA    thickness of the vitreous ice slab, Å, centred in z (0 = vacuum); at most {@code nz * voxelSize}
 * @param icePotentialV    mean inner potential of the ice, V
 * @param proteinPotentialV mean inner potential of protein, V: a template's maximum is scaled to it, and a molecule's
 *                         potential displaces ice in proportion to it
 * @param maxParticles     most macromolecules to place
 * @param crowding         stop placing when the bounding spheres fill this fraction of the ice (0 = only {@code maxParticles})
 * @param minGapA          least gap between bounding spheres, Å
 * @param vesicles         number of lipid vesicles
 * @param vesicleRadiusMinA smallest vesicle radius (membrane mid-plane), Å
 * @param vesicleRadiusMaxA largest vesicle radius, Å
 * @param membrane         the bilayer profile
 * @param fiducials        number of gold beads
 * @param fiducialRadiusA  gold bead radius, Å
 * @param goldPotentialV   mean inner potential of gold, V
 * @param carbonEdgeA      x position (Å from the box's left face) where a carbon film begins and fills the rest of
 *                         x; NaN for none
 * @param carbonThicknessA carbon film thickness, Å (centred in the ice; at most the ice thickness)
 * @param carbonPotentialV mean inner potential of the carbon, V
 * @param contaminants     ice-contamination grains on the slab's two surfaces (spheres of ice resting on them)
 * @param contaminationRadiusA largest grain radius, Å (each grain draws uniformly in [1/2, 1] of it)
 */
public record SpecimenOptions(int nx, int ny, int nz, double voxelSize, double iceThicknessA, double icePotentialV, double proteinPotentialV,
                              int maxParticles, double crowding, double minGapA, int vesicles, double vesicleRadiusMinA,
                              double vesicleRadiusMaxA, MembraneProfile membrane, int fiducials, double fiducialRadiusA,
                              double goldPotentialV, double carbonEdgeA, double carbonThicknessA, double carbonPotentialV,
                              int contaminants, double contaminationRadiusA) {
    /** Validates. */
    public SpecimenOptions {
        if (nx < 4 || ny < 4 || nz < 4) throw new IllegalArgumentException("SpecimenOptions: box " + nx + "x" + ny + "x" + nz + " must be at least 4 voxels each way");
        positive("voxelSize", voxelSize);
        if (!(iceThicknessA >= 0) || iceThicknessA > nz * voxelSize * (1 + 1e-9))
            throw new IllegalArgumentException("SpecimenOptions: ice thickness " + iceThicknessA + " Å must be in [0, nz * voxel size = " + nz * voxelSize + "]");
        nonNegative("icePotentialV", icePotentialV);
        positive("proteinPotentialV", proteinPotentialV);
        if (maxParticles < 0 || vesicles < 0 || fiducials < 0) throw new IllegalArgumentException("SpecimenOptions: counts must be >= 0");
        if (!(crowding >= 0 && crowding < 0.74)) throw new IllegalArgumentException("SpecimenOptions: crowding must be in [0, 0.74), got " + crowding);
        nonNegative("minGapA", minGapA);
        positive("vesicleRadiusMinA", vesicleRadiusMinA);
        if (!(vesicleRadiusMaxA >= vesicleRadiusMinA) || Double.isInfinite(vesicleRadiusMaxA))
            throw new IllegalArgumentException("SpecimenOptions: vesicle radii need min <= max, got " + vesicleRadiusMinA + ", " + vesicleRadiusMaxA);
        if (membrane == null) throw new IllegalArgumentException("SpecimenOptions: membrane profile is null");
        positive("fiducialRadiusA", fiducialRadiusA);
        nonNegative("goldPotentialV", goldPotentialV);
        if (!Double.isNaN(carbonEdgeA)) {
            if (Double.isInfinite(carbonEdgeA)) throw new IllegalArgumentException("SpecimenOptions: carbon edge must be finite or NaN");
            positive("carbonThicknessA", carbonThicknessA);
            if (carbonThicknessA > iceThicknessA) throw new IllegalArgumentException("SpecimenOptions: carbon thickness " + carbonThicknessA + " Å exceeds the ice thickness " + iceThicknessA + " Å");
        }
        nonNegative("carbonPotentialV", carbonPotentialV);
        if (contaminants < 0) throw new IllegalArgumentException("SpecimenOptions: contaminants must be >= 0, got " + contaminants);
        positive("contaminationRadiusA", contaminationRadiusA);
    }

    private static void positive(String n, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException("SpecimenOptions: " + n + " must be > 0, got " + v);
    }

    private static void nonNegative(String n, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException("SpecimenOptions: " + n + " must be >= 0, got " + v);
    }

    /**
     * 128 x 128 x 64 voxels of 10 Å, 640 Å of ice (4.5 V), protein 7.9 V, up to 40 molecules at crowding 0.15 with
     * 20 Å gaps, one vesicle of 120-200 Å radius, two 50 Å gold beads (30 V), no carbon (12 V when given), no ice
     * contamination (grains up to 150 Å when asked for).
     */
    public static SpecimenOptions defaults() {
        return new SpecimenOptions(128, 128, 64, 10, 640, MeanInnerPotential.ICE_V, MeanInnerPotential.protein(), 40, 0.15, 20, 1, 120, 200,
                MembraneProfile.defaults(), 2, 50, 30, Double.NaN, 150, MeanInnerPotential.carbon(2.0), 0, 150);
    }

    /**
     * The benchmarks' specimen: {@link #defaults()} in a box of {@code nx x ny x nz} voxels of {@code voxelSize} Å with
     * up to {@code particles} macromolecules (crowding 0), one vesicle, no gold, and an ice slab of 0.8 of the box
     * thickness (at most the default thickness), so the slab's faces lie inside the box.
     */
    public static SpecimenOptions benchmarkSlab(int nx, int ny, int nz, double voxelSize, int particles) {
        SpecimenOptions d = defaults();
        return d.withBox(nx, ny, nz, voxelSize).withCounts(particles, 0, 1, 0).withIce(Math.min(d.iceThicknessA(), 0.8 * nz * voxelSize), d.icePotentialV());
    }

    /** A copy with another box and voxel size, the ice filling the box. */
    public SpecimenOptions withBox(int nx, int ny, int nz, double voxelSize) {
        return new SpecimenOptions(nx, ny, nz, voxelSize, nz * voxelSize, icePotentialV, proteinPotentialV, maxParticles, crowding, minGapA, vesicles,
                vesicleRadiusMinA, vesicleRadiusMaxA, membrane, fiducials, fiducialRadiusA, goldPotentialV, carbonEdgeA, carbonThicknessA, carbonPotentialV, contaminants,
                contaminationRadiusA);
    }

    /** A copy with other counts (particles, vesicles, fiducials) and crowding. */
    public SpecimenOptions withCounts(int particles, double crowding, int vesicles, int fiducials) {
        return new SpecimenOptions(nx, ny, nz, voxelSize, iceThicknessA, icePotentialV, proteinPotentialV, particles, crowding, minGapA, vesicles,
                vesicleRadiusMinA, vesicleRadiusMaxA, membrane, fiducials, fiducialRadiusA, goldPotentialV, carbonEdgeA, carbonThicknessA, carbonPotentialV, contaminants,
                contaminationRadiusA);
    }

    /** A copy with another ice thickness (Å) and ice potential (V). */
    public SpecimenOptions withIce(double thicknessA, double potentialV) {
        return new SpecimenOptions(nx, ny, nz, voxelSize, thicknessA, potentialV, proteinPotentialV, maxParticles, crowding, minGapA, vesicles,
                vesicleRadiusMinA, vesicleRadiusMaxA, membrane, fiducials, fiducialRadiusA, goldPotentialV, carbonEdgeA, carbonThicknessA, carbonPotentialV, contaminants,
                contaminationRadiusA);
    }

    /** A copy with a carbon edge at {@code edgeA} (Å from the left face; NaN for none) of the given thickness (Å). */
    public SpecimenOptions withCarbon(double edgeA, double thicknessA) {
        return new SpecimenOptions(nx, ny, nz, voxelSize, iceThicknessA, icePotentialV, proteinPotentialV, maxParticles, crowding, minGapA, vesicles,
                vesicleRadiusMinA, vesicleRadiusMaxA, membrane, fiducials, fiducialRadiusA, goldPotentialV, edgeA, thicknessA, carbonPotentialV, contaminants, contaminationRadiusA);
    }

    /** A copy with another vesicle radius range (Å) and gold bead radius (Å). */
    public SpecimenOptions withSizes(double vesicleMinA, double vesicleMaxA, double fiducialA) {
        return new SpecimenOptions(nx, ny, nz, voxelSize, iceThicknessA, icePotentialV, proteinPotentialV, maxParticles, crowding, minGapA, vesicles,
                vesicleMinA, vesicleMaxA, membrane, fiducials, fiducialA, goldPotentialV, carbonEdgeA, carbonThicknessA, carbonPotentialV, contaminants,
                contaminationRadiusA);
    }

    /** A copy with another gap between bounding spheres (Å). */
    public SpecimenOptions withMinGap(double gapA) {
        return new SpecimenOptions(nx, ny, nz, voxelSize, iceThicknessA, icePotentialV, proteinPotentialV, maxParticles, crowding, gapA, vesicles,
                vesicleRadiusMinA, vesicleRadiusMaxA, membrane, fiducials, fiducialRadiusA, goldPotentialV, carbonEdgeA, carbonThicknessA, carbonPotentialV, contaminants,
                contaminationRadiusA);
    }

    /** A copy with {@code count} ice-contamination grains of radius up to {@code radiusA} Å. */
    public SpecimenOptions withContamination(int count, double radiusA) {
        return new SpecimenOptions(nx, ny, nz, voxelSize, iceThicknessA, icePotentialV, proteinPotentialV, maxParticles, crowding, minGapA, vesicles,
                vesicleRadiusMinA, vesicleRadiusMaxA, membrane, fiducials, fiducialRadiusA, goldPotentialV, carbonEdgeA, carbonThicknessA, carbonPotentialV, count,
                radiusA);
    }
}
