package org.leapfrog.samplers.neural;

import org.leapfrog.kernels.nn.NetworkTwin;
import org.leapfrog.samplers.target.Target;

/**
 * The coupling flow f(v; x) and its inverse on the host, for a block of up to {@code capacity} chains
 * (chain-minor, coordinate d of chain j at {@code d * capacity + j}), with the arithmetic of {@code neural.cl}:
 * the same networks ({@link NetworkTwin}), the same update formulas in the same order. One instance per thread;
 * nothing is allocated after construction.
 */
final class FlowTwin {
    private final NeuralFlow flow;
    private final Target target;
    private final int cap;
    private final int dim;
    private final NetworkTwin vIn, vHidden, vOut, rIn, rHidden, rOut;
    private final double[] mask;
    private final double[] in3, out3, hidA, hidB, in2, y, g, lp;

    FlowTwin(NeuralFlow flow, Target target, int capacity) {
        this.flow = flow;
        this.target = target;
        this.cap = capacity;
        this.dim = flow.dimension();
        vIn = new NetworkTwin(flow.vInSpec(), capacity);
        vHidden = new NetworkTwin(flow.vHiddenSpec(), capacity);
        vOut = new NetworkTwin(flow.vOutSpec(), capacity);
        rIn = new NetworkTwin(flow.rInSpec(), capacity);
        rHidden = new NetworkTwin(flow.rHiddenSpec(), capacity);
        rOut = new NetworkTwin(flow.rOutSpec(), capacity);
        mask = flow.maskValues();
        in3 = new double[3 * dim * capacity];
        out3 = new double[3 * dim * capacity];
        hidA = new double[flow.width() * capacity];
        hidB = new double[flow.width() * capacity];
        in2 = new double[2 * dim * capacity];
        y = new double[dim * capacity];
        g = new double[dim * capacity];
        lp = new double[capacity];
    }

    int capacity() {
        return cap;
    }

    /**
     * Runs the flow in place on {@code v} (forward: v to z; reverse: z to v) at positions {@code x} for chains
     * [0, m), adding each chain's log |det| to {@code logDet[j]}.
     */
    void run(double[] x, double[] v, double[] w, boolean reverse, double[] logDet, int m) {
        double et = Math.exp(w[flow.logEpsOffset()]) / (2.0 * flow.steps());
        int steps = flow.steps();
        for (int s = 0; s < steps; s++) {
            int k = reverse ? steps - 1 - s : s;
            // forward: keep m then keep 1 - m; reverse: undo them in the opposite order
            boolean firstKeepsMask = !reverse;
            half(x, v, w, k, firstKeepsMask, reverse, et, logDet, m);
            half(x, v, w, k, !firstKeepsMask, reverse, et, logDet, m);
        }
    }

    /** One half-update of step k: units where {@code keep} (m, or 1 - m when !keepMask) is 1 condition the rest. */
    private void half(double[] x, double[] v, double[] w, int k, boolean keepMask, boolean reverse, double et,
                      double[] logDet, int m) {
        for (int d = 0; d < dim; d++) {
            double md = mask[k * dim + d];
            double keep = keepMask ? md : 1.0 - md;
            for (int j = 0; j < m; j++) {
                double xv = x[d * cap + j];
                double kept = keep * v[d * cap + j];
                in2[d * cap + j] = xv;
                in2[(dim + d) * cap + j] = kept;
                in3[d * cap + j] = xv;
                in3[(dim + d) * cap + j] = kept;
            }
        }
        // R(x, kept v), then gE = -grad log p(x + R)
        rIn.forward(in2, 0, cap, hidA, 0, cap, w, flow.rIn(k), m);
        rHidden.forward(hidA, 0, cap, hidB, 0, cap, w, flow.rHidden(), m);
        rOut.forward(hidB, 0, cap, y, 0, cap, w, flow.rOut(k), m);
        for (int d = 0; d < dim; d++) {
            for (int j = 0; j < m; j++) {
                y[d * cap + j] = x[d * cap + j] + y[d * cap + j];
            }
        }
        target.logDensityAndGradient(y, g, lp, cap, 0, m);
        for (int d = 0; d < dim; d++) {
            for (int j = 0; j < m; j++) {
                in3[(2 * dim + d) * cap + j] = -g[d * cap + j];
            }
        }
        vIn.forward(in3, 0, cap, hidA, 0, cap, w, flow.vIn(k), m);
        vHidden.forward(hidA, 0, cap, hidB, 0, cap, w, flow.vHidden(), m);
        vOut.forward(hidB, 0, cap, out3, 0, cap, w, flow.vOut(k), m);
        for (int d = 0; d < dim; d++) {
            double md = mask[k * dim + d];
            double keep = keepMask ? md : 1.0 - md;
            double upd = 1.0 - keep;
            for (int j = 0; j < m; j++) {
                int i = d * cap + j;
                double s = out3[i], q = out3[dim * cap + i], t = out3[2 * dim * cap + i];
                double drift = in3[(2 * dim + d) * cap + j] * Math.exp(q) + t;
                double vv = v[i];
                double moved = reverse ? (vv + et * drift) * Math.exp(-s) : vv * Math.exp(s) - et * drift;
                v[i] = keep * vv + upd * moved;
                logDet[j] += upd * (reverse ? -s : s);
            }
        }
    }
}
