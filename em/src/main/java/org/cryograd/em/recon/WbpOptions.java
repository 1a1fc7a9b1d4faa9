package org.cryograd.em.recon;

import java.util.List;
import java.util.Locale;

/**
 * Options of {@link Wbp}.
 *
 * @param filter          the detector filter: {@code "ramp"} (Ram-Lak, the default; {@code "ram-lak"} is accepted as
 *                        an alias), {@code "shepp-logan"}, {@code "cosine"} or {@code "hann"} — the windows of
 *                        scikit-image's {@code iradon}; stored lower case
 * @param weightBySpacing weight each view by its own angular spacing (half the distance between its neighbours in
 *                        sorted order; an end view takes the distance to its one neighbour), as IMOD does for
 *                        non-uniform angle sets; when false every view gets the mean spacing. Both agree for
 *                        equally spaced angles.
 */
public record WbpOptions(String filter, boolean weightBySpacing) {
    /** The accepted filter names. */
    public static final List<String> FILTERS = List.of("ramp", "shepp-logan", "cosine", "hann");

    /** Validates and normalises the filter name. */
    public WbpOptions {
        String f = filter == null ? "" : filter.trim().toLowerCase(Locale.ROOT);
        if (f.equals("ram-lak")) f = "ramp";
        if (!FILTERS.contains(f))
            throw new IllegalArgumentException("WbpOptions: unknown filter '" + filter + "'; choose one of " + String.join(", ", FILTERS));
        filter = f;
    }

    /** Ramp filter, no per-view spacing weights. */
    public static WbpOptions defaults() {
        return new WbpOptions("ramp", false);
    }

    /** A copy with another filter. */
    public WbpOptions withFilter(String name) {
        return new WbpOptions(name, weightBySpacing);
    }

    /** A copy with spacing weights on or off. */
    public WbpOptions withWeightBySpacing(boolean on) {
        return new WbpOptions(filter, on);
    }
}
