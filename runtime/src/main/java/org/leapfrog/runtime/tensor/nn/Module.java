package org.leapfrog.runtime.tensor.nn;

import java.util.List;
import org.leapfrog.runtime.tensor.Tensor;

/** A differentiable function of a batch ({@code chains x features}) with trainable parameters. */
public interface Module {
    Tensor forward(Tensor x);

    /** Trainable parameters, in a fixed order, with unique names. */
    List<Tensor> parameters();
}
