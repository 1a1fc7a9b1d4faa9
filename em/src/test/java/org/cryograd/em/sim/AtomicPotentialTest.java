package org.cryograd.em.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic models -> potential maps (Peng et al. 1996) against the numpy/scipy reference, and the PDB/mmCIF readers. */
class AtomicPotentialTest {
    static List<Atom> model() throws IOException {
        List<Atom> atoms = new ArrayList<>();
        for (Map<String, String> r : SimFixtures.rows("atomic_model.tsv"))
            atoms.add(new Atom(r.get("element"), SimFixtures.d(r, "x"), SimFixtures.d(r, "y"), SimFixtures.d(r, "z"), SimFixtures.d(r, "b"), SimFixtures.d(r, "occupancy")));
        return atoms;
    }

    @Test
    void voxelAveragedPotentialMatchesTheErfIntegralsOfNumpy() throws Exception {
        Map<String, String> meta = SimFixtures.rows("atomic_potential_meta.tsv").get(0);
        DensityMap m = AtomicPotential.compute(model(), SimFixtures.d(meta, "voxel_A"), SimFixtures.d(meta, "extra_b"), SimFixtures.d(meta, "padding_A"), "tiny");
        assertEquals((int) SimFixtures.d(meta, "n"), m.nx(), "box size");
        assertEquals(SimFixtures.d(meta, "prefactor"), ScatteringFactors.POTENTIAL_PREFACTOR, 1e-9, "h^2/(2 pi m0 e) in V Å^2");
        double max = SimFixtures.d(meta, "max_volts");
        int checked = 0;
        for (Map<String, String> r : SimFixtures.rows("atomic_potential.tsv")) {
            double want = SimFixtures.d(r, "volts");
            float got = m.at((int) SimFixtures.d(r, "x"), (int) SimFixtures.d(r, "y"), (int) SimFixtures.d(r, "z"));
            assertEquals(want, got, 2e-6 * max, "voxel " + r);
            checked++;
        }
        assertTrue(checked > 100, "voxels compared: " + checked);
        assertEquals(SimFixtures.d(meta, "integral_V_A3"), m.integral(), 1e-3 * SimFixtures.d(meta, "integral_V_A3"), "integral = sum occupancy * prefactor * f(0)");
    }

    @Test
    void theIntegralDoesNotDependOnTheVoxelSize() throws Exception {
        List<Atom> atoms = model();
        double want = 0;
        for (Atom a : atoms) want += a.occupancy() * ScatteringFactors.integratedPotential(a.element());
        for (double v : new double[] {0.5, 1, 3, 10}) {
            DensityMap m = AtomicPotential.compute(atoms, v, 20, 5 * Math.max(1, v), "tiny");
            assertEquals(want, m.integral(), 1e-3 * want, "voxel " + v + " Å");
        }
        assertEquals(0.5288, ScatteringFactors.f("H", 0), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ScatteringFactors.coefficients("Xx"));
    }

    static String pdbLine(String rec, int serial, String name, String res, double x, double y, double z, double occ, double b, String el) {
        return String.format(Locale.ROOT, "%-6s%5d %-4s %3s A%4d    %8.3f%8.3f%8.3f%6.2f%6.2f          %2s", rec, serial, name, res, 1, x, y, z, occ, b, el);
    }

