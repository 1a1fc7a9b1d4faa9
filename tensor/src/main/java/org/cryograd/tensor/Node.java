package org.cryograd.tensor;

/** One recorded operation of the autograd graph: its name, its inputs and how to push a gradient back. */
final class Node {
    /** Computes the gradients of an operation's inputs from the gradient of its output. */
    @FunctionalInterface
    interface Backward {
        /** Returns one gradient per input, in input order; null where the input needs none. */
        Tensor[] apply(Tensor gradOut);
    }

    final String op;
    final Tensor[] inputs;
    final Backward backward;

    Node(String op, Tensor[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }
}
