package org.cryograd.coordnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cryograd.nn.io.SafeTensors;
import org.cryograd.nn.io.SafeTensorsFile;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Siren against the authors' network rebuilt in PyTorch (float64) with the same float32 weights: output, parameter
 * gradients and coordinate gradients of {@code sum(out * r)}. Fixture: {@code src/test/python/make_siren_fixtures.py}.
 */
class SirenTorchTest {
    private static final double REL = 1e-4; // float32 with w0 = 30 phases of up to ~50 rad

    private static Path fixture() throws Exception {
        return Path.of(SirenTorchTest.class.getResource("/fixtures/siren.safetensors").toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "fourier", "shallow"})
    void matchesPyTorch(String name) throws Exception {
        Path file = fixture();
        try (SafeTensorsFile f = SafeTensors.read(file)) {
            Map<String, String> meta = f.metadata();
            int count = Integer.parseInt(meta.get(name + ".fourierCount"));
            CnConfig c = CnConfig.paper().withHidden(Integer.parseInt(meta.get(name + ".hidden")))
                    .withHiddenLayers(Integer.parseInt(meta.get(name + ".hiddenLayers"))).withW0(Double.parseDouble(meta.get(name + ".w0")));
            if (count > 0) c = c.withFourierFeatures(count, Double.parseDouble(meta.get(name + ".fourierScale")));
            Siren net = new Siren(c, new Rng(1));
            Map<String, Tensor> state = new LinkedHashMap<>();
            String prefix = name + ".state.";
            for (var e : f.tensors().entrySet()) if (e.getKey().startsWith(prefix)) state.put(e.getKey().substring(prefix.length()), e.getValue());
            assertEquals(net.stateDict().keySet(), state.keySet(), "state names as the PyTorch module's");
            net.loadStateDict(state, true);

            Tensor coords = f.get(name + ".coords").requiresGrad();
            Tensor out = net.forward(coords);
            assertArrayEquals(new int[] {coords.dim(0), 1}, out.dims());
            close(SafeTensors.readDoubles(file, name + ".out"), out.toArray(), name + " output");
            out.mul(f.get(name + ".r")).sum().backward();
            for (var e : net.namedParameters().entrySet())
                close(SafeTensors.readDoubles(file, name + ".grad." + e.getKey()), e.getValue().grad().toArray(), name + " grad " + e.getKey());
            close(SafeTensors.readDoubles(file, name + ".grad.coords"), coords.grad().toArray(), name + " grad coords");
        }
    }

    private static void close(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double max = 0, err = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(max > 0, what + ": reference is all zero");
        assertTrue(err <= REL * max, what + ": max error " + err + " vs max |value| " + max);
    }
}
