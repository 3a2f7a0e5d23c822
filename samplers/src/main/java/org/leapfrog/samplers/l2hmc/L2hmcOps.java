package org.leapfrog.samplers.l2hmc;

import org.leapfrog.kernels.KernelDef;
import org.leapfrog.runtime.tensor.CustomOp;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * L2HMC's augmented leapfrog updates as fused differentiable tensor ops (kernels {@code l2hmc_ops.cl}, twins
 * {@link L2hmcOpKernels}), on the pass state {@code Z = [x | v | ld]} ({@code n x (2D + 1)}): a v half-update,
 * an x half-update and a network's input each are one launch forward and one or two backward, where the
 * element-wise form ({@link L2hmcGraph#proposeReference}) takes about 30 and 60. Each op computes the element-wise
 * form's operations in its order, so values agree with it to rounding (the log-det's sum may run in another
 * order); gradients are hand-derived (sums in another order). First order only: differentiating a gradient
 * through these ops throws.
 */
final class L2hmcOps {
    private L2hmcOps() {
    }

    /** The v half-update at x with {@code gU} (beta grad U(x), {@code n x D}) and the V network's raw output. */
    static Tensor vUpdate(Tensor z, Tensor gU, Tensor raw, Tensor logS, Tensor logQ, Tensor eps, Tensor fw) {
        Engine e = z.engine();
        int n = z.rows();
        int dim = dim(z);
        int vw = lanes(e, n);
        Tensor out = CustomOp.output(e, n, 2 * dim + 1);
        e.kernel(pick(L2hmcOpKernels.V, L2hmcOpKernels.V_LANES, vw)).arg(0, n).arg(1, dim)
                .read(2, z).read(3, gU).read(4, raw).read(5, logS)
                .read(6, logQ).read(7, eps).read(8, fw).write(9, out).run(n / vw);
        return CustomOp.recordAccumulating(out, (g, needs, prev) -> {
            Tensor dz = CustomOp.output(e, n, 2 * dim + 1);
            Tensor dgu = CustomOp.output(e, n, dim);
            Tensor draw = CustomOp.output(e, n, 3 * dim);
            Tensor p = CustomOp.output(e, n, 2 * dim + 1);
            e.kernel(pick(L2hmcOpKernels.V_BACK, L2hmcOpKernels.V_BACK_LANES, vw)).arg(0, n).arg(1, dim)
                    .read(2, z).read(3, gU).read(4, raw).read(5, logS)
                    .read(6, logQ).read(7, eps).read(8, fw).read(9, g).write(10, dz).write(11, dgu).write(12, draw)
                    .write(13, p).run(n / vw);
            Tensor[] sums = firstOrder(columnSums(p, n, dim, prev[3], prev[4], prev[5]), g, prev[3], prev[4], prev[5]);
            Tensor[] own = firstOrder(new Tensor[] {dz, dgu, draw}, g);
            return new Tensor[] {plus(prev[0], own[0]), plus(prev[1], own[1]), plus(prev[2], own[2]), sums[0],
                sums[1], sums[2]};
        }, z, gU, raw, logS, logQ, eps);
    }

    /**
     * One x half-update of pass step {@code k} ({@code half} 0 or 1) with the X network's raw output; the kept
     * mask per chain comes from {@code fw} and the model's constants.
     */
    static Tensor xUpdate(Tensor z, Tensor raw, Tensor logS, Tensor logQ, Tensor eps, Tensor fw,
                          L2hmcGraph.Constants c, int k, int half) {
        Engine e = z.engine();
        int n = z.rows();
        int dim = dim(z);
        int vw = lanes(e, n);
        Tensor mf = c.maskForward[k];
        Tensor mb = c.maskBackward[k];
        Tensor out = CustomOp.output(e, n, 2 * dim + 1);
        e.kernel(pick(L2hmcOpKernels.X, L2hmcOpKernels.X_LANES, vw)).arg(0, n).arg(1, dim)
                .arg(2, half).read(3, z).read(4, raw).read(5, logS)
                .read(6, logQ).read(7, eps).read(8, fw).read(9, mf).read(10, mb).write(11, out).run(n / vw);
        return CustomOp.recordAccumulating(out, (g, needs, prev) -> {
            Tensor dz = CustomOp.output(e, n, 2 * dim + 1);
            Tensor draw = CustomOp.output(e, n, 3 * dim);
            Tensor p = CustomOp.output(e, n, 2 * dim + 1);
            e.kernel(pick(L2hmcOpKernels.X_BACK, L2hmcOpKernels.X_BACK_LANES, vw)).arg(0, n).arg(1, dim)
                    .arg(2, half).read(3, z).read(4, raw)
                    .read(5, logS).read(6, logQ).read(7, eps).read(8, fw).read(9, mf).read(10, mb).read(11, g)
                    .write(12, dz).write(13, draw).write(14, p).run(n / vw);
            Tensor[] sums = firstOrder(columnSums(p, n, dim, prev[2], prev[3], prev[4]), g, prev[2], prev[3], prev[4]);
            Tensor[] own = firstOrder(new Tensor[] {dz, draw}, g);
            return new Tensor[] {plus(prev[0], own[0]), plus(prev[1], own[1]), sums[0], sums[1], sums[2]};
        }, z, raw, logS, logQ, eps);
    }

    /** The V network's input {@code [x | gU | tau(k)]} ({@code n x (2D + 2)}). */
    static Tensor inputV(Tensor z, Tensor gU, Tensor fw, L2hmcGraph.Constants c, int k) {
        return input(0, 0, z, gU, fw, c, k);
    }

    /** The X network's input of an x half, {@code [kept x | v | tau(k)]}. */
    static Tensor inputX(Tensor z, Tensor fw, L2hmcGraph.Constants c, int k, int half) {
        return input(1, half, z, z, fw, c, k);
    }

    private static Tensor input(int mode, int half, Tensor z, Tensor gU, Tensor fw, L2hmcGraph.Constants c, int k) {
        Engine e = z.engine();
        int n = z.rows();
        int dim = dim(z);
        Tensor mf = c.maskForward[k];
        Tensor mb = c.maskBackward[k];
        Tensor out = CustomOp.output(e, n, 2 * dim + 2);
        e.kernel(L2hmcOpKernels.INPUT).arg(0, n).arg(1, dim).arg(2, mode).arg(3, half).read(4, z).read(5, gU)
                .read(6, fw).read(7, mf).read(8, mb).read(9, c.tauForward[k]).read(10, c.tauBackward[k])
                .write(11, out).run(n);
        // The gradients of z (and gU) are added to those accumulated so far in the same launch.
        CustomOp.AccumulatingRule rule = (g, needs, prev) -> {
            Tensor dz = CustomOp.output(e, n, 2 * dim + 1);
            Tensor dgu = mode == 0 ? CustomOp.output(e, n, dim) : dz;
            Tensor pz = prev[0];
            Tensor pgu = mode == 0 ? prev[1] : null;
            e.kernel(L2hmcOpKernels.INPUT_BACK).arg(0, n).arg(1, dim).arg(2, mode).arg(3, half).read(4, fw)
                    .read(5, mf).read(6, mb).read(7, g).write(8, dz).update(9, dgu).read(10, pz != null ? pz : g)
                    .read(11, pgu != null ? pgu : g).arg(12, (pz != null ? 1 : 0) | (pgu != null ? 2 : 0)).run(n);
            return firstOrder(mode == 0 ? new Tensor[] {dz, dgu} : new Tensor[] {dz}, g, pz, pgu);
        };
        return mode == 0 ? CustomOp.recordAccumulating(out, rule, z, gU) : CustomOp.recordAccumulating(out, rule, z);
    }

    /**
     * d logS, d logQ, d eps: the column sums of the backward kernels' per-element products, each added to the
     * gradient accumulated so far ({@code ps}, {@code pq}, {@code pe}; null for none) in the same launch.
     */
    private static Tensor[] columnSums(Tensor p, int n, int dim, Tensor ps, Tensor pq, Tensor pe) {
        Engine e = p.engine();
        Tensor dlogS = CustomOp.output(e, 1, dim);
        Tensor dlogQ = CustomOp.output(e, 1, dim);
        Tensor deps = CustomOp.output(e, 1, 1);
        int hasPrev = (ps != null ? 1 : 0) | (pq != null ? 2 : 0) | (pe != null ? 4 : 0);
        e.kernel(L2hmcOpKernels.COLSUMS).arg(0, n).arg(1, dim).read(2, p).write(3, dlogS).write(4, dlogQ)
                .write(5, deps).read(6, ps != null ? ps : p).read(7, pq != null ? pq : p).read(8, pe != null ? pe : p)
                .arg(9, hasPrev).run(2 * dim + 1);
        return new Tensor[] {dlogS, dlogQ, deps};
    }

    /** {@code prev + t} for gradients these kernels cannot add themselves (t without a prior gradient). */
    private static Tensor plus(Tensor prev, Tensor t) {
        return prev == null ? t : prev.add(t);
    }

    /**
     * Marks gradients computed by these kernels as not differentiable again (when a graph is being recorded); they
     * depend on {@code from}: the output's gradient and the prior gradients a kernel added in (null entries: none).
     */
    private static Tensor[] firstOrder(Tensor[] grads, Tensor... from) {
        Tensor[] inputs = java.util.Arrays.stream(from).filter(java.util.Objects::nonNull).toArray(Tensor[]::new);
        for (int i = 0; i < grads.length; i++) {
            grads[i] = CustomOp.record(grads[i], (gg, needs) -> {
                throw new UnsupportedOperationException("L2HMC's fused updates give first derivatives only; a"
                        + " second derivative through them is not provided");
            }, inputs);
        }
        return grads;
    }

    /**
     * Chains per work-item of the update kernels: the device's preferred lane width on OpenCL (8 on CPUs, 1 on
     * GPUs) where it divides n, else 1; the Java engine runs the row twins directly.
     */
    private static KernelDef pick(KernelDef rows, KernelDef[] lanes, int vw) {
        return vw == 1 ? rows : lanes[vw];
    }

    private static int lanes(Engine e, int n) {
        int vw = e.isOpenCl() ? e.backend().capabilities().preferredLanes() : 1;
        return L2hmcOpKernels.hasLanes(vw) && n % vw == 0 ? vw : 1;
    }

    private static int dim(Tensor z) {
        if (z.cols() < 3 || z.cols() % 2 == 0) {
            throw new IllegalArgumentException("z: " + z.rows() + " x " + z.cols() + "; allowed: n x (2D + 1), the"
                    + " state [x | v | log-det]");
        }
        return (z.cols() - 1) / 2;
    }
}
