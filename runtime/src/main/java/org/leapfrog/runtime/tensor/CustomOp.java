package org.leapfrog.runtime.tensor;

/**
 * The extension point for differentiable operations defined outside this package (e.g. the tempered flow's
 * updates in {@code samplers}): an op takes a result tensor from {@link #output}, fills it with a kernel launched
 * through {@link Engine#kernel} (bind the result with {@code write}), and returns {@link #record}{@code (out,
 * rule, inputs)}. As with the built-in ops, the rule must be written with Tensor operations so that gradients
 * of gradients work; a rule that cannot be differentiated again should record a rule that throws.
 */
public final class CustomOp {
    private CustomOp() {
    }

    /** The gradients of an op's inputs given the gradient of its output. */
    @FunctionalInterface
    public interface Rule {
        /**
         * @param g     gradient with respect to the output (the output's shape)
         * @param needs which inputs need a gradient; the entries of the others may be null
         * @return one gradient per input, each with that input's shape
         */
        Tensor[] apply(Tensor g, boolean[] needs);
    }

    /** A result tensor for an op on {@code engine}: from the open arena scope if any; the op writes all of it. */
    public static Tensor output(Engine engine, int rows, int cols) {
        engine.checkOpen();
        Tensor.checkedSize(rows, cols);
        return Tensor.result(engine, rows, cols, false);
    }

    /** Records {@code rule} on {@code out} when recording is on and some input requires a gradient; returns out. */
    public static Tensor record(Tensor out, Rule rule, Tensor... inputs) {
        for (Tensor in : inputs) {
            out.sameEngine(in);
        }
        return Node.record(out, rule::apply, inputs);
    }

    /**
     * A rule whose kernels add each input's gradient to the one accumulated for that input so far (saving the
     * separate add launch): {@code prev[i]} is that gradient or null, and the result for input i must then be
     * exactly {@code prev[i] + gradient} (the bits of the add); without a prior gradient, the gradient.
     */
    @FunctionalInterface
    public interface AccumulatingRule {
        Tensor[] apply(Tensor g, boolean[] needs, Tensor[] prev);
    }

    /** {@link #record} for an {@link AccumulatingRule}. */
    public static Tensor recordAccumulating(Tensor out, AccumulatingRule rule, Tensor... inputs) {
        for (Tensor in : inputs) {
            out.sameEngine(in);
        }
        return Node.record(out, (Backward.Accumulating) rule::apply, inputs);
    }
}
