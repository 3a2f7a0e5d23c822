package org.leapfrog.kernels.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.kernels.JavaKernel;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;

/**
 * The kernel {@code nn/net_eval.cl}: a network function evaluated for a batch of chains, and its Java twin.
 * Arguments: {@link Args} (n_chains a multiple of the lane width; x inputs and y outputs chain-minor; w the
 * weights, w0 the network's base offset in w). Work-item g handles chains {@code [g * lanes, (g + 1) * lanes)}.
 * In float the arrays are {@code float[]}; the twin then evaluates in double and rounds the outputs to float.
 * On CPU devices launch it with work-groups of 1 (as the fused kernels, {@code Lanes.localSize}): PoCL keeps a
 * group's private activation arrays ({@link NetworkSource#scratchBytes} per work-item) on one thread stack.
 */
public final class NetworkEvalKernel {
    static final List<String> SOURCES = List.of("org/leapfrog/kernels/lanes.cl", "org/leapfrog/kernels/nn/net_eval.cl");
    /** Chains per block in the twin. */
    static final int BLOCK = 64;

    /** The parameters of {@code lf_net_eval} in one precision (the buffers' element type is the only difference). */
    public static final class Args {
        public static final Args FLOAT64 = new Args(ElementType.FLOAT64);
        public static final Args FLOAT32 = new Args(ElementType.FLOAT32);

        public final Arg nChains;
        public final Arg x;
        public final Arg y;
        public final Arg w;
        public final Arg w0;
        public final KernelSignature signature;

        private Args(ElementType t) {
            KernelSignature.Builder s = KernelSignature.builder();
            nChains = s.intScalar("n_chains");
            x = s.buffer("x", t, Access.READ);
            y = s.buffer("y", t, Access.WRITE);
            w = s.buffer("w", t, Access.READ);
            w0 = s.intScalar("w0");
            signature = s.build();
        }

        /** The arguments for {@code real} ("double" or "float"). */
        public static Args of(String real) {
            return "float".equals(real) ? FLOAT32 : FLOAT64;
        }
    }

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
                new Twin(spec, lanes, "float".equals(real)), Args.of(real).signature);
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
            Args p = single ? Args.FLOAT32 : Args.FLOAT64;
            int n = a.intValue(p.nChains);
            int w0 = a.intValue(p.w0);
            Scratch s = scratch.get();
            int end = Math.min(n, to * lanes);
            if (!single) {
                double[] x = a.doubles(p.x), y = a.doubles(p.y), w = a.doubles(p.w);
                for (int b = from * lanes; b < end; b += BLOCK) {
                    s.net.forward(x, b, n, y, b, n, w, w0, Math.min(BLOCK, end - b));
                }
                return;
            }
            float[] x = a.floats(p.x), y = a.floats(p.y), w = a.floats(p.w);
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
