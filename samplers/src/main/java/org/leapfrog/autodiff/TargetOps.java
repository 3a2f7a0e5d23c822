package org.leapfrog.autodiff;

import org.leapfrog.samplers.target.Target;

/**
 * A {@link Target} as graph operations, so that losses can be differentiated through leapfrog steps.
 * Positions are {@code chains x dimension} tensors; the target's chain-minor convention is this layout with
 * stride = chains.
 *
 * <p>The gradient op's backward rule is the target's Hessian-vector product (the Hessian is symmetric), and
 * the Hessian-vector product is itself an op, differentiable in its vector argument. Differentiating it in
 * the position would need third derivatives, which the {@link Target} contract does not provide: that case
 * throws. For second order through the position, write the log density with Tensor operations instead
 * (e.g. a decoder network) and take {@link Graph#grad} with {@code createGraph = true}.
 */
public final class TargetOps {
    private TargetOps() {
    }

    /** Log density per chain: {@code chains x 1}. */
    public static Tensor logDensity(Target target, Tensor x) {
        checkShape(target, x);
        int n = x.rows;
        Tensor out = Tensor.result(n, 1);
        target.logDensityAndGradient(x.data, new double[x.data.length], out.data, n, 0, n);
        return Node.record(out, (g, needs) -> new Tensor[] {g.mul(gradLogDensity(target, x))}, x);
    }

    /** Gradient of the log density: {@code chains x dimension}. */
    public static Tensor gradLogDensity(Target target, Tensor x) {
        checkShape(target, x);
        int n = x.rows;
        Tensor out = Tensor.result(n, x.cols);
        target.logDensityAndGradient(x.data, out.data, new double[n], n, 0, n);
        return Node.record(out, (g, needs) -> new Tensor[] {hessianVectorProduct(target, x, g)}, x);
    }

    /** {@code H(x) v} per chain, H the Hessian of the log density: {@code chains x dimension}. */
    public static Tensor hessianVectorProduct(Target target, Tensor x, Tensor v) {
        checkShape(target, x);
        if (!v.sameShape(x)) {
            throw new IllegalArgumentException("v: shape " + v.shape() + "; allowed: the position's shape "
                    + x.shape());
        }
        int n = x.rows;
        Tensor out = Tensor.result(n, x.cols);
        target.hessianVectorProduct(x.data, v.data, out.data, n, 0, n);
        return Node.record(out, (g, needs) -> {
            if (needs[0]) {
                throw new UnsupportedOperationException("target " + target.name()
                        + ": differentiating a Hessian-vector product in the position needs third derivatives,"
                        + " which Target does not provide; express the log density with Tensor operations");
            }
            return new Tensor[] {null, hessianVectorProduct(target, x, g)};
        }, x, v);
    }

    private static void checkShape(Target target, Tensor x) {
        if (x.cols != target.dimension()) {
            throw new IllegalArgumentException("x: shape " + x.shape() + "; allowed: chains x "
                    + target.dimension() + " (the dimension of target " + target.name() + ")");
        }
    }
}
