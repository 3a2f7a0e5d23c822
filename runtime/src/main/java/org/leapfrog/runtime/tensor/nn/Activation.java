package org.leapfrog.runtime.tensor.nn;

import org.leapfrog.runtime.tensor.Linear;
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

    /** The same activation applied inside the fused dense product, or null when it has no fused form. */
    public Linear.Activation fused() {
        return switch (this) {
            case IDENTITY -> Linear.Activation.IDENTITY;
            case TANH -> Linear.Activation.TANH;
            case RELU -> Linear.Activation.RELU;
            case SIGMOID -> Linear.Activation.SIGMOID;
            default -> null;
        };
    }
}
