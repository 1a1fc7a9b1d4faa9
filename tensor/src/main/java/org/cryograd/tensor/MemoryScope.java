package org.cryograd.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Frees every tensor created inside it when it closes, except those moved out with {@link #keep}.
 * Scopes nest per thread. A training step runs in one scope; parameters, their gradients and optimizer
 * state live outside. On the GPU this is what keeps device memory flat over thousands of steps.
 * <pre>{@code
 * try (var s = MemoryScope.open()) {
 *     Tensor loss = model(x).sub(y).square().mean();
 *     loss.backward();
 *     s.keep(someResult);   // survives the scope
 * }
 * }</pre>
 */
public final class MemoryScope implements AutoCloseable {
    private static final ThreadLocal<ArrayDeque<MemoryScope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private final Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private final MemoryScope parent;
    private boolean closed;

    private MemoryScope(MemoryScope parent) {
        this.parent = parent;
    }

    /** Opens a scope nested in the current thread's innermost scope. */
    public static MemoryScope open() {
        ArrayDeque<MemoryScope> st = STACK.get();
        MemoryScope s = new MemoryScope(st.peek());
        st.push(s);
        return s;
    }

    static void track(Tensor t) {
        MemoryScope s = STACK.get().peek();
        if (s != null) {
            s.owned.add(t);
            t.scope = s;
        }
    }

    static void untrack(Tensor t) {
        MemoryScope s = t.scope;
        if (s != null) {
            s.owned.remove(t);
            t.scope = null;
        }
    }

    /**
     * Moves a tensor out of this scope into the enclosing one (or out of all scopes), so closing this scope
     * leaves it open.
     *
     * @return the tensor, for chaining
     */
    public Tensor keep(Tensor t) {
        if (t.scope != this)
            throw new IllegalArgumentException("MemoryScope.keep: tensor of shape " + t.shape() + " does not belong to this scope");
        owned.remove(t);
        t.scope = parent;
        if (parent != null) parent.owned.add(t);
        return t;
    }

    /**
     * Takes a tensor out of whatever scope owns it: the caller now owns it and closes it (model parameters,
     * optimizer state and other long-lived tensors created while a scope is open).
     *
     * @return the tensor, for chaining
     */
    public static Tensor escape(Tensor t) {
        untrack(t);
        return t;
    }

    /** Number of open tensors this scope will free. */
    public int size() {
        return owned.size();
    }

    /**
     * Number of elements in the open tensors this scope will free (a storage shared by several of them, as after
     * {@link Tensor#reshape}, counts once per tensor): what a pass is holding, for finding where memory goes.
     */
    public long elements() {
        long n = 0;
        for (Tensor t : owned) n += t.numel();
        return n;
    }

    /** Closes every tensor still owned. Scopes must close in reverse order of opening. */
    @Override
    public void close() {
        if (closed) return;
        ArrayDeque<MemoryScope> st = STACK.get();
        if (st.peek() != this)
            throw new IllegalStateException("MemoryScope.close: scopes must be closed innermost first");
        st.pop();
        closed = true;
        List<Tensor> all = new ArrayList<>(owned);
        owned.clear();
        for (Tensor t : all) {
            t.scope = null;
            t.close();
        }
    }
}
