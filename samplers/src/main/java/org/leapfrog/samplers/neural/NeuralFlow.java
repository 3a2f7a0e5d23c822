package org.leapfrog.samplers.neural;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.leapfrog.kernels.nn.NetworkActivation;
import org.leapfrog.kernels.nn.NetworkSpec;
import org.leapfrog.samplers.learned.LearnedModelFile;

/**
 * The architecture of the proposal-entropy coupling sampler (Li, Chen and Sommer 2021) and the one flat weight
 * layout that training, the fused kernel and its Java twin all read.
 *
 * <p>The proposal is {@code x' = x + eps z} with {@code z = f(v; x)}, {@code v ~ N(0, I)}, and f made of
 * {@code steps} coupling steps. Step k has a random binary mask m_k (drawn once, saved with the model) and two
 * half-updates: the first keeps the units where m = 1 and updates the others,
 * {@code v <- m v + (1 - m) (v exp(S) - et (gE exp(Q) + T))} with {@code et = eps / (2 steps)} and
 * {@code gE = grad E(x + R)}, E = -log p; the second swaps the roles of m and 1 - m. S, Q, T come from the
 * network V([x, kept v, gE]) and R from the network R([x, kept v]), so each half-update is invertible given x
 * and its log |det| is the sum of S over the updated units.
 *
 * <p>Networks (as in the paper's released code): V is a 5-layer MLP of constant width, ELU after the first
 * three layers and tanh after the fourth; R has the same shape with ELU throughout. Their input and output
 * layers are indexed by step (one per coupling step), the three middle layers shared. Output layers start at
 * zero, so an untrained flow is z = v - eps/2 grad E(x): a Langevin-like proposal.
 *
 * <p>Flat layout (each dense layer: weight {@code in x out} feature-major, then bias): V's input layers for
 * steps 0..K-1, V's middle layers, V's output layers 0..K-1, then the same for R, then log eps. The kernel
 * reads each piece as its own {@link NetworkSpec} from a base offset ({@link #vIn}, {@link #vHidden}, ...).
 *
 * @param dimension the target's dimension D (2 or more: each mask keeps floor(D/2) units)
 * @param width     the hidden width W of both networks
 * @param steps     coupling steps K
 * @param masks     K masks of D zeros and ones
 */
public record NeuralFlow(int dimension, int width, int steps, int[][] masks) {
    public static final String KIND = "neural";
    /** Specs of the six network pieces; their names fix the OpenCL function names. */
    public static final String V_IN = "pe_vin", V_HIDDEN = "pe_vhid", V_OUT = "pe_vout";
    public static final String R_IN = "pe_rin", R_HIDDEN = "pe_rhid", R_OUT = "pe_rout";

    public NeuralFlow {
        if (dimension < 2) {
            throw new IllegalArgumentException("dimension: " + dimension + "; allowed: 2 or more (the coupling masks split the coordinates)");
        }
        if (width < 1 || width > NetworkSpec.MAX_WIDTH) {
            throw new IllegalArgumentException("width: " + width + "; allowed: 1 to " + NetworkSpec.MAX_WIDTH);
        }
        if (steps < 1 || steps > 16) {
            throw new IllegalArgumentException("steps: " + steps + "; allowed: 1 to 16");
        }
        if (masks == null || masks.length != steps) {
            throw new IllegalArgumentException("masks: " + (masks == null ? "null" : masks.length + " rows")
                    + "; allowed: one row per coupling step (" + steps + ")");
        }
        int[][] copy = new int[steps][];
        for (int k = 0; k < steps; k++) {
            if (masks[k].length != dimension) {
                throw new IllegalArgumentException("masks[" + k + "]: length " + masks[k].length + "; allowed: " + dimension);
            }
            for (int d = 0; d < dimension; d++) {
                if (masks[k][d] != 0 && masks[k][d] != 1) {
                    throw new IllegalArgumentException("masks[" + k + "][" + d + "]: " + masks[k][d] + "; allowed: 0 or 1");
                }
            }
            copy[k] = masks[k].clone();
        }
        masks = copy;
    }

