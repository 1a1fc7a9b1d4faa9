package org.cryograd.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link DualConfig#withDefaultWidthsScaled} and {@link DualConfig#withLambdaKl}. */
class DualConfigWidthsTest {
    @Test
    void quarterWidthsAreTheQuickNetworksAndOneIsTheDefaults() {
        assertEquals(DualConfig.quick(), DualConfig.quick().withDefaultWidthsScaled(1, 4));
        assertEquals(DualConfig.defaults(), DualConfig.defaults().withDefaultWidthsScaled(1, 1));
        DualConfig half = DualConfig.quick().withDefaultWidthsScaled(1, 2);
        assertEquals(16, half.unetBase());
        assertEquals(8, half.encoderBase());
        assertEquals(32, half.decoderChannels());
        assertEquals(16, half.discBase());
        assertEquals(32, half.spectralHidden());
        assertEquals(DualConfig.quick().batchSize(), half.batchSize(), "only the widths change");
        assertEquals(DualConfig.quick().lr(), half.lr());
    }

    @Test
    void widthsThatLeaveNoChannelAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DualConfig.quick().withDefaultWidthsScaled(1, 32));
        assertThrows(IllegalArgumentException.class, () -> DualConfig.quick().withDefaultWidthsScaled(0, 2));
    }

    @Test
    void lambdaKlChangesOnlyTheKlWeight() {
        DualConfig c = DualConfig.quick().withLambdaKl(0.5);
        assertEquals(0.5, c.lambdaKl());
        assertEquals(DualConfig.quick(), c.withLambdaKl(DualConfig.quick().lambdaKl()));
    }
}
