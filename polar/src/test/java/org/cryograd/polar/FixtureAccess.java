package org.cryograd.polar;

import org.cryograd.tensor.Tensor;

/** Public bridge to {@link Fixtures} for tests in sub-packages. */
public final class FixtureAccess {
    private FixtureAccess() {}

    /** A named fixture tensor. */
    public static Tensor get(String name) {
        return Fixtures.get(name);
    }
}
