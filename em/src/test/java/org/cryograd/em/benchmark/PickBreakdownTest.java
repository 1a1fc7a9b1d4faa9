package org.cryograd.em.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cryograd.em.pick.Pick;
import org.cryograd.em.pick.PickMatching;
import org.cryograd.em.synth.GrandModel;
import org.cryograd.em.synth.PlacedObject;
import org.cryograd.em.synth.PlacedObject.Kind;
import org.junit.jupiter.api.Test;

/** Per-class matches and the objects unmatched picks are charged to, on a hand-placed model. */
class PickBreakdownTest {
    // two particles of class 0 (radius 2), one of class 1 (radius 4), a vesicle (bounding radius 10) and a fiducial
    private static final GrandModel MODEL = new GrandModel(new float[40 * 40 * 40], 40, 40, 40, List.of(
            new PlacedObject(Kind.PARTICLE, 0, 5, 5, 5, 2),
            new PlacedObject(Kind.PARTICLE, 0, 5, 30, 5, 2),
            new PlacedObject(Kind.PARTICLE, 1, 30, 5, 5, 4),
            new PlacedObject(Kind.VESICLE, -1, 25, 25, 25, 10),
            new PlacedObject(Kind.FIDUCIAL, -1, 5, 20, 30, 1.5)));

    private static List<Pick> truth() {
        List<Pick> t = new ArrayList<>();
        for (double[] c : MODEL.particleCentres()) t.add(Pick.at(c[0], c[1], c[2]));
        return t;
    }

    @Test
    void countsMatchesPerClassAndChargesEachFalsePick() {
        List<Pick> picks = List.of(
                Pick.at(5.5, 5, 5),     // matches the first class-0 particle
                Pick.at(30, 5, 6),      // matches the class-1 particle
                Pick.at(30, 5, 11),     // 6 from the class-1 centre: outside the match radius, inside radius 4 + 3
                Pick.at(25, 25, 34),    // on the vesicle's shell
                Pick.at(5, 20, 32),     // on the fiducial
                Pick.at(20, 5, 30),     // nowhere
                Pick.at(38, 38, 2));    // nowhere
        PickMatching.Result m = PickMatching.match(picks, truth(), 3);
        assertEquals(2, m.truePositives());
        PickBreakdown b = PickBreakdown.of(MODEL, picks, m, 3);
        assertEquals(List.of("class0", "class1", "vesicle", "fiducial", "background"), b.rows().stream().map(PickBreakdown.Row::object).toList());
        assertEquals(new PickBreakdown.Row("class0", 2, 2, 1, 0), b.row("class0"));
        assertEquals(new PickBreakdown.Row("class1", 1, 4, 1, 1), b.row("class1"));
        assertEquals(new PickBreakdown.Row("vesicle", 1, 10, 0, 1), b.row("vesicle"));
        assertEquals(new PickBreakdown.Row("fiducial", 1, 1.5, 0, 1), b.row("fiducial"));
        assertEquals(0, b.row("background").objects());
        assertTrue(Double.isNaN(b.row("background").meanRadius()));
        assertEquals(2, b.row("background").unmatchedPicks());
        // every pick is counted exactly once
        assertEquals(picks.size(), b.rows().stream().mapToInt(r -> r.matched() + r.unmatchedPicks()).sum());
    }

    @Test
    void aPickWithinReachOfTwoObjectsGoesToTheNearerSurface() {
        // 12.5 from the vesicle's centre (2.5 beyond its surface), 2.5 from the fiducial's (1 beyond): both within reach
        GrandModel m = new GrandModel(new float[8], 2, 2, 2, List.of(
                new PlacedObject(Kind.VESICLE, -1, 0, 0, 0, 10),
                new PlacedObject(Kind.FIDUCIAL, -1, 15, 0, 0, 1.5)));
        List<Pick> picks = List.of(Pick.at(12.5, 0, 0));
        PickBreakdown b = PickBreakdown.of(m, picks, PickMatching.match(picks, List.of(), 3), 3);
        assertEquals(1, b.row("fiducial").unmatchedPicks());
        assertEquals(0, b.row("vesicle").unmatchedPicks());
        assertEquals(List.of("vesicle", "fiducial", "background"), b.rows().stream().map(PickBreakdown.Row::object).toList());
    }

    @Test
    void rejectsAMatchingOfOtherPicksOrParticles() {
        List<Pick> picks = List.of(Pick.at(5, 5, 5));
        PickMatching.Result m = PickMatching.match(picks, truth().subList(0, 2), 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PickBreakdown.of(MODEL, picks, m, 3));
        assertTrue(e.getMessage().contains("2 true positions") && e.getMessage().contains("3 particles"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PickBreakdown.of(MODEL, List.of(), PickMatching.match(picks, truth(), 3), 3));
    }
}
