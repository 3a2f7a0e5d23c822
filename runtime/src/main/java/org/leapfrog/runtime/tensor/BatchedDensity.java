package org.leapfrog.runtime.tensor;

/**
 * A log density over batches of chains as the tensor engine needs it: value, gradient and Hessian-vector
 * product on host arrays in the chain-minor convention (coordinate d of chain c at {@code x[d * stride + c]}),
 * for chains {@code [from, to)}. The samplers' {@code Target} extends this, so any target can be used in a
 * differentiable graph through {@link TargetOps}.
 */
public interface BatchedDensity {
    String name();

    int dimension();

    void logDensityAndGradient(double[] x, double[] grad, double[] logDensity, int stride, int from, int to);

    void hessianVectorProduct(double[] x, double[] v, double[] out, int stride, int from, int to);
}
