package org.leapfrog.samplers.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.leapfrog.runtime.tensor.BatchedDensity;

/**
 * A distribution to sample, evaluated for a batch of chains at once.
 *
 * <p>Batched, chain-minor calling convention: coordinate d of chain c is {@code x[d * stride + c]}; a call
 * evaluates chains {@code c in [from, to)} and writes {@code logDensity[c]} and {@code grad[d * stride + c]}.
 * Implementations must not allocate per call (they run inside sampler kernels) and must tolerate any
 * position: a non-finite result is data (the sampler rejects and marks that chain), never an exception.
 *
 * <p>Targets that can run on an OpenCL device also provide {@link #deviceCode()}: OpenCL C functions with
 * the same meaning, compiled into the fused sampler kernels (see {@link DeviceCode} for the contract).
 * The Java methods are the twin of those functions; a conformance test holds them equal.
 */
public interface Target extends BatchedDensity {
    /** A short name, e.g. {@code icg50}. */
    String name();

    int dimension();

    /** Parameter names for output columns; by default x.1 .. x.d (CmdStan's style for a vector x). */
    default List<String> parameterNames() {
        List<String> names = new ArrayList<>(dimension());
        for (int d = 1; d <= dimension(); d++) {
            names.add("x." + d);
        }
        return names;
    }

    /** Log density (up to a constant) and its gradient for chains [from, to). */
    void logDensityAndGradient(double[] x, double[] grad, double[] logDensity, int stride, int from, int to);

    /**
     * The gradient alone, for leapfrog steps whose log density is never used. {@code scratch} (length >=
     * {@code to}) may be overwritten. Targets whose log density costs extra (e.g. log1p per data row) override
     * this, and their OpenCL code then defines {@code void lf_grad(const RV *x, RV *g, __global const REAL *td)}.
     */
    default void gradient(double[] x, double[] grad, double[] scratch, int stride, int from, int to) {
        logDensityAndGradient(x, grad, scratch, stride, from, to);
    }

    /** Hessian-vector product H(x) v of the log density for chains [from, to), written to {@code out}. */
    void hessianVectorProduct(double[] x, double[] v, double[] out, int stride, int from, int to);

    /** OpenCL C code for fused kernels, when this target can run on a device. */
    default Optional<DeviceCode> deviceCode() {
        return Optional.empty();
    }

    /** The true mean and covariance, when known (for tests and the papers' ESS estimators). */
    default Optional<KnownMoments> moments() {
        return Optional.empty();
    }

    /** The tensor engine's view of {@link #deviceCode()}: an OpenCL engine evaluates target ops with it. */
    @Override
    default Optional<BatchedDensity.DeviceSource> deviceSource() {
        return deviceCode().map(c -> new BatchedDensity.DeviceSource(c.source(), c.data()));
    }
}
