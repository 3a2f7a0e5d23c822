package org.leapfrog.runtime.tensor;

/**
 * A target density ({@link BatchedDensity}) as graph operations, so that losses can be differentiated through leapfrog steps.
 * Positions are {@code chains x dimension} tensors; the target's chain-minor convention is this layout with
 * stride = chains.
 *
 * <p>The gradient op's backward rule is the target's Hessian-vector product (the Hessian is symmetric), and
 * the Hessian-vector product is itself an op, differentiable in its vector argument. Differentiating it in
 * the position would need third derivatives, which the {@link BatchedDensity} contract does not provide: that case
 * throws. For second order through the position, write the log density with Tensor operations instead
 * (e.g. a decoder network) and take {@link Graph#grad} with {@code createGraph = true}.
 *
 * <p>The {@link BatchedDensity} contract works on host arrays, so on an OpenCL engine these ops fall back to the host:
 * the position (and vector) are read back, the target runs on the host copies, and the result is uploaded
 * when the next operation reads it. Host copies belong to the tensors' storage, so inside an {@link Arena}
 * this allocates nothing after the first iteration.
 */
public final class TargetOps {
    private TargetOps() {
    }

    /** Log density per chain: {@code chains x 1}. */
    public static Tensor logDensity(BatchedDensity target, Tensor x) {
        checkShape(target, x);
        int n = x.rows;
        Tensor out = Tensor.result(x.engine, n, 1, false);
        Tensor gradScratch = Tensor.result(x.engine, n, x.cols, false);
        target.logDensityAndGradient(host(x), overwrite(gradScratch), overwrite(out), n, 0, n);
        return Node.record(out, (g, needs) -> new Tensor[] {g.mul(gradLogDensity(target, x))}, x);
    }

    /** Gradient of the log density: {@code chains x dimension}. */
    public static Tensor gradLogDensity(BatchedDensity target, Tensor x) {
        checkShape(target, x);
        int n = x.rows;
        Tensor out = Tensor.result(x.engine, n, x.cols, false);
        Tensor logDensityScratch = Tensor.result(x.engine, n, 1, false);
        target.logDensityAndGradient(host(x), overwrite(out), overwrite(logDensityScratch), n, 0, n);
        return Node.record(out, (g, needs) -> new Tensor[] {hessianVectorProduct(target, x, g)}, x);
    }

    /** {@code H(x) v} per chain, H the Hessian of the log density: {@code chains x dimension}. */
    public static Tensor hessianVectorProduct(BatchedDensity target, Tensor x, Tensor v) {
        checkShape(target, x);
        if (!v.sameShape(x)) {
            throw new IllegalArgumentException("v: shape " + v.shape() + "; allowed: the position's shape "
                    + x.shape());
        }
        x.sameEngine(v);
        int n = x.rows;
        Tensor out = Tensor.result(x.engine, n, x.cols, false);
        target.hessianVectorProduct(host(x), host(v), overwrite(out), n, 0, n);
        return Node.record(out, (g, needs) -> {
            if (needs[0]) {
                throw new UnsupportedOperationException("target " + target.name()
                        + ": differentiating a Hessian-vector product in the position needs third derivatives,"
                        + " which BatchedDensity does not provide; express the log density with Tensor operations");
            }
            return new Tensor[] {null, hessianVectorProduct(target, x, g)};
        }, x, v);
    }

    /** Current host values for reading (a copy from the device on OpenCL). */
    private static double[] host(Tensor t) {
        return t.engine.device.readHost(t.storage());
    }

    /** A host array that the target fills completely (uploaded when the next operation reads the tensor). */
    private static double[] overwrite(Tensor t) {
        return t.engine.device.overwriteHost(t.storage());
    }

    private static void checkShape(BatchedDensity target, Tensor x) {
        if (x.cols != target.dimension()) {
            throw new IllegalArgumentException("x: shape " + x.shape() + "; allowed: chains x "
                    + target.dimension() + " (the dimension of target " + target.name() + ")");
        }
    }
}
