package org.cryograd.polar.model;

import org.cryograd.tensor.Tensor;

/** Access to the shared test fixtures from this package. */
final class Fixture {
    private Fixture() {}

    static Tensor get(String name) {
        return org.cryograd.polar.FixtureAccess.get(name);
    }
}
