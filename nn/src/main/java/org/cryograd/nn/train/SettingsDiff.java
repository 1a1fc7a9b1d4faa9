package org.cryograd.nn.train;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which settings differ between a checkpoint and the run that wants to resume from it, for a refusal that names only
 * those: {@code "lrDecay: saved 0.0, now 0.5; histogramBins: saved 0, now 8"}.
 */
public final class SettingsDiff {
    private SettingsDiff() {}

    /**
     * The keys whose values differ (a key missing on one side reads {@code null}), as {@code key: saved S, now N}
     * joined by {@code "; "}, saved keys first in their order; empty when the maps are equal.
     */
    public static String describe(Map<String, String> saved, Map<String, String> now) {
        Set<String> keys = new LinkedHashSet<>(saved.keySet());
        keys.addAll(now.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys)
            if (!Objects.equals(saved.get(k), now.get(k))) out.add(k + ": saved " + saved.get(k) + ", now " + now.get(k));
        return String.join("; ", out);
    }
}
