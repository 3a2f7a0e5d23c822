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
}