    /**
     * A flow with fresh random masks: each a random permutation of floor(D/2) ones and the rest zeros, drawn
     * independently per step from {@code seed}.
     */
    public static NeuralFlow create(int dimension, int width, int steps, long seed) {
        if (dimension < 2) {
            throw new IllegalArgumentException("dimension: " + dimension + "; allowed: 2 or more (the coupling masks split the coordinates)");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] masks = new int[Math.max(steps, 0)][dimension];
        for (int k = 0; k < masks.length; k++) {
            int[] m = masks[k];
            for (int d = dimension - dimension / 2; d < dimension; d++) {
                m[d] = 1;
            }
            for (int d = dimension - 1; d > 0; d--) {
                int j = rng.nextInt(d + 1);
                int t = m[d];
                m[d] = m[j];
                m[j] = t;
            }
        }
        return new NeuralFlow(dimension, width, steps, masks);
    }

    // ---- the network pieces ----

    public NetworkSpec vInSpec() {
        return NetworkSpec.builder(V_IN, 3 * dimension).dense(width, NetworkActivation.ELU).build();
    }

    public NetworkSpec vHiddenSpec() {
        return NetworkSpec.builder(V_HIDDEN, width).dense(width, NetworkActivation.ELU)
                .dense(width, NetworkActivation.ELU).dense(width, NetworkActivation.TANH).build();
    }

    public NetworkSpec vOutSpec() {
        return NetworkSpec.builder(V_OUT, width).dense(3 * dimension, NetworkActivation.IDENTITY).build();
    }

    public NetworkSpec rInSpec() {
        return NetworkSpec.builder(R_IN, 2 * dimension).dense(width, NetworkActivation.ELU).build();
    }

    public NetworkSpec rHiddenSpec() {
        return NetworkSpec.builder(R_HIDDEN, width).dense(width, NetworkActivation.ELU)
                .dense(width, NetworkActivation.ELU).dense(width, NetworkActivation.ELU).build();
    }

    public NetworkSpec rOutSpec() {
        return NetworkSpec.builder(R_OUT, width).dense(dimension, NetworkActivation.IDENTITY).build();
    }

    /** All six specs (each emitted once into the kernel; per-step pieces share a spec at different bases). */
    public List<NetworkSpec> specs() {
        return List.of(vInSpec(), vHiddenSpec(), vOutSpec(), rInSpec(), rHiddenSpec(), rOutSpec());
    }

    // ---- flat layout ----

    private int vInSize() {
        return 3 * dimension * width + width;
    }

    private int hiddenSize() {
        return 3 * (width * width + width);
    }

    private int vOutSize() {
        return width * 3 * dimension + 3 * dimension;
    }

    private int rInSize() {
        return 2 * dimension * width + width;
    }

    private int rOutSize() {
        return width * dimension + dimension;
    }

    private int vSize() {
        return steps * (vInSize() + vOutSize()) + hiddenSize();
    }

    public int vIn(int k) {
        return k * vInSize();
    }

    public int vHidden() {
        return steps * vInSize();
    }

    public int vOut(int k) {
        return vHidden() + hiddenSize() + k * vOutSize();
    }

    public int rIn(int k) {
        return vSize() + k * rInSize();
    }

    public int rHidden() {
        return vSize() + steps * rInSize();
    }

    public int rOut(int k) {
        return rHidden() + hiddenSize() + k * rOutSize();
    }

    /** Offset of log eps, the last parameter. */
    public int logEpsOffset() {
        return rHidden() + hiddenSize() + steps * rOutSize();
    }

    public int parameterCount() {
        return logEpsOffset() + 1;
    }

