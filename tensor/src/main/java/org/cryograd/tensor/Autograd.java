package org.cryograd.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Records graph nodes and runs reverse-mode differentiation. */
final class Autograd {
    private Autograd() {}

    /** Attaches a node to {@code out} when recording is on and an input needs a gradient; checks anomalies. */
    static Tensor record(String op, Tensor out, Node.Backward backward, Tensor... inputs) {
        Anomaly.check("output", op, out);
        if (!Grad.isEnabled()) return out;
        for (Tensor t : inputs) {
            if (t != null && t.needsGrad()) {
                out.gradFn = new Node(op, inputs, backward);
                out.requiresGrad = true;
                return out;
            }
        }
        return out;
    }

    /**
     * Closes intermediates of a composed operation once they cannot be needed: when the result is not part of a
     * graph. Otherwise they stay open (the graph may read them) and their scope frees them.
     */
    static void dispose(Tensor result, Tensor... intermediates) {
        if (result.needsGrad()) return;
        for (Tensor t : intermediates) if (t != result) t.close();
    }

    /** Reverse topological order of the graph below {@code root} (root first). */
    private static List<Tensor> order(Tensor root) {
        List<Tensor> post = new ArrayList<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        seen.add(root);
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            Tensor t = (Tensor) top[0];
            int i = (Integer) top[1];
            Tensor[] ins = t.gradFn == null ? new Tensor[0] : t.gradFn.inputs;
            if (i < ins.length) {
                top[1] = i + 1;
                Tensor c = ins[i];
                if (c != null && c.needsGrad() && seen.add(c)) stack.push(new Object[] {c, 0});
            } else {
                stack.pop();
                post.add(t);
            }
        }
        Collections.reverse(post);
        return post;
    }

    static void backward(Tensor root, Tensor seed, boolean ownSeed) {
        List<Tensor> topo = order(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        Set<Tensor> held = Collections.newSetFromMap(new IdentityHashMap<>()); // the values of grads
        grads.put(root, seed);
        held.add(seed);
        try (Grad g0 = Grad.disabled()) {
            for (Tensor t : topo) {
                Tensor g = grads.remove(t);
                if (g == null) continue;
                held.remove(g);
                boolean closeG = g != seed || ownSeed;
                if (t.gradFn == null) {
                    accumulateLeaf(t, g);
                    if (closeG) g.close();
                    continue;
                }
                Node node = t.gradFn;
                Tensor[] gi = node.backward.apply(g);
                // first make every gradient a tensor object owned by this loop alone (aliases become views)
                for (int i = 0; i < node.inputs.length; i++) {
                    Tensor in = node.inputs[i];
                    if (in == null || !in.needsGrad() || gi[i] == null) {
                        gi[i] = null;
                        continue;
                    }
                    if (!gi[i].shape().equals(in.shape()))
                        throw new IllegalStateException("autograd: backward of '" + node.op + "' gave a gradient of shape " + gi[i].shape()
                                + " for input " + i + " of shape " + in.shape());
                    Anomaly.check("gradient for input " + i + " in backward", node.op, gi[i]);
                    boolean shared = gi[i] == g || held.contains(gi[i]);
                    for (int j = 0; j < i && !shared; j++) shared = gi[j] == gi[i];
                    if (shared) gi[i] = gi[i].view();
                }
                for (int i = 0; i < node.inputs.length; i++) {
                    Tensor gr = gi[i];
                    if (gr == null) continue;
                    Tensor in = node.inputs[i];
                    Tensor prev = grads.get(in);
                    if (prev == null) {
                        grads.put(in, gr);
                        held.add(gr);
                    } else {
                        Tensor sum = prev.add(gr);
                        held.remove(prev);
                        prev.close();
                        gr.close();
                        grads.put(in, sum);
                        held.add(sum);
                    }
                }
                if (closeG) g.close();
            }
        }
    }

    private static void accumulateLeaf(Tensor leaf, Tensor g) {
        if (leaf.grad == null || leaf.grad.isClosed()) {
            Tensor copy = g.copy();
            MemoryScope.untrack(copy); // the gradient lives as long as its leaf
            leaf.grad = copy;
        } else {
            leaf.grad.addInPlace(g, 1f);
        }
    }
}
