package org.leapfrog.runtime.tensor;

/** A backward rule: the gradients of an operation's inputs given the gradient of its output. */
@FunctionalInterface
interface Backward {
    /**
     * @param g     gradient of the loss with respect to the output (same shape as the output)
     * @param needs which inputs need a gradient; entries for the others may be null
     * @return one gradient per input, each with that input's shape
     */
    Tensor[] apply(Tensor g, boolean[] needs);

    /**
     * A rule that adds each input's gradient to the one accumulated for that input so far inside the launch that
     * computes it (a product or a sum that writes {@code prev + result}), instead of a separate add after it.
     * {@link Graph} uses it when the node's inputs are distinct tensors; the plain form passes no prior gradients.
     */
    @FunctionalInterface
    interface Accumulating extends Backward {
        /**
         * @param prev per input, the gradient accumulated so far or null (null where not needed)
         * @return per needed input, {@code prev[i] + gradient} where prev[i] is not null (exactly that sum, the
         *         bits of an add after the gradient), else the gradient
         */
        Tensor[] apply(Tensor g, boolean[] needs, Tensor[] prev);

        @Override
        default Tensor[] apply(Tensor g, boolean[] needs) {
            return apply(g, needs, new Tensor[needs.length]);
        }

        /** {@code prev + t}, or t without a prior gradient: for gradients a rule cannot add in its own launch. */
        static Tensor plus(Tensor prev, Tensor t) {
            return prev == null ? t : prev.add(t);
        }
    }
}
