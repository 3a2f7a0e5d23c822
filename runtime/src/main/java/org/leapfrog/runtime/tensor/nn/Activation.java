package org.leapfrog.runtime.tensor.nn;

import org.leapfrog.runtime.tensor.Tensor;

/** Parameter-free activations. */
public enum Activation {
    IDENTITY, RELU, ELU, TANH, SIGMOID, SOFTPLUS, LOG_SIGMOID;

    public Tensor apply(Tensor x) {
        return switch (this) {
            case IDENTITY -> x;
            case RELU -> x.relu();
            case ELU -> x.elu(1.0);
            case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid();
            case SOFTPLUS -> x.softplus();
            case LOG_SIGMOID -> x.logSigmoid();
        };
    }
}
