package org.cryograd.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cryograd.nn.optim.MlpProblem;
import org.cryograd.tensor.F;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by plain Python ({@code make_checkpoint_fixtures.py}: struct + json) holding a torch state dict of
 * {@code Sequential(Conv3d(1,4,3,padding=1), GroupNorm(2,4), LeakyReLU(0.2), Conv3d(4,1,1))} and a torch
 * input/output pair. We read them, check names and shapes against the model definition and the values through the
 * forward pass (composed from tensor ops) against torch's output, and write the same tensors back byte-identically.
 */
class SafeTensorsTorchTest {
    static final String MODEL = "/io/conv3d_groupnorm_model.safetensors";
    static final String IO = "/io/conv3d_groupnorm_io.safetensors";

    @Test
    void readsTorchStateDictNamesShapesAndMetadata() throws Exception {
        try (SafeTensorsFile f = SafeTensors.read(MlpProblem.resource(MODEL))) {
            assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"), List.copyOf(f.tensors().keySet()));
            assertArrayEquals(new int[] {4, 1, 3, 3, 3}, f.get("0.weight").dims());
            assertArrayEquals(new int[] {4}, f.get("0.bias").dims());
            assertArrayEquals(new int[] {4}, f.get("1.weight").dims());
            assertArrayEquals(new int[] {4}, f.get("1.bias").dims());
            assertArrayEquals(new int[] {1, 4, 1, 1, 1}, f.get("3.weight").dims());
            assertArrayEquals(new int[] {1}, f.get("3.bias").dims());
            assertTrue(f.dtypes().values().stream().allMatch(d -> d == DType.F32));
            assertEquals("pt", f.metadata().get("format"));
            assertEquals("escapes: \"q\" \\ \t \n \u00b5m", f.metadata().get("note"));
            assertEquals(List.of("format", "producer", "model", "note"), List.copyOf(f.metadata().keySet()));
        }
    }

    /** Values: the forward pass with the read weights reproduces torch's y (float32 rounding only). */
    @Test
    void readWeightsReproduceTorchOutput() throws Exception {
        try (SafeTensorsFile m = SafeTensors.read(MlpProblem.resource(MODEL));
             SafeTensorsFile io = SafeTensors.read(MlpProblem.resource(IO));
             MemoryScope s = MemoryScope.open()) {
            Tensor x = io.get("x");
            assertArrayEquals(new int[] {1, 1, 6, 6, 6}, x.dims());
            Tensor h = F.conv3d(x, m.get("0.weight"), m.get("0.bias"), 1, 1);
            // GroupNorm(2, 4), eps 1e-5: normalise each group of 2 channels over channels and space, then affine
            Tensor g = h.reshape(1, 2, 2 * 216);
            Tensor mean = g.mean(new int[] {2}, true);
            Tensor var = g.var(new int[] {2}, 0, true);
            Tensor n = g.sub(mean).div(var.add(1e-5f).sqrt()).reshape(1, 4, 6, 6, 6);
            n = n.mul(m.get("1.weight").reshape(1, 4, 1, 1, 1)).add(m.get("1.bias").reshape(1, 4, 1, 1, 1));
            Tensor y = F.conv3d(n.leakyRelu(0.2f), m.get("3.weight"), m.get("3.bias"), 1, 0);
            float[] expected = io.get("y").toArray();
            assertArrayEquals(io.get("y").dims(), y.dims());
            double err = MlpProblem.relErr(expected, y.toArray());
            assertTrue(err < 1e-5, "forward with the read weights differs from torch's y by " + err);
        }
    }

    /** Our writer produces exactly the bytes of the plain-Python writer (header, padding, data). */
    @Test
    void writingTheSameTensorsGivesTheSameBytes(@TempDir Path dir) throws Exception {
        for (String res : List.of(MODEL, IO)) {
            Path src = MlpProblem.resource(res);
            try (SafeTensorsFile f = SafeTensors.read(src)) {
                Path out = dir.resolve("copy.safetensors");
                SafeTensors.write(out, f.tensors(), f.metadata());
                assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(out), res);
                if (res.equals(MODEL)) {
                    // left for make_checkpoint_fixtures.py, which checks it with its own reader
                    SafeTensors.write(Path.of("target", "io-roundtrip", "java_written.safetensors"), f.tensors(), f.metadata());
                }
            }
        }
    }

    @Test
    void compareListsNameShapeAndDtypeDifferences() throws Exception {
        Path src = MlpProblem.resource(MODEL);
        Map<String, Tensor> expected = new LinkedHashMap<>();
        expected.put("0.weight", Tensor.zeros(4, 1, 3, 3, 3));
        expected.put("0.bias", Tensor.zeros(4));
        expected.put("1.weight", Tensor.zeros(4));
        expected.put("1.bias", Tensor.zeros(4));
        expected.put("3.weight", Tensor.zeros(1, 4, 1, 1, 1));
        expected.put("3.bias", Tensor.zeros(1));
        assertTrue(SafeTensors.compare(src, expected).matches(), SafeTensors.compare(src, expected).describe());
        expected.remove("1.bias");
        expected.put("3.weight", Tensor.zeros(1, 4, 3, 3, 3));
        expected.put("4.weight", Tensor.zeros(2));
        StateDiff d = SafeTensors.compare(src, expected);
        assertFalse(d.matches());
        assertEquals(List.of("4.weight"), d.missing());
        assertEquals(List.of("1.bias"), d.unexpected());
        assertEquals(List.of("3.weight: file [1, 4, 1, 1, 1], expected [1, 4, 3, 3, 3]"), d.shapes());
        assertTrue(d.describe().contains("missing: [4.weight]"), d.describe());
    }
}
