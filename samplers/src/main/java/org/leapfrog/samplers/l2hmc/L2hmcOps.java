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
        return CustomOp.record(out, (g, needs) -> {
            Tensor dz = CustomOp.output(e, n, 2 * dim + 1);
            Tensor dgu = CustomOp.output(e, n, dim);
            Tensor draw = CustomOp.output(e, n, 3 * dim);
            Tensor p = CustomOp.output(e, n, 2 * dim + 1);
            e.kernel(pick(L2hmcOpKernels.V_BACK, L2hmcOpKernels.V_BACK_LANES, vw)).arg(0, n).arg(1, dim)
                    .read(2, z).read(3, gU).read(4, raw).read(5, logS)
                    .read(6, logQ).read(7, eps).read(8, fw).read(9, g).write(10, dz).write(11, dgu).write(12, draw)
                    .write(13, p).run(n / vw);
            Tensor[] sums = columnSums(p, n, dim);
            return firstOrder(new Tensor[] {dz, dgu, draw, sums[0], sums[1], sums[2]}, g);
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
        return CustomOp.record(out, (g, needs) -> {
            Tensor dz = CustomOp.output(e, n, 2 * dim + 1);
            Tensor draw = CustomOp.output(e, n, 3 * dim);
            Tensor p = CustomOp.output(e, n, 2 * dim + 1);
            e.kernel(pick(L2hmcOpKernels.X_BACK, L2hmcOpKernels.X_BACK_LANES, vw)).arg(0, n).arg(1, dim)
                    .arg(2, half).read(3, z).read(4, raw)
                    .read(5, logS).read(6, logQ).read(7, eps).read(8, fw).read(9, mf).read(10, mb).read(11, g)
                    .write(12, dz).write(13, draw).write(14, p).run(n / vw);
            Tensor[] sums = columnSums(p, n, dim);
            return firstOrder(new Tensor[] {dz, draw, sums[0], sums[1], sums[2]}, g);
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
        CustomOp.Rule rule = (g, needs) -> {
            Tensor dz = CustomOp.output(e, n, 2 * dim + 1);
            Tensor dgu = mode == 0 ? CustomOp.output(e, n, dim) : dz;
            e.kernel(L2hmcOpKernels.INPUT_BACK).arg(0, n).arg(1, dim).arg(2, mode).arg(3, half).read(4, fw)
                    .read(5, mf).read(6, mb).read(7, g).write(8, dz).update(9, dgu).run(n);
            return firstOrder(mode == 0 ? new Tensor[] {dz, dgu} : new Tensor[] {dz}, g);
        };
        return mode == 0 ? CustomOp.record(out, rule, z, gU) : CustomOp.record(out, rule, z);
    }

    /** d logS, d logQ, d eps: the column sums of the backward kernels' per-element products. */
    private static Tensor[] columnSums(Tensor p, int n, int dim) {
        Engine e = p.engine();
        Tensor dlogS = CustomOp.output(e, 1, dim);
        Tensor dlogQ = CustomOp.output(e, 1, dim);
        Tensor deps = CustomOp.output(e, 1, 1);
        e.kernel(L2hmcOpKernels.COLSUMS).arg(0, n).arg(1, dim).read(2, p).write(3, dlogS).write(4, dlogQ)
                .write(5, deps).run(2 * dim + 1);
        return new Tensor[] {dlogS, dlogQ, deps};
    }

    /** Marks gradients computed by these kernels as not differentiable again (when a graph is being recorded). */
    private static Tensor[] firstOrder(Tensor[] grads, Tensor g) {
        for (int i = 0; i < grads.length; i++) {
            grads[i] = CustomOp.record(grads[i], (gg, needs) -> {
                throw new UnsupportedOperationException("L2HMC's fused updates give first derivatives only; a"
                        + " second derivative through them is not provided");
            }, g);
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
