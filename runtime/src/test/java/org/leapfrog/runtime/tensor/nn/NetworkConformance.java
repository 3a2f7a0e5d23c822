package org.leapfrog.runtime.tensor.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.nn.NetworkEvalKernel;
import org.leapfrog.kernels.nn.NetworkSpec;
import org.leapfrog.kernels.nn.NetworkTwin;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.FloatArray;
import org.leapfrog.runtime.graph.TaskGraph;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * The one conformance harness for networks as kernel functions: the same network, random weights and random
 * inputs evaluated by (1) the tensor graph ({@link Sequential#forward} on an engine), (2) the emitted OpenCL
 * function inside {@code nn/net_eval.cl} (any lane width, REAL = double or float) or that kernel's Java twin on
 * the Java backend, and (3) {@link NetworkTwin} directly, each compared with a plain per-chain evaluation from the
 * flat weights that also yields each output's error scale.
 *
 * <p>Error measure: {@code |got - ref| / (|ref| + scale)}, where scale is the size of the terms of the output
 * unit's last sum, {@code sum_i |W_io h_i| + |b_o|} over the last hidden activations h (times {@code exp(s)} after
 * a scaled tanh, whose tanh is 1-Lipschitz). Summation order, fused products and library functions legitimately
 * change a sum by a few units of rounding of the terms it adds, not of its result; an output that is a
 * cancellation (or exactly 0) is therefore measured against the size of what cancelled, and a real mistake (a
 * wrong weight, offset, activation or layout) moves outputs by a fraction of that size. The scale is the last
 * layer's only: propagating worst-case magnitudes through every layer would grow it by about the layers' gain
 * (some 30x per 1024-wide layer) and blunt the check. Rounding analysis of one layer gives about
 * {@code u * (fan-in + a few)}; errors from earlier layers enter through weights of unit gain, so the sum of
 * that over the layers is the estimate: 5.8e-13 in double at depth 5 and width 1024, under the tolerance 1e-12
 * (the issue's); measured: at most 4e-16. Float: {@link #floatTolerance}.
 */
public final class NetworkConformance {
    /** Float64 tolerance of the error measure. */
    public static final double DOUBLE_TOLERANCE = 1e-12;

    private NetworkConformance() {
    }

    /** One dense layer of a test network: width, activation, and whether a ScaledTanh follows it. */
    public record LayerDef(int out, Activation activation, boolean scaledTanh) {
        @Override
        public String toString() {
            return out + " " + activation.name().toLowerCase() + (scaledTanh ? "+scaled" : "");
        }
    }

    /** A test network: input width and layers. */
    public record Case(String name, int inputWidth, List<LayerDef> layers) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(name).append(": ").append(inputWidth);
            layers.forEach(l -> sb.append(" -> ").append(l));
            return sb.toString();
        }
    }

    /**
     * Float32 tolerance for {@code spec}: {@code 2^-24 * sum over layers of (sqrt(fan-in) + 16)}. A sum of n
     * rounded terms errs like a random walk, about sqrt(n) units of rounding of its terms' size (the worst case,
     * n units, would allow 3.1e-4 at depth 5 and width 1024, looser than any real mistake needs); the 16 per
     * layer cover the inputs' and weights' own rounding to float and a few ulps of the device's float tanh, exp
     * and log1p. Largest errors measured on PoCL: 2.7e-7 against 1.4e-5 at depth 5 and width 1024, 4.6e-8 against
     * 1.0e-6 for one unit.
     */
    public static double floatTolerance(NetworkSpec spec) {
        double t = 0;
        for (NetworkSpec.Layer l : spec.layers()) {
            t += Math.sqrt(l.in()) + 16;
        }
        return t * 0x1p-24;
    }

    /** The case's network as modules (Dense, ScaledTanh) on {@code engine}, with zero parameters. */
    public static Sequential build(Engine engine, Case c) {
        List<Module> modules = new ArrayList<>();
        int width = c.inputWidth();
        int k = 0;
        for (LayerDef l : c.layers()) {
            modules.add(new Dense(engine, c.name() + "." + k, width, l.out(), l.activation(),
                    VarianceScaling.glorotUniform(), new SplittableRandom(k)));
            if (l.scaledTanh()) {
                modules.add(new ScaledTanh(engine, c.name() + ".scale" + k, l.out()));
            }
            width = l.out();
            k++;
        }
        return new Sequential(modules);
    }

    /**
     * Random weights in the packed layout of {@code spec}: weights N(0, 1.5 / fan-in) so hidden units cover the
     * activations' curved and flat regions without saturating, biases N(0, 0.25), log-scales N(0, 0.09).
     */
    public static double[] randomWeights(NetworkSpec spec, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w = new double[spec.parameterCount()];
        for (NetworkSpec.Layer l : spec.layers()) {
            double sd = Math.sqrt(1.5 / l.in());
            for (int i = 0; i < l.in() * l.out(); i++) {
                w[l.weightOffset() + i] = sd * rng.nextGaussian();
            }
            for (int o = 0; o < l.out(); o++) {
                w[l.biasOffset() + o] = 0.5 * rng.nextGaussian();
                if (l.scaledTanh()) {
                    w[l.scaleOffset() + o] = 0.3 * rng.nextGaussian();
                }
            }
        }
        return w;
    }

    /** Inputs N(0, 4), chain-minor ({@code width x chains}). */
    public static double[] randomInputs(int width, int chains, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[width * chains];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2.0 * rng.nextGaussian();
        }
        return x;
    }

    /** The reference: outputs (row 0) and their error scales (row 1), chain-minor, by plain per-chain loops. */
    public static double[][] reference(NetworkSpec spec, double[] w, double[] x, int chains) {
        int out = spec.outputWidth();
        List<NetworkSpec.Layer> layers = spec.layers();
        double[][] r = new double[2][out * chains];
        for (int c = 0; c < chains; c++) {
            double[] h = new double[spec.inputWidth()];
            for (int i = 0; i < h.length; i++) {
                h[i] = x[i * chains + c];
            }
            for (int k = 0; k < layers.size(); k++) {
                NetworkSpec.Layer l = layers.get(k);
                double[] h2 = new double[l.out()];
                for (int o = 0; o < l.out(); o++) {
                    double s = 0;
                    double a = 0;
                    for (int i = 0; i < l.in(); i++) {
                        double wi = w[l.weightOffset() + o * l.in() + i];
                        s += wi * h[i];
                        a += Math.abs(wi * h[i]);
                    }
                    double b = w[l.biasOffset() + o];
                    double y = l.activation().apply(s + b);
                    a += Math.abs(b);
                    if (l.scaledTanh()) {
                        double scale = Math.exp(w[l.scaleOffset() + o]);
                        y = Math.tanh(y) * scale;
                        a *= scale;
                    }
                    h2[o] = y;
                    if (k == layers.size() - 1) {
                        r[0][o * chains + c] = y;
                        r[1][o * chains + c] = a;
                    }
                }
                h = h2;
            }
        }
        return r;
    }

    /** The largest error (the measure above) of {@code got} against the reference, with where it occurs. */
    public static Mismatch compare(double[][] ref, double[] got, int chains) {
        Mismatch worst = new Mismatch(0, -1, -1, 0, 0);
        for (int i = 0; i < ref[0].length; i++) {
            double e = Math.abs(got[i] - ref[0][i]) / (Math.abs(ref[0][i]) + ref[1][i]);
            if (!(e <= worst.error())) {   // NaN counts as the worst
                worst = new Mismatch(Double.isNaN(e) ? Double.POSITIVE_INFINITY : e, i / chains, i % chains, got[i], ref[0][i]);
            }
        }
        return worst;
    }

    /** The largest error, at output {@code unit} of chain {@code chain}. */
    public record Mismatch(double error, int unit, int chain, double got, double expected) {
        @Override
        public String toString() {
            return "error " + error + " at unit " + unit + ", chain " + chain + ": " + got + " vs " + expected;
        }
    }

    // ---- the forms ----

    /** The tensor graph: {@code net.forward(x)} on the network's engine, chain-minor result. */
    public static double[] graph(Sequential net, double[] x, int inputWidth, int chains) {
        Engine engine = net.parameters().get(0).engine();
        try (Engine.GradRegion g = engine.noGrad()) {
            return net.forward(engine.wrap(chains, inputWidth, x.clone())).toArray();
        }
    }

    /** {@link NetworkTwin} directly over all chains in blocks of {@code block}, weights at {@code base} in {@code buffer}. */
    public static double[] twin(NetworkSpec spec, double[] buffer, int base, double[] x, int chains, int block) {
        NetworkTwin t = new NetworkTwin(spec, block);
        double[] y = new double[spec.outputWidth() * chains];
        for (int b = 0; b < chains; b += block) {
            t.forward(x, b, chains, y, b, chains, buffer, base, Math.min(block, chains - b));
        }
        return y;
    }

    /**
     * The kernel {@code lf_net_eval} on {@code backend} (the OpenCL function, or its Java twin on the Java
     * backend) with {@code lanes} chains per work-item in {@code real}; chains are padded to the lane width
     * with zero inputs, weights read at {@code base} in {@code buffer}.
     */
    public static double[] kernel(Backend backend, NetworkSpec spec, int lanes, String real, double[] buffer, int base,
                                  double[] x, int chains) {
        int padded = (chains + lanes - 1) / lanes * lanes;
        int in = spec.inputWidth();
        int out = spec.outputWidth();
        double[] xp = new double[in * padded];
        for (int i = 0; i < in; i++) {
            System.arraycopy(x, i * chains, xp, i * padded, chains);
        }
        KernelDef def = NetworkEvalKernel.def(spec, lanes, real);
        boolean single = "float".equals(real);
        var xa = single ? new FloatArray("x", toFloat(xp)) : new DoubleArray("x", xp);
        var ya = single ? new FloatArray("y", new float[out * padded]) : new DoubleArray("y", new double[out * padded]);
        var wa = single ? new FloatArray("w", toFloat(buffer)) : new DoubleArray("w", buffer.clone());
        // Private activation arrays live on a CPU runtime's thread stack per work-item: one per group there.
        int local = backend.kind() == BackendKind.OPENCL && "CPU".equals(backend.device().type()) ? 1 : 0;
        TaskGraph g = new TaskGraph("net-eval")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, xa, wa)
                .task("net", def, padded / lanes, padded, xa, ya, wa, base).localWork(local)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, ya);
        try (ExecutionPlan plan = backend.plan(g.snapshot())) {
            plan.execute();
        }
        double[] y = new double[out * chains];
        for (int o = 0; o < out; o++) {
            for (int c = 0; c < chains; c++) {
                y[o * chains + c] = single ? ((FloatArray) ya).data()[o * padded + c] : ((DoubleArray) ya).data()[o * padded + c];
            }
        }
        return y;
    }

    /** {@code buffer} with the weights at {@code base} and NaN around them, so reads outside the slice show. */
    public static double[] embed(double[] weights, int base, int after) {
        double[] b = new double[base + weights.length + after];
        Arrays.fill(b, Double.NaN);
        System.arraycopy(weights, 0, b, base, weights.length);
        return b;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
