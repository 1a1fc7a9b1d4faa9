package org.cryograd.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A module built inside a scope keeps its parameters and buffers when the scope closes. */
class ModuleScopeTest {
    @Test
    void parametersAndBuffersEscapeTheScopeTheyWereMadeIn() {
        Module m;
        try (MemoryScope s = MemoryScope.open()) {
            m = new Sequential(new Linear(new Rng(1), 3, 2), new BatchNorm(1, 2));
        }
        for (Tensor t : m.stateDict().values()) assertFalse(t.isClosed());
        m.eval();
        assertFalse(m.forward(Tensor.ones(4, 3)).isClosed());
    }
}
