package org.cryograd.nn.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cryograd.tensor.NonFinite;
import org.cryograd.tensor.Tensor;

/**
 * Reads and writes tensors in the safetensors layout, so weights move between cryograd and PyTorch
 * ({@code safetensors.torch.save_file}/{@code load_file}) unchanged:
 * <pre>
 *   8 bytes   N, the header length, unsigned little-endian
 *   N bytes   JSON header: {"__metadata__":{string:string,...}, name:{"dtype":"F32","shape":[...],"data_offsets":[b,e]}, ...}
 *   ...       raw little-endian tensor data; offsets are relative to the first byte after the header
 * </pre>
 * <b>Writing</b> produces exactly what {@code src/test/python/make_checkpoint_fixtures.py} produces with
 * {@code struct} and {@code json}: {@code "__metadata__"} first (left out when empty), then one F32 entry per tensor
 * in the map's iteration order with contiguous offsets, JSON without whitespace ({@code json.dumps} with
 * {@code separators=(',', ':')}, non-ASCII escaped), padded with spaces so N is a multiple of 8. The file is written
 * atomically ({@link org.cryograd.io.AtomicFiles}): a failure part-way leaves any previous file intact and no temporary file behind.
 * <p><b>Reading</b> accepts any entry order and checks, before touching the data, that the header length fits the
 * file, the JSON is well formed, every entry has exactly the fields {@code dtype}, {@code shape} and
 * {@code data_offsets}, each entry's byte length equals its element count times the dtype size, and the entries
 * tile the data section exactly (no overlap, no gap, nothing past the end, no trailing bytes). Element types other
 * than F32 are converted to float32 as {@link DType} describes. Every error is a {@link SafeTensorsException} whose
 * message names the file and the tensor or field.
 */
