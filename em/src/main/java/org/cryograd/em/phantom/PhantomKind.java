package org.cryograd.em.phantom;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The simulated volumes of {@link Phantoms}, by the names the command line uses. */
public enum PhantomKind {
    /** A slab of hollow spheres ({@link Phantoms#spheres}). */
    SPHERES,
    /** A slab of mixed geometric shapes ({@link Phantoms#shapes}). */
    SHAPES,
    /** A phage-like particle with Gaussian-blob molecules around it ({@link Phantoms#particle}). */
    PARTICLE,
    /** The 3-D modified Shepp–Logan phantom ({@link Phantoms#sheppLogan}). */
    SHEPP;

    /** The lower-case name, as {@link #parse} accepts it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code "spheres"}, {@code "shapes"}, {@code "particle"} or {@code "shepp"} (case-insensitive, surrounding
     * blanks ignored).
     *
     * @throws IllegalArgumentException naming the choices when {@code s} is none of them
     */
    public static PhantomKind parse(String s) {
        if (s != null) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            for (PhantomKind k : values()) if (k.label().equals(t)) return k;
        }
        String choices = Arrays.stream(values()).map(PhantomKind::label).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown phantom '" + s + "'; choose one of " + choices);
    }
}
