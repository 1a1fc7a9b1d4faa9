package org.cryograd.polar.sim;

/** How the images of one set are related. */
public enum Setting {
    /** One class and one 3-D view per set; each image has its own random in-plane rotation. */
    DIRECTIONAL,
    /** Each set mixes a few (class, view) groups; each image picks a group and a random in-plane rotation. */
    MIXED;

    /** The lower-case name used in result files ({@code directional}, {@code mixed}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