    /**
     * The dense layers in layout order as (in, out, activation, offset) rows: what a trainer builds its
     * parameters from so that packing them gives exactly this layout.
     */
    public List<LayerSlot> layers() {
        List<LayerSlot> out = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            out.add(new LayerSlot("v.in" + k, 3 * dimension, width, NetworkActivation.ELU, vIn(k)));
        }
        add(out, "v.h", vInSpec().layers().get(0).out(), vHiddenSpec(), vHidden());
        for (int k = 0; k < steps; k++) {
            out.add(new LayerSlot("v.out" + k, width, 3 * dimension, NetworkActivation.IDENTITY, vOut(k)));
        }
        for (int k = 0; k < steps; k++) {
            out.add(new LayerSlot("r.in" + k, 2 * dimension, width, NetworkActivation.ELU, rIn(k)));
        }
        add(out, "r.h", width, rHiddenSpec(), rHidden());
        for (int k = 0; k < steps; k++) {
            out.add(new LayerSlot("r.out" + k, width, dimension, NetworkActivation.IDENTITY, rOut(k)));
        }
        return out;
    }

    private static void add(List<LayerSlot> out, String name, int in, NetworkSpec spec, int base) {
        for (int j = 0; j < spec.layers().size(); j++) {
            NetworkSpec.Layer l = spec.layers().get(j);
            out.add(new LayerSlot(name + (j + 1), l.in(), l.out(), l.activation(), base + l.weightOffset()));
        }
    }

    /** One dense layer's place in the flat layout: weight at {@code offset}, bias right after it. */
    public record LayerSlot(String name, int in, int out, NetworkActivation activation, int offset) {
        public boolean isOutput() {
            return name.contains(".out");
        }
    }

    /**
     * Initial weights: Glorot-uniform weights and zero biases for input and middle layers (PyTorch's Linear
     * default differs, but any nonzero start works), zero output layers (so the untrained flow is the
     * Langevin-like proposal), and log eps = log(eps0).
     */
    public double[] initialWeights(double eps0, long seed) {
        if (!(eps0 > 0) || Double.isInfinite(eps0)) {
            throw new IllegalArgumentException("eps0: " + eps0 + "; allowed: finite and > 0");
        }
        double[] w = new double[parameterCount()];
        SplittableRandom rng = new SplittableRandom(seed);
        for (LayerSlot l : layers()) {
            if (l.isOutput()) {
                continue;
            }
            double limit = Math.sqrt(6.0 / (l.in() + l.out()));
            for (int i = 0; i < l.in() * l.out(); i++) {
                w[l.offset() + i] = rng.nextDouble(-limit, limit);
            }
        }
        w[logEpsOffset()] = Math.log(eps0);
        return w;
    }

    /** eps of a weight vector. */
    public double eps(double[] weights) {
        return Math.exp(weights[logEpsOffset()]);
    }

    /** The masks as a flat K x D array of 0.0/1.0 (mask k's unit d at {@code k * D + d}), as the kernel reads them. */
    public double[] maskValues() {
        double[] m = new double[steps * dimension];
        for (int k = 0; k < steps; k++) {
            for (int d = 0; d < dimension; d++) {
                m[k * dimension + d] = masks[k][d];
            }
        }
        return m;
    }

    // ---- model files ----

    /** A model file for this flow and weights. */
    public LearnedModelFile toModel(String target, double[] weights, Map<String, Object> training) {
        checkWeights(weights);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("width", width);
        settings.put("steps", steps);
        settings.put("eps", eps(weights));
        settings.put("activations", "v: elu, elu, elu, tanh, identity; r: elu, elu, elu, elu, identity");
        Map<String, double[]> params = new LinkedHashMap<>();
        params.put("weights", weights.clone());
        return new LearnedModelFile(LearnedModelFile.FORMAT, KIND, target, dimension, settings, List.of(masks),
                params, training);
    }

    /** The flow a model file describes (its weights: {@code model.parameter("weights")}). */
    public static NeuralFlow fromModel(LearnedModelFile model) {
        int width = number(model, "width");
        int steps = number(model, "steps");
        NeuralFlow flow = new NeuralFlow(model.dimension(), width, steps, model.masks().toArray(new int[0][]));
        flow.checkWeights(model.parameter("weights"));
        return flow;
    }

    private static int number(LearnedModelFile model, String key) {
        Object v = model.settings().get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("model: setting '" + key + "' is " + v + "; allowed: a number");
        }
        return n.intValue();
    }

    /** Throws unless {@code weights} has this flow's parameter count and finite values. */
    public void checkWeights(double[] weights) {
        if (weights == null || weights.length != parameterCount()) {
            throw new IllegalArgumentException("weights: length " + (weights == null ? "null" : weights.length)
                    + "; allowed: " + parameterCount() + " (dimension " + dimension + ", width " + width + ", steps "
                    + steps + ")");
        }
        for (int i = 0; i < weights.length; i++) {
            if (!Double.isFinite(weights[i])) {
                throw new IllegalArgumentException("weights[" + i + "]: " + weights[i] + "; allowed: finite values");
            }
        }
    }
}
