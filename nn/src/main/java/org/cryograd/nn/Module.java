package org.cryograd.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.cryograd.tensor.Device;
import org.cryograd.tensor.Grad;
import org.cryograd.tensor.MemoryScope;
import org.cryograd.tensor.Tensor;

/**
 * A neural-network building block with named parameters, buffers and submodules, named as PyTorch names them, so
 * a {@link #stateDict()} moves between cryograd and PyTorch unchanged: a parameter {@code weight} of the module
 * registered as child {@code conv} of child {@code 0} of child {@code down} is {@code down.0.conv.weight}.
 *
 * <p>Subclasses register what they own in their constructor with {@link #param(String, Tensor)},
 * {@link #buffer(String, Tensor)} and {@link #child(String, Module)}, and read the current tensors in
 * {@link #forward} through {@link #param(String)} and {@link #buffer(String)} (not through fields: {@link #to(Device)}
 * and {@link #loadStateDict} may replace or refill them). Ordering follows PyTorch: a module's own parameters in
 * registration order, then its buffers, then each child in registration order, recursively.
 *
 * <pre>{@code
 * Module net = new Sequential(new Conv3d(rng, 1, 8, 3), new LeakyReLU(0.2f), new Conv3d(rng, 8, 1, 3));
 * net.loadStateDict(torchStateDict, true);
 * Tensor y = net.forward(x);
 * }</pre>
 *
 * <p>Parameters and buffers are long-lived leaf tensors owned by the module: registration takes them out of any open
 * {@code MemoryScope} ({@link MemoryScope#escape}), so a module may be built inside a scope and outlive it.
 */
public abstract class Module {
    private final LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Creates an empty module in training mode. */
    protected Module() {}

    /**
     * Applies the module.
     *
     * @param x the input
     * @return the output
     */
    public abstract Tensor forward(Tensor x);

    // ---------------------------------------------------------------- registration (for subclasses)

    /**
     * Registers a trainable parameter (marked {@code requiresGrad}).
     *
     * @param name a name unique in this module, without dots
     * @param t    a leaf tensor the module now owns
     * @return {@code t}
     */
    protected final Tensor param(String name, Tensor t) {
        checkNew(name);
        Objects.requireNonNull(t, "param '" + name + "': tensor is null (leave an absent parameter unregistered)");
        if (!t.isLeaf())
            throw new IllegalArgumentException("param '" + name + "': tensor of shape " + t.shape() + " is the result of '" + t.gradFnName()
                    + "'; register a leaf (use detach())");
        params.put(name, MemoryScope.escape(t).requiresGrad());
        return t;
    }

    /**
     * Registers a buffer: state that is saved in the state dict but not trained (e.g. BatchNorm running statistics).
     *
     * @param name a name unique in this module, without dots
     * @param t    a leaf tensor the module now owns
     * @return {@code t}
     */
    protected final Tensor buffer(String name, Tensor t) {
        checkNew(name);
        Objects.requireNonNull(t, "buffer '" + name + "': tensor is null");
        if (t.needsGrad()) throw new IllegalArgumentException("buffer '" + name + "': a buffer must not require grad");
        buffers.put(name, MemoryScope.escape(t));
        return t;
    }

    /**
     * Registers a submodule; its state names get the prefix {@code name + "."}.
     *
     * @param name a name unique in this module, without dots
     * @param m    the submodule
     * @return {@code m}
     */
    protected final <M extends Module> M child(String name, M m) {
        checkNew(name);
        Objects.requireNonNull(m, "child '" + name + "': module is null");
        if (m == this) throw new IllegalArgumentException("child '" + name + "': a module cannot contain itself");
        children.put(name, m);
        return m;
    }

    private void checkNew(String name) {
        if (name == null || name.isEmpty() || name.contains("."))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid name '" + name + "' (non-empty, no dots)");
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' is already registered");
    }

    /**
     * The current tensor of one of this module's own parameters.
     *
     * @throws IllegalArgumentException if there is no such parameter
     */
    protected final Tensor param(String name) {
        Tensor t = params.get(name);
        if (t == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameter '" + name + "'; has " + params.keySet());
        return t;
    }

    /** The current tensor of one of this module's own parameters, or null if it is not registered. */
    protected final Tensor paramOrNull(String name) {
        return params.get(name);
    }

    /**
     * The current tensor of one of this module's own buffers.
     *
     * @throws IllegalArgumentException if there is no such buffer
     */
    protected final Tensor buffer(String name) {
        Tensor t = buffers.get(name);
        if (t == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": no buffer '" + name + "'; has " + buffers.keySet());
        return t;
    }

    /** The current tensor of one of this module's own buffers, or null if it is not registered. */
    protected final Tensor bufferOrNull(String name) {
        return buffers.get(name);
    }

    // ---------------------------------------------------------------- traversal

    /** The direct submodules by name, in registration order (unmodifiable). */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** This module (name {@code ""}) and every descendant by dotted name, depth first, in registration order. */
    public final LinkedHashMap<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String name, Map<String, Module> out) {
        out.put(name, this);
        for (var e : children.entrySet()) e.getValue().collectModules(name.isEmpty() ? e.getKey() : name + "." + e.getKey(), out);
    }

    /**
     * Calls {@code f} on this module and every descendant (children before parents, as PyTorch's {@code apply}),
     * e.g. to re-initialise every convolution.
     *
     * @return this module
     */
    public final Module apply(Consumer<Module> f) {
        for (Module c : children.values()) c.apply(f);
        f.accept(this);
        return this;
    }

