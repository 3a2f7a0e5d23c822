package org.leapfrog.runtime.tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Reverse-mode differentiation over the recorded graph. */
public final class Graph {
    private static final Tensor[] NO_INPUTS = new Tensor[0];

    private Graph() {
    }

    /** Gradients of a 1 x 1 {@code output} with respect to {@code inputs}; see {@link #grad(Tensor, Tensor, List, boolean)}. */
    public static Tensor[] grad(Tensor output, List<Tensor> inputs, boolean createGraph) {
        if (output.size() != 1) {
            throw new IllegalArgumentException("output: shape " + output.shape()
                    + "; allowed: 1 x 1, or pass the output's gradient (a vector-Jacobian product)");
        }
        Tensor seed = Tensor.result(output.engine, 1, 1, false);
        output.engine.device.fill(seed.storage(), 0, 1.0, 1);
        return grad(output, seed, inputs, createGraph);
    }

    /** Convenience form for one input. */
    public static Tensor grad(Tensor output, Tensor input, boolean createGraph) {
        return grad(output, List.of(input), createGraph)[0];
    }

    /**
     * The vector-Jacobian product {@code seed^T d output / d input} for each input. An input that the output
     * does not depend on gets zeros. With {@code createGraph} the returned gradients are themselves recorded,
     * so they can be differentiated again (second order); without it they are constants.
     */
    public static Tensor[] grad(Tensor output, Tensor seed, List<Tensor> inputs, boolean createGraph) {
        output.sameEngine(seed);
        if (!seed.sameShape(output)) {
            throw new IllegalArgumentException("seed: shape " + seed.shape() + "; allowed: the output's shape "
                    + output.shape());
        }
        List<Tensor> order = topologicalOrder(output);
        Map<Tensor, Boolean> needed = new IdentityHashMap<>();
        for (Tensor in : inputs) {
            needed.put(in, Boolean.TRUE);
        }
        // Inputs come before outputs in `order`: a tensor is needed if it leads to a requested input.
        for (Tensor t : order) {
            if (!needed.containsKey(t) && t.node != null) {
                for (Tensor in : t.node.inputs) {
                    if (needed.containsKey(in)) {
                        needed.put(t, Boolean.TRUE);
                        break;
                    }
                }
            }
        }
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(output, seed);
        try (Engine.GradRegion r = output.engine.setGrad(createGraph)) {
            for (int k = order.size() - 1; k >= 0; k--) {
                Tensor t = order.get(k);
                Tensor g = grads.get(t);
                if (g == null || t.node == null || !needed.containsKey(t)) {
                    continue;
                }
                Tensor[] ins = t.node.inputs;
                boolean[] needs = new boolean[ins.length];
                for (int i = 0; i < ins.length; i++) {
                    needs[i] = needed.containsKey(ins[i]);
                }
                // An accumulating rule adds into the gradients so far itself (fewer launches, same sums).
                boolean summed = t.node.rule instanceof Backward.Accumulating && distinct(ins);
                Tensor[] gi;
                if (summed) {
                    Tensor[] prev = new Tensor[ins.length];
                    for (int i = 0; i < ins.length; i++) {
                        prev[i] = needs[i] ? grads.get(ins[i]) : null;
                    }
                    gi = ((Backward.Accumulating) t.node.rule).apply(g, needs, prev);
                } else {
                    gi = t.node.rule.apply(g, needs);
                }
                for (int i = 0; i < ins.length; i++) {
                    if (!needs[i]) {
                        continue;
                    }
                    if (!gi[i].sameShape(ins[i])) {
                        throw new IllegalStateException("backward rule produced shape " + gi[i].shape()
                                + " for an input of shape " + ins[i].shape());
                    }
                    Tensor prev = summed ? null : grads.get(ins[i]);
                    grads.put(ins[i], prev == null ? gi[i] : prev.add(gi[i]));
                }
            }
        }
        Tensor[] result = new Tensor[inputs.size()];
        for (int i = 0; i < result.length; i++) {
            Tensor in = inputs.get(i);
            Tensor g = grads.get(in);
            result[i] = g != null ? g : Tensor.result(in.engine, in.rows, in.cols, true);
        }
        return result;
    }

    /**
     * Adds d output / d leaf into {@link Tensor#accumulatedGrad()} of every leaf that requires a gradient
     * and that {@code output} (1 x 1) depends on. Calling it once per minibatch accumulates over minibatches.
     */
    public static void backward(Tensor output) {
        List<Tensor> leaves = new ArrayList<>();
        for (Tensor t : topologicalOrder(output)) {
            if (t.node == null && t.requiresGrad()) {
                leaves.add(t);
            }
        }
        Tensor[] gs = grad(output, leaves, false);
        for (int i = 0; i < gs.length; i++) {
            leaves.get(i).accumulate(gs[i]);
        }
    }

    /** Whether no tensor appears twice among a node's inputs (then each input's prior gradient is its own). */
    private static boolean distinct(Tensor[] ins) {
        for (int i = 1; i < ins.length; i++) {
            for (int j = 0; j < i; j++) {
                if (ins[i] == ins[j]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Tensors that {@code output} depends on through recorded gradients, inputs before outputs. */
    static List<Tensor> topologicalOrder(Tensor output) {
        List<Tensor> order = new ArrayList<>();
        if (!output.requiresGrad()) {
            return order;
        }
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        // Iterative post-order DFS: deep trajectories (many leapfrog steps) must not overflow the stack.
        List<Tensor> stack = new ArrayList<>();
        List<Integer> nextChild = new ArrayList<>();
        stack.add(output);
        nextChild.add(0);
        visited.put(output, Boolean.TRUE);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Tensor t = stack.get(top);
            int c = nextChild.get(top);
            Tensor[] ins = t.node == null ? NO_INPUTS : t.node.inputs;
            if (c < ins.length) {
                nextChild.set(top, c + 1);
                Tensor in = ins[c];
                if (in.requiresGrad() && !visited.containsKey(in)) {
                    visited.put(in, Boolean.TRUE);
                    stack.add(in);
                    nextChild.add(0);
                }
            } else {
                order.add(t);
                stack.remove(top);
                nextChild.remove(top);
            }
        }
        return order;
    }
    /**
     * Adds d output / d leaf into {@link Tensor#accumulatedGrad()} of the given leaves only (each a leaf that
     * requires a gradient): parameters that {@code output} also depends on are left alone, and the backward pass
     * visits only what leads to these leaves. For updates where parameter groups follow different objectives.
     */
    public static void backward(Tensor output, List<Tensor> leaves) {
        for (int i = 0; i < leaves.size(); i++) {
            Tensor t = leaves.get(i);
            if (t.node != null || !t.requiresGrad()) {
                throw new IllegalArgumentException("leaves: element " + i + " " + t
                        + " is not a leaf that requires a gradient; allowed: parameters and variables");
            }
        }
        Tensor[] gs = grad(output, leaves, false);
        for (int i = 0; i < gs.length; i++) {
            accumulate(leaves.get(i), gs[i]);
        }
    }

    /** Adds {@code g} (the leaf's shape, same engine) into the accumulated gradient of {@code leaf}, on the engine. */
    public static void accumulate(Tensor leaf, Tensor g) {
        leaf.sameEngine(g);
        if (!leaf.sameShape(g)) {
            throw new IllegalArgumentException("g: shape " + g.shape() + "; allowed: the leaf's shape " + leaf.shape());
        }
        leaf.gradStorage();
        leaf.accumulate(g);
    }
}
