package org.cryograd.polar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The molecule split: disjoint groups. */
class TemplateSplitTest {
    @Test
    void defaultGroupsAreDisjointAndNonEmpty() {
        TemplateSplit s = TemplateSplit.DEFAULT;
        for (List<String> a : List.of(s.train(), s.validation(), s.test())) assertTrue(a.size() >= 1);
        Set<String> train = new HashSet<>(s.train()), val = new HashSet<>(s.validation()), test = new HashSet<>(s.test());
        for (String n : test) {
            assertTrue(!train.contains(n), n + " is both a training and a test molecule");
            assertTrue(!val.contains(n), n + " is both a validation and a test molecule");
        }
        for (String n : val) assertTrue(!train.contains(n), n + " is both a training and a validation molecule");
        assertEquals(s.train().size() + s.validation().size() + s.test().size(), new HashSet<>(s.all()).size());
    }

    @Test
    void overlappingGroupsAreRefusedNamingTheMolecule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TemplateSplit(List.of("a", "b"), List.of("c"), List.of("b")));
        assertTrue(e.getMessage().contains("b"), e.getMessage());
    }
}
