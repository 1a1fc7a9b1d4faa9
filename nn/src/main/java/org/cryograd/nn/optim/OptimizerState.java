package org.cryograd.nn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cryograd.tensor.Tensor;

/**
 * A serialisable optimizer state: string values (type, hyperparameters, per-parameter step counts, written so
 * they parse back to the identical double or long) and named tensors (moment buffers). Names follow PyTorch's
 * {@code state_dict()}: {@code "state.<i>.exp_avg"}, {@code "state.<i>.step"}, with {@code i} the parameter index.
 * Closing it closes the tensors it holds.
 *
 * @param type    the optimizer's type name, e.g. {@code "AdamW"}
 * @param values  hyperparameters and step counts (unmodifiable, insertion order)
 * @param tensors named buffers (unmodifiable, insertion order)
 */
public record OptimizerState(String type, Map<String, String> values, Map<String, Tensor> tensors) implements AutoCloseable {
    /** Copies the maps, keeping their order. */
    public OptimizerState {
        if (type == null || type.isEmpty()) throw new IllegalArgumentException("OptimizerState: missing type");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /**
     * A value.
     *
     * @throws IllegalArgumentException naming the key if it is absent
     */
    public String value(String key) {
        String v = values.get(key);
        if (v == null) throw new IllegalArgumentException(type + " state: missing value '" + key + "'");
        return v;
    }

    /**
     * A tensor.
     *
     * @throws IllegalArgumentException naming the key if it is absent
     */
    public Tensor tensor(String key) {
        Tensor t = tensors.get(key);
        if (t == null) throw new IllegalArgumentException(type + " state: missing tensor '" + key + "'");
        return t;
    }

    /** Closes the tensors. */
    @Override
    public void close() {
        tensors.values().forEach(Tensor::close);
    }
}
