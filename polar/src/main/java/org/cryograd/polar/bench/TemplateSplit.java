package org.cryograd.polar.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which template molecules train the networks, which tune them (learning rate and step count) and which test them.
 * The three groups are disjoint, so a method is scored on molecules it has never seen, and tuning never sees them.
 *
 * @param train      training molecules (template names)
 * @param validation tuning molecules
 * @param test       held-out test molecules (the first is the downstream reconstruction's)
 */
public record TemplateSplit(List<String> train, List<String> validation, List<String> test) {
    /**
     * The fixed split of the templates in {@code ../shared/templates} whose radius fits a 64 px box of 5 Å (at most
     * about 116 Å; the 70S ribosome, 26S proteasome and 5mrc are left out): train 1qvr 1s3x 1u6g 3d2f 3gl1 3qm1,
     * validation 2cg9 3h84, test 1bxn 3cf3 3j9i.
     */
    public static final TemplateSplit DEFAULT = new TemplateSplit(List.of("1qvr", "1s3x", "1u6g", "3d2f", "3gl1", "3qm1"), List.of("2cg9", "3h84"),
            List.of("1bxn", "3cf3", "3j9i"));

    /** Validates: every group non-empty, no name in two groups or twice. */
    public TemplateSplit {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
        if (train.isEmpty() || validation.isEmpty() || test.isEmpty())
            throw new IllegalArgumentException("TemplateSplit: train, validation and test each need at least one molecule");
        Set<String> seen = new HashSet<>();
        for (List<String> g : List.of(train, validation, test))
            for (String n : g)
                if (!seen.add(n)) throw new IllegalArgumentException("TemplateSplit: molecule " + n + " appears twice (groups must be disjoint)");
    }

    /** Every molecule, train then validation then test. */
    public List<String> all() {
        List<String> a = new ArrayList<>(train);
        a.addAll(validation);
        a.addAll(test);
        return a;
    }

    /** {@code train=a b; validation=c; test=d e}. */
    public String describe() {
        return "train=" + String.join(" ", train) + "; validation=" + String.join(" ", validation) + "; test=" + String.join(" ", test);
    }
}
