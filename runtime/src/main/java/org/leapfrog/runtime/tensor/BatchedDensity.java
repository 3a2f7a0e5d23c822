package org.leapfrog.runtime.tensor;

import java.util.Objects;
import java.util.Optional;

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

    /**
     * OpenCL C functions with the same meaning as the Java methods, when the density has them; an OpenCL
     * engine then evaluates {@link TargetOps} on the device instead of copying positions to the host.
     */
    default Optional<DeviceSource> deviceSource() {
        return Optional.empty();
    }

    /**
     * A density's OpenCL C code: compiled after {@code lanes.cl} and {@code lfmath.cl} with {@code DIM} defined,
     * it defines {@code RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td)} and
     * {@code void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td)}, {@code td} being
     * {@code data} in a device buffer (the samplers' {@code DeviceCode} contract).
     *
     * @param source the OpenCL C text
     * @param data   constant data the functions read, at least one element
     */
    record DeviceSource(String source, double[] data) {
        public DeviceSource {
            Objects.requireNonNull(source, "source");
            if (data == null || data.length == 0) {
                throw new IllegalArgumentException("data: " + (data == null ? "null" : "empty")
                        + "; allowed: at least one element");
            }
        }
    }
}
