package org.leapfrog.runtime.tensor;

/** A recorded operation: its inputs and the rule that maps the output's gradient to theirs. */
final class Node {
    final Tensor[] inputs;
    final Backward rule;

    private Node(Tensor[] inputs, Backward rule) {
        this.inputs = inputs;
        this.rule = rule;
    }

    /**
     * Attaches {@code rule} to {@code out} when recording is on (on {@code out}'s engine) and some input
     * requires a gradient; returns {@code out}. Rules must be written with Tensor operations so that they are
     * differentiable themselves.
     */
    static Tensor record(Tensor out, Backward rule, Tensor... inputs) {
        if (!out.engine.isGradEnabled()) {
            return out;
        }
        for (Tensor in : inputs) {
            if (in.requiresGrad()) {
                out.node = new Node(inputs, rule);
                return out;
            }
        }
        return out;
    }
}