public final class SafeTensors {
    /** Largest header accepted (as in the reference implementation): guards against absurd lengths. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    static final String METADATA_KEY = "__metadata__";
    private static final int CHUNK = 1 << 18; // elements converted per read/write buffer
    private static final long MAX_EXACT_INT = 1L << 24;

    private SafeTensors() {}

    // ---------------------------------------------------------------- reading

    /**
     * Reads and validates the header only (cheap: the data is not read).
     *
     * @throws SafeTensorsException if the file is malformed, naming the file and the field or tensor
     * @throws IOException          if it cannot be read
     */
    public static Header readHeader(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(file, ch);
        }
    }

    /**
     * Reads every tensor (converted to float32 on the CPU) and the metadata. The tensors are created in the
     * current {@link org.cryograd.tensor.MemoryScope}, if any; close the result to free them.
     *
     * @throws SafeTensorsException if the file is malformed, naming the file and the field or tensor
     * @throws IOException          if it cannot be read
     */
    public static SafeTensorsFile read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(file, ch);
            LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
            LinkedHashMap<String, DType> dtypes = new LinkedHashMap<>();
            boolean ok = false;
            try {
                for (TensorInfo t : h.tensors()) {
                    float[] data = readFloats(file, ch, h.dataStart(), t);
                    out.put(t.name(), Tensor.of(data, t.shape()));
                    dtypes.put(t.name(), t.dtype());
                }
                ok = true;
            } finally {
                if (!ok) out.values().forEach(Tensor::close);
            }
            return new SafeTensorsFile(file, out, h.metadata(), dtypes);
        }
    }

    /**
     * Reads one tensor's values as doubles without rounding (F64 stays exact; integers must lie within +-2^53).
     *
     * @throws SafeTensorsException if the file is malformed or has no tensor {@code name}
     */
    public static double[] readDoubles(Path file, String name) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(file, ch);
            TensorInfo t = h.get(name);
            if (t == null) throw new SafeTensorsException(file, "no tensor named '" + name + "' (the file has " + h.names() + ")");
            int n = numelInt(file, t);
            double[] out = new double[n];
            for (int start = 0; start < n; start += CHUNK) {
                int m = Math.min(CHUNK, n - start);
                ByteBuffer b = readAt(file, ch, h.dataStart() + t.begin() + (long) start * t.dtype().size(), (long) m * t.dtype().size());
                for (int i = 0; i < m; i++) {
                    double v = element(b, t.dtype());
                    if (!t.dtype().isFloating() && Math.abs(v) > 0x1p53)
                        throw new SafeTensorsException(file, "tensor '" + name + "': " + t.dtype() + " value at index " + (start + i)
                                + " is beyond +-2^53 and has no exact double");
                    out[start + i] = v;
                }
            }
            return out;
        }
    }

    /**
     * Which names, shapes and dtypes differ between the file and an expected state (compared as float32).
     * Reads the header only.
     */
    public static StateDiff compare(Path file, Map<String, Tensor> expected) throws IOException {
        return StateDiff.between(readHeader(file), expected);
    }

    static Header readHeader(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8)
            throw new SafeTensorsException(file, "file is " + size + " bytes, too short for the 8-byte header length (truncated?)");
        long n = readAt(file, ch, 0, 8).getLong();
        if (n < 0 || n > size - 8)
            throw new SafeTensorsException(file, "header length " + Long.toUnsignedString(n) + " exceeds the " + (size - 8)
                    + " bytes that follow the length field (truncated or not a safetensors file?)");
        if (n > MAX_HEADER_BYTES)
            throw new SafeTensorsException(file, "header length " + n + " is larger than the " + MAX_HEADER_BYTES + "-byte limit");
        ByteBuffer hb = readAt(file, ch, 8, n);
        String text;
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(hb);
            text = cb.toString();
        } catch (CharacterCodingException e) {
            throw new SafeTensorsException(file, "header is not valid UTF-8", e);
        }
        Object root = Json.parse(text, file);
        if (!(root instanceof Map<?, ?> top)) throw new SafeTensorsException(file, "header is not a JSON object");

        LinkedHashMap<String, String> metadata = new LinkedHashMap<>();
        List<TensorInfo> tensors = new ArrayList<>();
        long dataSize = size - 8 - n;
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                if (!(e.getValue() instanceof Map<?, ?> meta))
                    throw new SafeTensorsException(file, "field '" + METADATA_KEY + "' is not a JSON object");
                for (Map.Entry<?, ?> m : meta.entrySet()) {
                    if (!(m.getValue() instanceof String v))
                        throw new SafeTensorsException(file, "field '" + METADATA_KEY + "." + m.getKey() + "' is not a string");
                    metadata.put((String) m.getKey(), v);
                }
                continue;
            }
            tensors.add(entry(file, name, e.getValue(), dataSize));
        }
        checkTiling(file, tensors, dataSize);
        return new Header(file, metadata, tensors, 8 + n);
    }

    private static TensorInfo entry(Path file, String name, Object value, long dataSize) throws SafeTensorsException {
        String where = "tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> m)) throw new SafeTensorsException(file, where + ": entry is not a JSON object");
        for (Object k : m.keySet())
            if (!Set.of("dtype", "shape", "data_offsets").contains(k))
                throw new SafeTensorsException(file, where + ": unknown field '" + k + "'");
        for (String k : List.of("dtype", "shape", "data_offsets"))
            if (!m.containsKey(k)) throw new SafeTensorsException(file, where + ": missing field '" + k + "'");
        if (!(m.get("dtype") instanceof String ds)) throw new SafeTensorsException(file, where + ": field 'dtype' is not a string");
        DType dtype;
        try {
            dtype = DType.parse(ds);
        } catch (IllegalArgumentException ex) {
            throw new SafeTensorsException(file, where + ": field 'dtype': " + ex.getMessage());
        }
        long[] shapeL = longs(file, where, "shape", m.get("shape"));
        int[] shape = new int[shapeL.length];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shapeL[i] > Integer.MAX_VALUE)
                throw new SafeTensorsException(file, where + ": field 'shape' " + Arrays.toString(shapeL) + " has a dimension over 2^31-1");
            shape[i] = (int) shapeL[i];
            try {
                numel = Math.multiplyExact(numel, shapeL[i]);
            } catch (ArithmeticException ex) {
                throw new SafeTensorsException(file, where + ": field 'shape' " + Arrays.toString(shapeL) + " overflows 64 bits");
            }
        }
        long[] off = longs(file, where, "data_offsets", m.get("data_offsets"));
        if (off.length != 2)
            throw new SafeTensorsException(file, where + ": field 'data_offsets' must hold 2 numbers, has " + off.length);
        if (off[1] < off[0])
            throw new SafeTensorsException(file, where + ": field 'data_offsets' " + Arrays.toString(off) + " ends before it begins");
        if (off[1] > dataSize)
            throw new SafeTensorsException(file, where + ": field 'data_offsets' " + Arrays.toString(off)
                    + " runs past the end of the data section (" + dataSize + " bytes; truncated file?)");
        long bytes;
        try {
            bytes = Math.multiplyExact(numel, dtype.size());
        } catch (ArithmeticException ex) {
            bytes = -1;
        }
        if (bytes != off[1] - off[0])
            throw new SafeTensorsException(file, where + ": shape " + Arrays.toString(shape) + " of " + dtype + " needs " + bytes
                    + " bytes but field 'data_offsets' " + Arrays.toString(off) + " spans " + (off[1] - off[0]));
        return new TensorInfo(name, dtype, shape, off[0], off[1]);
    }

    private static long[] longs(Path file, String where, String field, Object v) throws SafeTensorsException {
        if (!(v instanceof List<?> list)) throw new SafeTensorsException(file, where + ": field '" + field + "' is not a JSON array");
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long x) || x < 0)
                throw new SafeTensorsException(file, where + ": field '" + field + "' element " + i + " (" + list.get(i)
                        + ") is not a non-negative integer");
            out[i] = x;
        }
        return out;
    }

    /** The entries must cover the data section exactly once, in any order (as the reference implementation requires). */
    private static void checkTiling(Path file, List<TensorInfo> tensors, long dataSize) throws SafeTensorsException {
        List<TensorInfo> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long expected = 0;
        TensorInfo prev = null;
        for (TensorInfo t : sorted) {
            if (t.begin() < expected)
                throw new SafeTensorsException(file, "tensor '" + t.name() + "': field 'data_offsets' [" + t.begin() + ", " + t.end()
                        + "] overlaps tensor '" + prev.name() + "' [" + prev.begin() + ", " + prev.end() + "]");
            if (t.begin() > expected)
                throw new SafeTensorsException(file, "tensor '" + t.name() + "': field 'data_offsets' [" + t.begin() + ", " + t.end()
                        + "] leaves a gap of " + (t.begin() - expected) + " bytes after " + (prev == null ? "the header" : "tensor '" + prev.name() + "'"));
            expected = t.end();
            prev = t;
        }
        if (expected != dataSize)
            throw new SafeTensorsException(file, "the tensors cover " + expected + " bytes of data but the file has " + dataSize
                    + " after the header (trailing bytes)");
    }

    private static int numelInt(Path file, TensorInfo t) throws SafeTensorsException {
        long n = t.numel();
        if (n > Integer.MAX_VALUE - 8)
            throw new SafeTensorsException(file, "tensor '" + t.name() + "': " + n + " elements are more than a Java array holds");
        return (int) n;
    }

    private static float[] readFloats(Path file, FileChannel ch, long dataStart, TensorInfo t) throws IOException {
        int n = numelInt(file, t);
        float[] out = new float[n];
        DType d = t.dtype();
        for (int start = 0; start < n; start += CHUNK) {
            int m = Math.min(CHUNK, n - start);
            ByteBuffer b = readAt(file, ch, dataStart + t.begin() + (long) start * d.size(), (long) m * d.size());
            if (d == DType.F32) {
                b.asFloatBuffer().get(out, start, m);
                continue;
            }
            for (int i = 0; i < m; i++) {
                double v = element(b, d);
                if (!d.isFloating() && Math.abs(v) > MAX_EXACT_INT)
                    throw new SafeTensorsException(file, "tensor '" + t.name() + "': " + d + " value " + (long) v + " at index " + (start + i)
                            + " is beyond +-2^24 and cannot be held exactly as float32");
                out[start + i] = (float) v;
            }
        }
        return out;
    }

    /** The next element of {@code b} as a double (exact for every type). */
    private static double element(ByteBuffer b, DType d) {
        switch (d) {
            case F64: return b.getDouble();
            case F32: return b.getFloat();
            case F16: return halfToFloat(b.getShort());
            case BF16: return Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
            case I64: return b.getLong();
            case I32: return b.getInt();
            case I16: return b.getShort();
            case I8: return b.get();
            case U8: return b.get() & 0xff;
            case BOOL: return b.get() != 0 ? 1 : 0;
            default: throw new AssertionError(d);
        }
    }

    /** IEEE binary16 to binary32 (exact: every half is a float). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits >>> 15) << 31;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13)); // inf, NaN
        if (exp == 0) {
            float v = mant * 0x1p-24f; // zero or subnormal
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static ByteBuffer readAt(Path file, FileChannel ch, long position, long length) throws IOException {
        if (length > Integer.MAX_VALUE) throw new SafeTensorsException(file, "read of " + length + " bytes at " + position + " is too large");
        ByteBuffer b = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        long p = position;
        while (b.hasRemaining()) {
            int r = ch.read(b, p);
            if (r < 0) throw new EOFException(file + ": unexpected end of file at byte " + p);
            p += r;
        }
        b.flip();
        return b;
    }

    // ---------------------------------------------------------------- finiteness

    /**
     * Refuses a state with a NaN or infinite value: model loaders call it after reading, model and checkpoint writers
     * before writing (the last line of defence against saving a diverged model). One pass over each tensor.
     *
     * @param file    the file read or about to be written, for the message
     * @param tensors name to tensor
     * @param action  what the caller was doing, e.g. {@code "refusing to write it"}, appended to the message
     * @throws SafeTensorsException naming the file, the first bad tensor, its count and the first flat index
     */
    public static void requireFinite(Path file, Map<String, Tensor> tensors, String action) throws SafeTensorsException {
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            NonFinite n = NonFinite.of(e.getValue());
            if (n.any())
                throw new SafeTensorsException(file, "tensor '" + e.getKey() + "' has " + n.summary() + ", the first (" + NonFinite.name(n.firstValue())
                        + ") at flat index " + n.firstIndex() + "; " + action);
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes {@code tensors} (as F32, in the map's iteration order) and {@code metadata} to {@code file}, atomically.
     * Tensors may live on any device; they are copied to the host one at a time.
     *
     * @param metadata string to string, may be null or empty (then no {@code "__metadata__"} entry is written)
     * @throws IllegalArgumentException for a null or empty name, the reserved name {@code "__metadata__"}, or nulls
     * @throws IOException              if writing fails; {@code file} then keeps its previous content
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        if (tensors == null) throw new IllegalArgumentException("SafeTensors.write(" + file + "): tensors map is null");
        List<String> names = new ArrayList<>(tensors.keySet());
        List<Tensor> values = new ArrayList<>(names.size());
        for (String name : names) {
            if (name == null || name.isEmpty()) throw new IllegalArgumentException("SafeTensors.write(" + file + "): null or empty tensor name");
            if (name.equals(METADATA_KEY))
                throw new IllegalArgumentException("SafeTensors.write(" + file + "): '" + METADATA_KEY + "' is reserved, not a tensor name");
            Tensor t = tensors.get(name);
            if (t == null) throw new IllegalArgumentException("SafeTensors.write(" + file + "): tensor '" + name + "' is null");
            values.add(t);
        }
        byte[] header = header(file, names, values, metadata);
        org.cryograd.io.AtomicFiles.write(file, ch -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            len.flip();
            writeFully(ch, len);
            writeFully(ch, ByteBuffer.wrap(header));
            ByteBuffer buf = ByteBuffer.allocate(4 * CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < names.size(); k++) {
                float[] a;
                try {
                    a = values.get(k).toArray();
                } catch (RuntimeException ex) {
                    throw new SafeTensorsException(file, "tensor '" + names.get(k) + "': cannot read its data: " + ex.getMessage(), ex);
                }
                for (int start = 0; start < a.length; start += CHUNK) {
                    int m = Math.min(CHUNK, a.length - start);
                    buf.clear();
                    buf.asFloatBuffer().put(a, start, m);
                    buf.limit(4 * m);
                    writeFully(ch, buf);
                }
            }
        });
    }

    /** The padded JSON header bytes for these tensors (F32, contiguous offsets in order). */
    static byte[] header(Path file, List<String> names, List<Tensor> values, Map<String, String> metadata) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        if (metadata != null && !metadata.isEmpty()) {
            sb.append('"').append(METADATA_KEY).append("\":{");
            boolean f = true;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null)
                    throw new IllegalArgumentException("SafeTensors.write(" + file + "): null metadata key or value for key '" + e.getKey() + "'");
                if (!f) sb.append(',');
                Json.writeString(sb, e.getKey());
                sb.append(':');
                Json.writeString(sb, e.getValue());
                f = false;
            }
            sb.append('}');
            first = false;
        }
        long offset = 0;
        for (int k = 0; k < names.size(); k++) {
            Tensor t = values.get(k);
            long bytes = t.numel() * DType.F32.size();
            if (!first) sb.append(',');
            first = false;
            Json.writeString(sb, names.get(k));
            sb.append(":{\"dtype\":\"F32\",\"shape\":[");
            int[] dims = t.dims();
            for (int i = 0; i < dims.length; i++) {
                if (i > 0) sb.append(',');
                sb.append(dims[i]);
            }
            sb.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        sb.append('}');
        while (sb.length() % 8 != 0) sb.append(' ');
        return sb.toString().getBytes(StandardCharsets.US_ASCII); // Json.writeString escapes all non-ASCII
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }
}
