package org.cryograd.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cryograd.nn.optim.MlpProblem;
import org.cryograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips, dtype conversion, malformed files and atomic writes of {@link SafeTensors}. */
class SafeTensorsFormatTest {
    @TempDir
    Path dir;

    /** A file with the given header JSON (padded to 8) and data bytes. */
    private Path file(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int pad = (8 - h.length % 8) % 8;
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + pad + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length + pad).put(h);
        for (int i = 0; i < pad; i++) b.put((byte) ' ');
        b.put(data);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private static byte[] le(int bytesPer, long... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * bytesPer).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            switch (bytesPer) {
                case 1 -> b.put((byte) x);
                case 2 -> b.putShort((short) x);
                case 4 -> b.putInt((int) x);
                default -> b.putLong(x);
            }
        }
        return b.array();
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    @Test
    void roundTripKeepsOrderShapesValuesAndMetadata() throws Exception {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("z.last", Tensor.of(new float[] {1.5f, -2f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN, -0f}, 2, 3));
        t.put("scalar", Tensor.scalar(7f));
        t.put("empty", Tensor.zeros(0, 3));
        t.put("\u03b1/\u00e9", Tensor.of(new float[] {3}, 1, 1, 1));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("k\u00fc", "v\"\\\n\u2603");
        meta.put("a", "");
        Path p = dir.resolve("rt.safetensors");
        SafeTensors.write(p, t, meta);
        byte[] bytes = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        String header = new String(bytes, 8, (int) n, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{\"__metadata__\":{\"k\\u00fc\":\"v\\\"\\\\\\n\\u2603\",\"a\":\"\"},\"z.last\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}"), header);
        try (SafeTensorsFile f = SafeTensors.read(p)) {
            assertEquals(List.copyOf(t.keySet()), List.copyOf(f.tensors().keySet()));
            assertEquals(meta, f.metadata());
            for (String k : t.keySet()) {
                assertArrayEquals(t.get(k).dims(), f.get(k).dims(), k);
                float[] a = t.get(k).toArray(), b = f.get(k).toArray();
                for (int i = 0; i < a.length; i++) assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), k + "[" + i + "]");
            }
        }
    }

    @Test
    void noMetadataMeansNoMetadataEntry() throws Exception {
        Path p = dir.resolve("nometa.safetensors");
        SafeTensors.write(p, Map.of("w", Tensor.of(new float[] {1, 2}, 2)), Map.of());
        byte[] bytes = Files.readAllBytes(p);
        assertEquals("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}  ", new String(bytes, 8, 56, StandardCharsets.US_ASCII));
        assertEquals(8 + 56 + 8, bytes.length);
        SafeTensors.write(p, Map.of(), null);
        assertEquals("{}      ", new String(Files.readAllBytes(p), 8, 8, StandardCharsets.US_ASCII));
        try (SafeTensorsFile f = SafeTensors.read(p)) {
            assertTrue(f.tensors().isEmpty() && f.metadata().isEmpty());
        }
    }

    /** Other element types are converted to float32 (values chosen so the conversion is stated exactly). */
    @Test
    void otherDtypesAreConverted() throws Exception {
        ByteBuffer f64 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).putDouble(-0x1p-30);
        byte[] f16 = le(2, 0x3C00, 0xC000, 0x7BFF, 0x0001, 0x7C00, 0x8000); // 1, -2, 65504, 2^-24, inf, -0
        byte[] bf16 = le(2, 0x3F80, 0xC0A0); // 1, -5
        byte[] i64 = le(8, -3, 1 << 24);
        byte[] i8 = le(1, -128, 127), u8 = le(1, 255, 0), bool = le(1, 0, 1);
        byte[][] parts = {f64.array(), f16, bf16, i64, i8, u8, bool};
        String[] names = {"f64", "f16", "bf16", "i64", "i8", "u8", "bool"};
        String[] dtypes = {"F64", "F16", "BF16", "I64", "I8", "U8", "BOOL"};
        int[] counts = {2, 6, 2, 2, 2, 2, 2};
        StringBuilder h = new StringBuilder("{");
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) h.append(',');
            h.append(entry(names[i], dtypes[i], "[" + counts[i] + "]", data.size(), data.size() + parts[i].length));
            data.write(parts[i]);
        }
        Path p = file("types.safetensors", h.append('}').toString(), data.toByteArray());
        try (SafeTensorsFile f = SafeTensors.read(p)) {
            assertArrayEquals(new float[] {0.1f, (float) -0x1p-30}, f.get("f64").toArray(), 0f);
            assertArrayEquals(new float[] {1, -2, 65504, 0x1p-24f, Float.POSITIVE_INFINITY, -0f}, f.get("f16").toArray(), 0f);
            assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(f.get("f16").toArray()[5]));
            assertArrayEquals(new float[] {1, -5}, f.get("bf16").toArray(), 0f);
            assertArrayEquals(new float[] {-3, 1 << 24}, f.get("i64").toArray(), 0f);
            assertArrayEquals(new float[] {-128, 127}, f.get("i8").toArray(), 0f);
            assertArrayEquals(new float[] {255, 0}, f.get("u8").toArray(), 0f);
            assertArrayEquals(new float[] {0, 1}, f.get("bool").toArray(), 0f);
            assertEquals(DType.F16, f.dtypes().get("f16"));
        }
        assertArrayEquals(new double[] {0.1, -0x1p-30}, SafeTensors.readDoubles(p, "f64"), 0); // exact, no float rounding
        Map<String, Tensor> expected = Map.of("f64", Tensor.zeros(2));
        assertEquals(List.of("f64: file F64, expected F32"), SafeTensors.compare(p, expected).dtypes());
    }

    @Test
    void integersBeyondFloatPrecisionAreRefused() throws Exception {
        Path p = file("bigint.safetensors", "{" + entry("count", "I64", "[1]", 0, 8) + "}", le(8, (1 << 24) + 1));
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains("bigint.safetensors") && e.getMessage().contains("'count'") && e.getMessage().contains("2^24"), e.getMessage());
    }

    /** Each malformed file gives one error naming the file and the field or tensor. */
    @Test
    void malformedFilesGiveClearErrors() throws Exception {
        byte[] model = Files.readAllBytes(MlpProblem.resource(SafeTensorsTorchTest.MODEL));
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(model, model.length - 10));
        expectError(truncated, "tensor '3.weight'", "truncated");

        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        expectError(tiny, "3 bytes", "header length");

        byte[] badLen = model.clone();
        ByteBuffer.wrap(badLen).order(ByteOrder.LITTLE_ENDIAN).putLong(0, model.length);
        Path badLength = dir.resolve("badlength.safetensors");
        Files.write(badLength, badLen);
        expectError(badLength, "header length " + model.length, "exceeds");

        expectError(file("badjson.safetensors", "{" + entry("a", "F32", "[1]", 0, 4), new byte[4]), "bad JSON header at character 56", "unexpected end of header");
        expectError(file("badjson2.safetensors", "{\"a\" {}}", new byte[0]), "bad JSON header at character 5", "expected ':' after key \"a\"");
        expectError(file("overlap.safetensors", "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}", new byte[12]),
                "tensor 'b'", "overlaps tensor 'a'");
        expectError(file("gap.safetensors", "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}", new byte[12]),
                "tensor 'b'", "gap of 4 bytes");
        expectError(file("dtype.safetensors", "{" + entry("w", "F33", "[1]", 0, 4) + "}", new byte[4]),
                "tensor 'w'", "field 'dtype': unsupported dtype 'F33'");
        expectError(file("u16.safetensors", "{" + entry("w", "U16", "[2]", 0, 4) + "}", new byte[4]),
                "tensor 'w'", "unsupported dtype 'U16'");
        expectError(file("size.safetensors", "{" + entry("w", "F32", "[3]", 0, 8) + "}", new byte[8]),
                "tensor 'w'", "needs 12 bytes");
        expectError(file("past.safetensors", "{" + entry("w", "F32", "[3]", 0, 12) + "}", new byte[8]),
                "tensor 'w'", "runs past the end");
        expectError(file("trailing.safetensors", "{" + entry("w", "F32", "[1]", 0, 4) + "}", new byte[8]), "trailing bytes");
        expectError(file("missing.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]), "tensor 'w'", "missing field 'data_offsets'");
        expectError(file("unknown.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", new byte[4]),
                "tensor 'w'", "unknown field 'x'");
        expectError(file("negshape.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]),
                "tensor 'w'", "field 'shape'");
        expectError(file("meta.safetensors", "{\"__metadata__\":{\"epoch\":3}}", new byte[0]), "field '__metadata__.epoch' is not a string");
        expectError(file("dup.safetensors", "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("a", "F32", "[1]", 4, 8) + "}", new byte[8]),
                "duplicate key \"a\"");
        expectError(file("array.safetensors", "[]", new byte[0]), "not a JSON object");
    }

    private static void expectError(Path p, String... parts) {
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(p), p.toString());
        assertTrue(e.getMessage().startsWith(p.toString() + ": "), e.getMessage());
        for (String part : parts) assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
    }

    /** A write that fails part-way (the second tensor's data cannot be read) leaves the old file and no temp file. */
    @Test
    void failedWriteLeavesPreviousFileAndNoTempFile() throws Exception {
        Path p = dir.resolve("ckpt.safetensors");
        SafeTensors.write(p, Map.of("w", Tensor.of(new float[] {1, 2, 3}, 3)), Map.of("v", "1"));
        byte[] before = Files.readAllBytes(p);
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("a", Tensor.of(new float[100_000], 100_000)); // written first
        Tensor closed = Tensor.zeros(4);
        closed.close();
        t.put("b", closed);
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.write(p, t, Map.of("v", "2")));
        assertTrue(e.getMessage().contains("tensor 'b'") && e.getMessage().contains("ckpt.safetensors"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(p));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList());
        }
    }

    @Test
    void atomicFileCleansUpAfterAFailingBody() throws Exception {
        Path p = dir.resolve("sub").resolve("x.bin");
        org.cryograd.io.AtomicFiles.write(p, ch -> ch.write(ByteBuffer.wrap(new byte[] {1, 2})));
        IOException e = assertThrows(IOException.class, () -> org.cryograd.io.AtomicFiles.write(p, ch -> {
            ch.write(ByteBuffer.wrap(new byte[] {9, 9, 9, 9}));
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(p));
        try (Stream<Path> files = Files.list(p.getParent())) {
            assertEquals(List.of(p), files.toList());
        }
    }

    @Test
    void badArgumentsToWriteAreRejected() {
        Path p = dir.resolve("bad.safetensors");
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(p, Map.of("__metadata__", Tensor.zeros(1)), null));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(p, Map.of("", Tensor.zeros(1)), null));
        assertFalse(Files.exists(p));
    }
}
