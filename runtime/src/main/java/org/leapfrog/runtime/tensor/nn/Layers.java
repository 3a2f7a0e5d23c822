package org.leapfrog.runtime.tensor.nn;

import org.leapfrog.runtime.tensor.Activations;
import org.leapfrog.runtime.tensor.Tensor;

/** Activations of the convolution layers: softplus and sigmoid by the lane kernels ({@link Activations}). */
final class Layers {
    private Layers() {
    }

    static Tensor activate(Activation a, Tensor x) {
        return switch (a) {
            case SOFTPLUS -> Activations.softplus(x);
            case SIGMOID -> Activations.sigmoid(x);
            default -> a.apply(x);
        };
    }
}