    @Test
    void pdbAndMmcifGiveTheSameAtoms(@TempDir Path dir) throws Exception {
        List<Atom> atoms = model();
        StringBuilder pdb = new StringBuilder("HEADER    TEST\n");
        StringBuilder cif = new StringBuilder("data_test\nloop_\n_atom_site.group_PDB\n_atom_site.id\n_atom_site.type_symbol\n_atom_site.label_atom_id\n"
                + "_atom_site.label_alt_id\n_atom_site.Cartn_x\n_atom_site.Cartn_y\n_atom_site.Cartn_z\n_atom_site.occupancy\n_atom_site.B_iso_or_equiv\n"
                + "_atom_site.pdbx_PDB_model_num\n");
        int i = 1;
        for (Atom a : atoms) {
            pdb.append(pdbLine("ATOM", i, " " + a.element(), "ALA", a.x(), a.y(), a.z(), a.occupancy(), a.bFactor(), a.element())).append('\n');
            cif.append(String.format(Locale.ROOT, "ATOM %d %s \"%s\" . %.3f %.3f %.3f %.2f %.2f 1%n", i, a.element(), a.element() + "'", a.x(), a.y(), a.z(), a.occupancy(), a.bFactor()));
            i++;
        }
        // an alternate location B and a second model are left out
        pdb.append(pdbLine("ATOM", 9, " C", "ALA", 0, 0, 0, 1, 1, "C").substring(0, 16) + "B" + pdbLine("ATOM", 9, " C", "ALA", 0, 0, 0, 1, 1, "C").substring(17)).append('\n');
        pdb.append("ENDMDL\n").append(pdbLine("ATOM", 10, " C", "ALA", 5, 5, 5, 1, 1, "C")).append('\n');
        cif.append("ATOM 99 C C . 5 5 5 1 1 2\n#\n");
        Path p = dir.resolve("tiny.pdb"), c = dir.resolve("tiny.cif");
        Files.writeString(p, pdb);
        Files.writeString(c, cif);
        List<Atom> fromPdb = AtomicModels.read(p), fromCif = AtomicModels.read(c);
        assertEquals(atoms.size(), fromPdb.size());
        assertEquals(atoms.size(), fromCif.size());
        for (int k = 0; k < atoms.size(); k++) {
            for (List<Atom> got : List.of(fromPdb, fromCif)) {
                assertEquals(atoms.get(k).element(), got.get(k).element());
                assertEquals(atoms.get(k).x(), got.get(k).x(), 1e-3);
                assertEquals(atoms.get(k).z(), got.get(k).z(), 1e-3);
                assertEquals(atoms.get(k).bFactor(), got.get(k).bFactor(), 1e-2);
                assertEquals(atoms.get(k).occupancy(), got.get(k).occupancy(), 1e-2);
            }
        }
        Path bad = dir.resolve("bad.pdb");
        Files.writeString(bad, "ATOM      1  CA  ALA A   1      1.000   x.000   3.000  1.00 10.00           C\n");
        IOException e = assertThrows(IOException.class, () -> AtomicModels.read(bad));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        Path empty = dir.resolve("empty.pdb");
        Files.writeString(empty, "HEADER\n");
        assertThrows(IOException.class, () -> AtomicModels.read(empty));
    }

    @Test
    void anAtomicModelOfATemplateCorrelatesWithTheTemplate() throws Exception {
        // needs the atomic model a template was computed from, e.g. ../shared/templates/pdb/1bxn.cif; the shared data
        // hold only the maps, so this runs only where someone has put a model next to them
        Path dir = SimFixtures.templates();
        assumeTrue(dir != null, "../shared/templates is absent");
        Path model = null;
        for (String n : Templates.STANDARD)
            for (String ext : new String[] {".pdb", ".cif"})
                if (model == null && Files.isRegularFile(dir.resolve("pdb").resolve(n + ext))) model = dir.resolve("pdb").resolve(n + ext);
        assumeTrue(model != null, "no atomic model of a template under ../shared/templates/pdb (the shared data hold the maps only)");
        String name = model.getFileName().toString().replaceFirst("\\..*$", "");
        DensityMap t = Templates.load(dir.resolve(name + ".mrc"), 10, MeanInnerPotential.protein());
        DensityMap a = AtomicPotential.compute(AtomicModels.read(model), 10, 0, 0, name);
        // correlation of the two about their own centres over the template's box (the model's centroid is its centre)
        double best = 0;
        for (int s = -2; s <= 2; s++) best = Math.max(best, centredCorrelation(t, a, s));
        assertTrue(best > 0.8, name + ": correlation of the atomic potential with the template " + best);
    }

    private static double centredCorrelation(DensityMap t, DensityMap a, int shift) {
        double sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
        int n = 0;
        for (int z = 0; z < t.nz(); z++)
            for (int y = 0; y < t.ny(); y++)
                for (int x = 0; x < t.nx(); x++) {
                    double u = t.at(x, y, z), w = a.at(x - t.nx() / 2 + a.nx() / 2 + shift, y - t.ny() / 2 + a.ny() / 2, z - t.nz() / 2 + a.nz() / 2);
                    sa += u;
                    sb += w;
                    sab += u * w;
                    saa += u * u;
                    sbb += w * w;
                    n++;
                }
        double cov = sab - sa * sb / n;
        return cov / Math.sqrt((saa - sa * sa / n) * (sbb - sb * sb / n));
    }
}
