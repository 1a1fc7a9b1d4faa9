package org.cryograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cryograd.nn.io.SafeTensors;
import org.cryograd.nn.io.SafeTensorsFile;
import org.cryograd.tensor.Rng;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint written by PyTorch (plain-Python safetensors writer in {@code make_checkpoint_fixtures.py}) loads into
 * the matching cryograd module, which then reproduces PyTorch's output; and the module's own checkpoint is the same
 * file byte for byte, so PyTorch's loader reads ours.
 */
class TorchCheckpointModuleTest {
    private static Path resource(String name) throws URISyntaxException {
        return Path.of(TorchCheckpointModuleTest.class.getResource("/io/" + name).toURI());
    }

    private static Sequential model() {
        Rng rng = new Rng(123);
        return new Sequential(new Conv3d(rng, 1, 4, 3, 1, 1), new GroupNorm(2, 4), new LeakyReLU(0.2f), new Conv3d(rng, 4, 1, 1));
    }

    @Test
    void torchCheckpointLoadsIntoTheCryogradModuleAndBack(@TempDir Path dir) throws IOException, URISyntaxException {
        Path torchFile = resource("conv3d_groupnorm_model.safetensors");
        Sequential m = model();
        try (SafeTensorsFile ckpt = SafeTensors.read(torchFile); SafeTensorsFile io = SafeTensors.read(resource("conv3d_groupnorm_io.safetensors"))) {
            assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"), List.copyOf(m.stateDict().keySet()),
                    "cryograd state names must be PyTorch's");
            Module.LoadResult r = m.loadStateDict(ckpt.tensors(), true);
            assertTrue(r.missingKeys().isEmpty() && r.unexpectedKeys().isEmpty());
            float[] y = m.forward(io.get("x")).toArray();
            float[] want = io.get("y").toArray();
            assertEquals(want.length, y.length);
            for (int i = 0; i < y.length; i++) assertEquals(want[i], y[i], 1e-5 * (1 + Math.abs(want[i])), "output " + i);

            Path ours = dir.resolve("ours.safetensors");
            SafeTensors.write(ours, m.stateDict(), ckpt.metadata());
            assertArrayEquals(Files.readAllBytes(torchFile), Files.readAllBytes(ours), "our checkpoint differs from the PyTorch-side file");
        }
    }

    @Test
    void wrongModuleGivesOneMessageNamingTheKeys() throws IOException, URISyntaxException {
        Sequential wrong = new Sequential(new Conv3d(new Rng(1), 1, 8, 3, 1, 1), new GroupNorm(2, 8));
        try (SafeTensorsFile ckpt = SafeTensors.read(resource("conv3d_groupnorm_model.safetensors"))) {
            Map<String, Tensor> t = ckpt.tensors();
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> wrong.loadStateDict(t, true));
            assertTrue(e.getMessage().contains("3.weight") && e.getMessage().contains("0.weight"), e.getMessage());
        }
    }
}
