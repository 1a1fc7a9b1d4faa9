package org.cryograd.nn.train;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named loss values of one step (or an epoch's means), in the order the step computed them, e.g.
 * {@code projection_l1, gradient_penalty, total}. Immutable.
 */
public final class LossTerms {
    /** No terms (a step that reports none, e.g. an evaluation pass). */
    public static final LossTerms NONE = new LossTerms(new String[0], new double[0]);

    private final String[] names;
    private final double[] values;

    private LossTerms(String[] names, double[] values) {
        this.names = names;
        this.values = values;
    }

    /**
     * Terms from parallel arrays (copied).
     *
     * @throws IllegalArgumentException if the lengths differ or a name is null or repeated
     */
    public static LossTerms of(String[] names, double[] values) {
        if (names.length != values.length)
            throw new IllegalArgumentException("LossTerms: " + names.length + " names but " + values.length + " values");
        for (int i = 0; i < names.length; i++) {
            if (names[i] == null) throw new IllegalArgumentException("LossTerms: name " + i + " is null");
            for (int j = 0; j < i; j++)
                if (names[i].equals(names[j])) throw new IllegalArgumentException("LossTerms: term '" + names[i] + "' appears twice");
        }
        return new LossTerms(names.clone(), values.clone());
    }

    /** One term. */
    public static LossTerms of(String name, double value) {
        return of(new String[] {name}, new double[] {value});
    }

    /** The number of terms. */
    public int size() {
        return names.length;
    }

    /** Whether there are no terms. */
    public boolean isEmpty() {
        return names.length == 0;
    }

    /** The term names in order. */
    public List<String> names() {
        return Collections.unmodifiableList(Arrays.asList(names));
    }

    /** The values in {@link #names()} order (a copy). */
    public double[] values() {
        return values.clone();
    }

    /** The {@code i}-th value. */
    public double value(int i) {
        return values[i];
    }

    /**
     * The value of term {@code name}.
     *
     * @throws IllegalArgumentException if there is no such term, listing the terms there are
     */
    public double get(String name) {
        for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return values[i];
        throw new IllegalArgumentException("LossTerms: no term '" + name + "' (terms: " + names() + ")");
    }

    /** Whether a term {@code name} is present. */
    public boolean has(String name) {
        for (String n : names) if (n.equals(name)) return true;
        return false;
    }

    /** Name to value, in order. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) m.put(names[i], values[i]);
        return Collections.unmodifiableMap(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossTerms t && Arrays.equals(names, t.names) && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
