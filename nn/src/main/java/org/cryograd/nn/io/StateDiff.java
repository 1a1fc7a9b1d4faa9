package org.cryograd.nn.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cryograd.tensor.Tensor;

/**
 * How a stored state (a file or a map of tensors) differs from an expected one, by name, shape and element type.
 * Built by {@link SafeTensors#compare} and {@link Checkpoint#compareModel}; {@link #matches()} is true when nothing
 * differs. Each list entry is a readable line such as {@code "conv.weight: file [4, 1, 3, 3, 3], expected [4, 1, 3, 3]"}.
 *
 * @param missing    names expected but not stored
 * @param unexpected names stored but not expected
 * @param shapes     names whose shapes differ
 * @param dtypes     names stored with an element type other than F32
 */
public record StateDiff(List<String> missing, List<String> unexpected, List<String> shapes, List<String> dtypes) {
    /** Copies the lists. */
    public StateDiff {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        shapes = List.copyOf(shapes);
        dtypes = List.copyOf(dtypes);
    }

    /** Compares a file's header with an expected state (every expected tensor is F32). */
    public static StateDiff between(Header stored, Map<String, Tensor> expected) {
        return between(stored, "", expected);
    }

    /** Compares the header entries whose names start with {@code prefix} (prefix removed) with an expected state. */
    static StateDiff between(Header stored, String prefix, Map<String, Tensor> expected) {
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), shapes = new ArrayList<>(), dtypes = new ArrayList<>();
        for (TensorInfo t : stored.tensors()) {
            if (!t.name().startsWith(prefix)) continue;
            String name = t.name().substring(prefix.length());
            Tensor e = expected.get(name);
            if (e == null) {
                unexpected.add(name);
                continue;
            }
            if (!Arrays.equals(t.shape(), e.dims()))
                shapes.add(name + ": file " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(e.dims()));
            if (t.dtype() != DType.F32) dtypes.add(name + ": file " + t.dtype() + ", expected F32");
        }
        for (String name : expected.keySet())
            if (stored.get(prefix + name) == null) missing.add(name);
        return new StateDiff(missing, unexpected, shapes, dtypes);
    }

    /** Compares two in-memory states by name and shape. */
    public static StateDiff between(Map<String, Tensor> stored, Map<String, Tensor> expected) {
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), shapes = new ArrayList<>();
        for (Map.Entry<String, Tensor> s : stored.entrySet()) {
            Tensor e = expected.get(s.getKey());
            if (e == null) unexpected.add(s.getKey());
            else if (!Arrays.equals(s.getValue().dims(), e.dims()))
                shapes.add(s.getKey() + ": stored " + Arrays.toString(s.getValue().dims()) + ", expected " + Arrays.toString(e.dims()));
        }
        for (String name : expected.keySet())
            if (!stored.containsKey(name)) missing.add(name);
        return new StateDiff(missing, unexpected, shapes, List.of());
    }

    /** Whether nothing differs. */
    public boolean matches() {
        return missing.isEmpty() && unexpected.isEmpty() && shapes.isEmpty() && dtypes.isEmpty();
    }

    /** One line per kind of difference, or {@code "states match"}. */
    public String describe() {
        if (matches()) return "states match";
        StringBuilder b = new StringBuilder();
        if (!missing.isEmpty()) b.append("missing: ").append(missing).append('\n');
        if (!unexpected.isEmpty()) b.append("unexpected: ").append(unexpected).append('\n');
        if (!shapes.isEmpty()) b.append("shape differs: ").append(shapes).append('\n');
        if (!dtypes.isEmpty()) b.append("dtype differs: ").append(dtypes).append('\n');
        return b.toString().strip();
    }

    @Override
    public String toString() {
        return describe();
    }
}
