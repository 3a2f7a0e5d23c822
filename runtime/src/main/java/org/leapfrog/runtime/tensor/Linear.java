package org.leapfrog.runtime.tensor;

import org.leapfrog.kernels.nn.Gemm;

/**
 * The fused dense-layer product {@code act(x @ w + b)}: one matrix-product kernel that adds the bias and applies
 * the activation as it stores (nn_gemm, {@link org.leapfrog.kernels.nn.Gemm}), instead of three passes over the
 * output. Same values, to the bit, as {@code x.matmul(w).add(b)} followed by the activation on the same engine;
 * the backward rule is made of differentiable ops, so gradients of gradients work.
 */
public final class Linear {
    /** Activations the product can apply as it stores; others run as a separate op after {@link Activation#IDENTITY}. */
    public enum Activation {
        IDENTITY(Gemm.IDENTITY), TANH(Gemm.TANH), RELU(Gemm.RELU), SIGMOID(Gemm.SIGMOID);

        final int code;

        Activation(int code) {
            this.code = code;
        }
    }

    private Linear() {
    }

    /** {@code act(x (n x k) @ w (k x m) + b)}; {@code b} is {@code 1 x m} or null for no bias. */
    public static Tensor apply(Tensor x, Tensor w, Tensor b, Activation act) {
        if (act == null) {
            throw new IllegalArgumentException("act: null; allowed: one of " + java.util.Arrays.toString(Activation.values()));
        }
        return MatMul.linear(x, w, b, act.code);
    }
}
