package org.leapfrog.kernels.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.JavaKernel;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.kernels.KernelDef;

/**
 * The kernel {@code nn/net_eval.cl}: a network function evaluated for a batch of chains, and its Java twin.
 * Arguments: 0 nChains (a multiple of the lane width), 1 x (inputs, chain-minor), 2 y (outputs, chain-minor),
 * 3 w (weights), 4 w0 (the network's base offset in w). Work-item g handles chains {@code [g * lanes, (g + 1) * lanes)}.
 * In float the arrays are {@code float[]}; the twin then evaluates in double and rounds the outputs to float.
 * On CPU devices launch it with work-groups of 1 (as the fused kernels, {@code Lanes.localSize}): PoCL keeps a
 * group's private activation arrays ({@link NetworkSource#scratchBytes} per work-item) on one thread stack.
 */
public final class NetworkEvalKernel {
    static final List<String> SOURCES = List.of("org/leapfrog/kernels/lanes.cl", "org/leapfrog/kernels/nn/net_eval.cl");
    /** Chains per block in the twin. */
    static final int BLOCK = 64;

    private NetworkEvalKernel() {
    }

    /**
     * The kernel for {@code spec} with {@code lanes} chains per work-item (1, 2, 4 or 8) in {@code real}
     * ("double" or "float").
     */
    public static KernelDef def(NetworkSpec spec, int lanes, String real) {
        if (lanes != 1 && lanes != 2 && lanes != 4 && lanes != 8) {
            throw new IllegalArgumentException("lanes: " + lanes + "; allowed: 1, 2, 4 or 8");
        }
        if (!"double".equals(real) && !"float".equals(real)) {
            throw new IllegalArgumentException("real: '" + real + "'; allowed: double or float");
        }
        Map<String, String> defines = new LinkedHashMap<>();
        defines.put("REAL", real);
        defines.put("VW", Integer.toString(lanes));
        defines.put("LF_NET", spec.functionName());
        defines.put("LF_NET_IN", Integer.toString(spec.inputWidth()));
        defines.put("LF_NET_OUT", Integer.toString(spec.outputWidth()));
        return new KernelDef("net-eval-" + spec.name(), "lf_net_eval", SOURCES, NetworkSource.emit(spec), defines,
                new Twin(spec, lanes, "float".equals(real)));
    }

    private static final class Twin implements JavaKernel {
        private final NetworkSpec spec;
        private final int lanes;
        private final boolean single;
        private final ThreadLocal<Scratch> scratch;

        Twin(NetworkSpec spec, int lanes, boolean single) {
            this.spec = spec;
            this.lanes = lanes;
            this.single = single;
            this.scratch = ThreadLocal.withInitial(() -> new Scratch(spec, single));
        }

        @Override
        public void run(KernelArguments a, int from, int to) {
            int n = a.intValue(0);
            int w0 = a.intValue(4);
            Scratch s = scratch.get();
            int end = Math.min(n, to * lanes);
            if (!single) {
                double[] x = a.doubles(1), y = a.doubles(2), w = a.doubles(3);
                for (int b = from * lanes; b < end; b += BLOCK) {
                    s.net.forward(x, b, n, y, b, n, w, w0, Math.min(BLOCK, end - b));
                }
                return;
            }
            float[] x = a.floats(1), y = a.floats(2), w = a.floats(3);
            double[] wd = s.weights(w);
            int in = spec.inputWidth();
            int out = spec.outputWidth();
            for (int b = from * lanes; b < end; b += BLOCK) {
                int m = Math.min(BLOCK, end - b);
                for (int i = 0; i < in; i++) {
                    for (int c = 0; c < m; c++) {
                        s.x[i * BLOCK + c] = x[i * n + b + c];
                    }
                }
                s.net.forward(s.x, 0, BLOCK, s.y, 0, BLOCK, wd, w0, m);
                for (int o = 0; o < out; o++) {
                    for (int c = 0; c < m; c++) {
                        y[o * n + b + c] = (float) s.y[o * BLOCK + c];
                    }
                }
            }
        }
    }

    /** Per-thread scratch: the network's twin and, in float, the block's inputs, outputs and widened weights. */
    private static final class Scratch {
        final NetworkTwin net;
        final double[] x;
        final double[] y;
        private double[] wd = new double[0];

        Scratch(NetworkSpec spec, boolean single) {
            net = new NetworkTwin(spec, BLOCK);
            x = single ? new double[spec.inputWidth() * BLOCK] : null;
            y = single ? new double[spec.outputWidth() * BLOCK] : null;
        }

        /** The weights widened to double (once per launch and thread: the array is reused). */
        double[] weights(float[] w) {
            if (wd.length != w.length) {
                wd = new double[w.length];
            }
            for (int i = 0; i < w.length; i++) {
                wd[i] = w[i];
            }
            return wd;
        }
    }
}