    /** Every parameter by dotted name: own parameters first, then each child's, in registration order. */
    public final LinkedHashMap<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true, false);
        return out;
    }

    /** The parameters in {@link #namedParameters()} order. */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every buffer by dotted name. */
    public final LinkedHashMap<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, false, true);
        return out;
    }

    /** Total number of parameter elements. */
    public final long numParameters() {
        long n = 0;
        for (Tensor t : namedParameters().values()) n += t.numel();
        return n;
    }

    /**
     * Parameters and buffers by PyTorch state name, in PyTorch's {@code state_dict()} order (per module: parameters,
     * then buffers, then children). The map holds the live tensors, not copies.
     */
    public final LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true, true);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean withParams, boolean withBuffers) {
        if (withParams) for (var e : params.entrySet()) out.put(prefix + e.getKey(), e.getValue());
        if (withBuffers) for (var e : buffers.entrySet()) out.put(prefix + e.getKey(), e.getValue());
        for (var e : children.entrySet()) e.getValue().collect(prefix + e.getKey() + ".", out, withParams, withBuffers);
    }

    /**
     * What {@link #loadStateDict} found besides the keys it loaded.
     *
     * @param missingKeys    module keys the state dict did not have (always empty after a strict load)
     * @param unexpectedKeys state-dict keys the module does not have (always empty after a strict load)
     */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
        /** Copies the lists. */
        public LoadResult {
            missingKeys = List.copyOf(missingKeys);
            unexpectedKeys = List.copyOf(unexpectedKeys);
        }
    }

    /**
     * Copies values into this module's parameters and buffers by state name (from any device). Nothing is copied
     * unless every check passes. Shapes must always match (as in PyTorch, even when not strict); with
     * {@code strict}, the key sets must also be equal.
     *
     * @param state  tensors by PyTorch state name
     * @param strict whether missing and unexpected keys are errors
     * @return the missing and unexpected keys (empty lists after a strict load)
     * @throws IllegalArgumentException one message listing every missing, unexpected and shape-mismatched key
     */
    public final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        LinkedHashMap<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (var e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) missing.add(e.getKey());
            else if (!src.shape().equals(e.getValue().shape()))
                mismatched.add(e.getKey() + ": state dict " + src.shape() + ", module " + e.getValue().shape());
        }
        for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
        boolean keyErrors = strict && (!missing.isEmpty() || !unexpected.isEmpty());
        if (keyErrors || !mismatched.isEmpty()) {
            StringBuilder b = new StringBuilder("loadStateDict into ").append(getClass().getSimpleName()).append(" failed:");
            if (strict && !missing.isEmpty()) b.append(" missing keys ").append(missing).append(';');
            if (strict && !unexpected.isEmpty()) b.append(" unexpected keys ").append(unexpected).append(';');
            if (!mismatched.isEmpty()) b.append(" shape mismatch ").append(mismatched).append(';');
            b.setLength(b.length() - 1);
            throw new IllegalArgumentException(b.toString());
        }
        try (Grad g = Grad.disabled()) {
            for (var e : own.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null) e.getValue().copyFrom(src);
            }
        }
        return new LoadResult(missing, unexpected);
    }

    // ---------------------------------------------------------------- modes and gradients

    /**
     * Sets training mode on this module and every descendant.
     *
     * @return this module
     */
    public final Module train(boolean on) {
        training = on;
        for (Module c : children.values()) c.train(on);
        return this;
    }

    /** Training mode, recursively ({@code train(true)}). */
    public final Module train() {
        return train(true);
    }

    /** Evaluation mode, recursively ({@code train(false)}): Dropout is the identity, BatchNorm uses running statistics. */
    public final Module eval() {
        return train(false);
    }

    /** Whether this module is in training mode. */
    public final boolean isTraining() {
        return training;
    }

    /** Clears the gradient of every parameter. */
    public final void zeroGrad() {
        for (Tensor t : namedParameters().values()) t.zeroGrad();
    }

    /**
     * Moves every parameter and buffer to {@code device} (new leaf tensors there; the old ones are closed).
     * Optimizers built over the old parameters must be rebuilt.
     *
     * @return this module
     */
    public final Module to(Device device) {
        for (var e : params.entrySet()) {
            Tensor t = e.getValue();
            if (t.device().equals(device)) continue;
            Tensor moved;
            try (Grad g = Grad.disabled(); Tensor d = t.detach()) {
                moved = d.to(device);
            }
            t.close();
            e.setValue(moved.requiresGrad());
        }
        for (var e : buffers.entrySet()) {
            Tensor t = e.getValue();
            if (t.device().equals(device)) continue;
            Tensor moved = t.to(device);
            t.close();
            e.setValue(moved);
        }
        for (Module c : children.values()) c.to(device);
        return this;
    }

    // ---------------------------------------------------------------- printing

    /** Extra text shown in {@link #toString()} after the class name, e.g. {@code "3, 8, kernel=[3]"}. */
    protected String extraRepr() {
        return "";
    }

    /** A PyTorch-style tree: class names, {@link #extraRepr()} and children. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            b.append('\n');
            for (var e : children.entrySet()) {
                String sub = e.getValue().toString().replace("\n", "\n  ");
                b.append("  (").append(e.getKey()).append("): ").append(sub).append('\n');
            }
        }
        return b.append(')').toString();
    }

    /** Formats an int array compactly for {@link #extraRepr()}: one value if all equal. */
    static String ints(int[] v) {
        for (int x : v) if (x != v[0]) return Arrays.toString(v);
        return v.length == 0 ? "[]" : Integer.toString(v[0]);
    }
}
