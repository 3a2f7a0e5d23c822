package org.leapfrog.samplers.his;

import org.leapfrog.runtime.tensor.CustomOp;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * The tempered Hamiltonian flow's updates as differentiable tensor operations, for flows whose gradient of
 * log p comes from the tensor engine (the HVAE's decoder): positions, momenta and gradients are
 * {@code rows x dim} tensors (a batch of chains), step sizes {@code 1 x dim}. Each op is one launch of
 * {@code his_ops.cl} (element updates of {@code leapfrog.cl}, the ones {@link HisFlow} runs) or of its Java twin
 * ({@link FlowOpKernels}); backward rules are tensor operations, so gradients of gradients work. One step of
 * {@link HisFlow} from (x, p) with gradient g is
 * {@code p = kick(p, g, eps, 0.5); x = drift(x, p, eps); g = grad log p(x); p = kick(p, g, eps, 0.5);
 * p = temper(p, alpha_k)}.
 */
public final class FlowOps {
    private FlowOps() {
    }

    /** {@code p + (w eps) g}: a momentum kick by weight {@code w} (0.5: a half step) of the step sizes. */
    public static Tensor kick(Tensor p, Tensor g, Tensor eps, double w) {
        checkUpdate("g", p, g, eps);
        Tensor out = launch(FlowOpKernels.KICK, w, p, g, eps);
        return CustomOp.record(out, (G, needs) -> new Tensor[] {
                G,
                needs[1] ? G.mul(eps.mul(w)) : null,
                needs[2] ? G.mul(g).sumRows().mul(w) : null}, p, g, eps);
    }

    /** {@code x + eps v}: a position drift by the step sizes (v the velocity, the momentum for a unit mass). */
    public static Tensor drift(Tensor x, Tensor v, Tensor eps) {
        checkUpdate("v", x, v, eps);
        Tensor out = launch(FlowOpKernels.DRIFT, 1.0, x, v, eps);
        return CustomOp.record(out, (G, needs) -> new Tensor[] {
                G,
                needs[1] ? G.mul(eps) : null,
                needs[2] ? G.mul(v).sumRows() : null}, x, v, eps);
    }

    /** {@code alpha p}: the momentum scaling of one tempering step ({@code alpha} is {@code 1 x 1}). */
    public static Tensor temper(Tensor p, Tensor alpha) {
        if (alpha.rows() != 1 || alpha.cols() != 1) {
            throw new IllegalArgumentException("alpha: shape " + alpha.rows() + " x " + alpha.cols()
                    + "; allowed: 1 x 1");
        }
        Tensor out = launch(FlowOpKernels.TEMPER, 1.0, p, p, alpha);
        return CustomOp.record(out, (G, needs) -> new Tensor[] {
                needs[0] ? G.mul(alpha) : null,
                needs[1] ? G.mul(p).sum() : null}, p, alpha);
    }

    /**
     * alpha_1..alpha_K ({@code 1 x K}) of fixed quadratic tempering from {@code beta0} ({@code 1 x 1}, in (0, 1]):
     * the values of {@link Tempering#fixedQuadratic}, differentiable in beta0 (first order; the derivative
     * itself is not differentiated again). A beta0 outside (0, 1] gives NaNs on OpenCL and throws on Java.
     */
    public static Tensor fixedSchedule(Tensor beta0, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps (K): " + steps + "; allowed: 1 or more");
        }
        if (beta0.rows() != 1 || beta0.cols() != 1) {
            throw new IllegalArgumentException("beta0: shape " + beta0.rows() + " x " + beta0.cols()
                    + "; allowed: 1 x 1");
        }
        Engine e = beta0.engine();
        Tensor out = CustomOp.output(e, 1, steps);
        e.kernel(FlowOpKernels.SCHEDULE).arg(0, steps).arg(1, 0).read(2, beta0).read(3, beta0).write(4, out).run(1);
        return CustomOp.record(out, (G, needs) -> new Tensor[] {scheduleGradient(beta0, G, steps)}, beta0);
    }

    private static Tensor scheduleGradient(Tensor beta0, Tensor g, int steps) {
        Engine e = beta0.engine();
        Tensor out = CustomOp.output(e, 1, 1);
        e.kernel(FlowOpKernels.SCHEDULE).arg(0, steps).arg(1, 1).read(2, beta0).read(3, g).write(4, out).run(1);
        return CustomOp.record(out, (G, needs) -> {
            throw new UnsupportedOperationException("the tempering schedule's derivative is not differentiable"
                    + " again (second derivatives in beta0 are not provided)");
        }, beta0, g);
    }

    private static Tensor launch(int op, double w, Tensor a, Tensor b, Tensor e) {
        Engine engine = a.engine();
        Tensor out = CustomOp.output(engine, a.rows(), a.cols());
        engine.kernel(FlowOpKernels.UPDATE).arg(0, op).arg(1, a.rows()).arg(2, a.size()).arg(3, w).read(4, a)
                .read(5, b).read(6, e).write(7, out).run(a.size());
        return out;
    }

    private static void checkUpdate(String name, Tensor a, Tensor b, Tensor eps) {
        if (b.rows() != a.rows() || b.cols() != a.cols()) {
            throw new IllegalArgumentException(name + ": shape " + b.rows() + " x " + b.cols() + "; allowed: "
                    + a.rows() + " x " + a.cols() + " (the shape of the state it updates)");
        }
        if (eps.rows() != 1 || eps.cols() != a.cols()) {
            throw new IllegalArgumentException("eps: shape " + eps.rows() + " x " + eps.cols() + "; allowed: 1 x "
                    + a.cols() + " (one step size per dimension)");
        }
    }
}
