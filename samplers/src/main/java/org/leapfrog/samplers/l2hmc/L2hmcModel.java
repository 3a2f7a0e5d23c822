package org.leapfrog.samplers.l2hmc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.leapfrog.kernels.nn.NetworkActivation;
import org.leapfrog.kernels.nn.NetworkSpec;
import org.leapfrog.samplers.learned.LearnedModelFile;

/**
 * An L2HMC transition's fixed shape and its parameters: M augmented leapfrog steps, one random binary mask
 * per step over half the coordinates (drawn once), the time embedding tau(t) = (cos 2 pi t / M, sin 2 pi t / M)
 * and one flat weight vector holding both networks and the log step size.
 *
 * <p>Networks X and V have the same shape: input [a, b, tau] (2D + 2 values: for X the masked position and
 * the momentum, for V the position and the gradient of U = -log p), h1 = ReLU(. W0 + b0), h2 = ReLU(h1 W1 + b1),
 * raw = h2 W2 + b2 with 3D outputs (S, T, Q in that order); then S = exp(logS) tanh(raw_S) and
 * Q = exp(logQ) tanh(raw_Q) with trainable per-coordinate log-scales, T = raw_T. (The released code's
 * separate embeddings of x, v and t with three biases are this first layer on the concatenation with one
 * bias.)
 *
 * <p>Flat layout (the order of {@link L2hmcGraph.Parameters#list()}): X network in the {@link NetworkSpec}
 * layout, X's logS (D) and logQ (D), then the same for V, then log eps. The fused kernel reads this buffer.
 */
public final class L2hmcModel {
    public static final String KIND = "l2hmc";
    private final String target;
    private final int dimension;
    private final int steps;
    private final int hidden;
    private final int[][] masks;
    private final double[] weights;

    /**
     * @param masks   one row of D zeros and ones per step
     * @param weights the flat parameter vector ({@link #parameterCount})
     */
    public L2hmcModel(String target, int dimension, int steps, int hidden, int[][] masks, double[] weights) {
        if (dimension < 2) {
            throw new IllegalArgumentException("dimension: " + dimension + "; allowed: 2 or more (L2HMC updates x in two masked halves)");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps: " + steps + "; allowed: 1 or more");
        }
        if (hidden < 1 || hidden > NetworkSpec.MAX_WIDTH) {
            throw new IllegalArgumentException("hidden: " + hidden + "; allowed: 1 to " + NetworkSpec.MAX_WIDTH);
        }
        if (masks.length != steps) {
            throw new IllegalArgumentException("masks: " + masks.length + " rows; allowed: one per step (" + steps + ")");
        }
        for (int t = 0; t < steps; t++) {
            if (masks[t].length != dimension) {
                throw new IllegalArgumentException("masks[" + t + "]: length " + masks[t].length + "; allowed: " + dimension);
            }
            for (int m : masks[t]) {
                if (m != 0 && m != 1) {
                    throw new IllegalArgumentException("masks[" + t + "]: value " + m + "; allowed: 0 or 1");
                }
            }
        }
        int n = parameterCount(dimension, hidden);
        if (weights.length != n) {
            throw new IllegalArgumentException("weights: length " + weights.length + "; allowed: " + n
                    + " for dimension " + dimension + " and hidden width " + hidden);
        }
        this.target = target;
        this.dimension = dimension;
        this.steps = steps;
        this.hidden = hidden;
        this.masks = new int[steps][];
        for (int t = 0; t < steps; t++) {
            this.masks[t] = masks[t].clone();
        }
        this.weights = weights.clone();
    }

    /**
     * A fresh model: masks drawn from {@code seed}, weights variance-scaled as in the released code (truncated
     * normals of variance 2 f / fan-in, f = 1/3 on each input block (X's momentum block: 2/3), 1 on the hidden
     * layer, 0.001 on the outputs; zero biases and log-scales), so S, Q and T start near 0 and the transition
     * near HMC; log eps = log(initialStepSize).
     */
    public static L2hmcModel initial(String target, int dimension, int steps, int hidden, double initialStepSize,
                                     long seed) {
        if (!(initialStepSize > 0) || Double.isInfinite(initialStepSize)) {
            throw new IllegalArgumentException("initial step size: " + initialStepSize + "; allowed: finite and > 0");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] masks = new int[steps][dimension];
        for (int t = 0; t < steps; t++) {
            int[] perm = new int[dimension];
            for (int i = 0; i < dimension; i++) {
                perm[i] = i;
            }
            for (int i = dimension - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int tmp = perm[i];
                perm[i] = perm[j];
                perm[j] = tmp;
            }
            for (int i = 0; i < dimension / 2; i++) {
                masks[t][perm[i]] = 1;
            }
        }
        double[] w = new double[parameterCount(dimension, hidden)];
        Layout l = new Layout(dimension, hidden);
        for (int net = 0; net < 2; net++) {
            int base = net == 0 ? l.xBase() : l.vBase();
            double secondFactor = net == 0 ? 2.0 : 1.0; // the released code's XNet factor 2, VNet factor 1
            int in = 2 * dimension + 2;
            // layer 0 (in x hidden), weight (i, o) at o * in + i: the three input blocks scaled separately
            for (int o = 0; o < hidden; o++) {
                for (int i = 0; i < in; i++) {
                    double f = i < dimension ? 1.0 / 3 : i < 2 * dimension ? secondFactor / 3 : 1.0 / 3;
                    int fan = i < 2 * dimension ? dimension : 2;
                    w[base + o * in + i] = truncatedNormal(rng, 2.0 * f / fan);
                }
            }
            int w1 = base + in * hidden + hidden;
            for (int k = 0; k < hidden * hidden; k++) {
                w[w1 + k] = truncatedNormal(rng, 2.0 / hidden);
            }
            int w2 = w1 + hidden * hidden + hidden;
            for (int k = 0; k < hidden * 3 * dimension; k++) {
                w[w2 + k] = truncatedNormal(rng, 2.0 * 0.001 / hidden);
            }
        }
        w[l.epsIndex()] = Math.log(initialStepSize);
        return new L2hmcModel(target, dimension, steps, hidden, masks, w);
    }

    private static double truncatedNormal(SplittableRandom rng, double variance) {
        double z;
        do {
            z = rng.nextGaussian();
        } while (Math.abs(z) > 2.0);
        return Math.sqrt(variance) / 0.87962566103423978 * z;
    }

    /** Parameters of one network (without its log-scales). */
    public static int networkParameters(int dimension, int hidden) {
        int in = 2 * dimension + 2;
        return in * hidden + hidden + hidden * hidden + hidden + hidden * 3 * dimension + 3 * dimension;
    }

    public static int parameterCount(int dimension, int hidden) {
        return 2 * (networkParameters(dimension, hidden) + 2 * dimension) + 1;
    }

    /** Where each part sits in the flat vector. */
    public record Layout(int dimension, int hidden) {
        public int networkParameters() {
            return L2hmcModel.networkParameters(dimension, hidden);
        }

        public int xBase() {
            return 0;
        }

        /** logS of X at this index, logQ of X right after (D each). */
        public int xScales() {
            return networkParameters();
        }

        public int vBase() {
            return networkParameters() + 2 * dimension;
        }

        public int vScales() {
            return vBase() + networkParameters();
        }

        public int epsIndex() {
            return 2 * (networkParameters() + 2 * dimension);
        }
    }

    public Layout layout() {
        return new Layout(dimension, hidden);
    }

    /** The spec of network X ({@code net = "x"}) or V ({@code "v"}): 2D+2 -> H relu -> H relu -> 3D identity. */
    public static NetworkSpec spec(String net, int dimension, int hidden) {
        return NetworkSpec.builder("l2hmc_" + net, 2 * dimension + 2).dense(hidden, NetworkActivation.RELU)
                .dense(hidden, NetworkActivation.RELU).dense(3 * dimension, NetworkActivation.IDENTITY).build();
    }

    public String target() {
        return target;
    }

    public int dimension() {
        return dimension;
    }

    public int steps() {
        return steps;
    }

    public int hidden() {
        return hidden;
    }

    /** A copy of the flat parameters. */
    public double[] weights() {
        return weights.clone();
    }

    /** The step size exp(log eps). */
    public double stepSize() {
        return Math.exp(weights[layout().epsIndex()]);
    }

    /** A copy of the mask of step t (1 = coordinate kept by the first x half-update). */
    public int[] mask(int t) {
        return masks[t].clone();
    }

    /** Masks as a flat M x D array of 0.0 / 1.0, step-major (what the kernel reads). */
    public double[] maskData() {
        double[] m = new double[steps * dimension];
        for (int t = 0; t < steps; t++) {
            for (int d = 0; d < dimension; d++) {
                m[t * dimension + d] = masks[t][d];
            }
        }
        return m;
    }

    /** tau(t) = (cos 2 pi t / M, sin 2 pi t / M) as 2M values (cos, sin per step), computed once on the host. */
    public double[] tauData() {
        double[] tau = new double[2 * steps];
        for (int t = 0; t < steps; t++) {
            double a = 2.0 * Math.PI * t / steps;
            tau[2 * t] = Math.cos(a);
            tau[2 * t + 1] = Math.sin(a);
        }
        return tau;
    }

    /** The same model with other weights (after training). */
    public L2hmcModel withWeights(double[] newWeights) {
        return new L2hmcModel(target, dimension, steps, hidden, masks, newWeights);
    }

    /** The model file: settings (steps, hidden), masks, the flat weights and how it was trained. */
    public LearnedModelFile toFile(Map<String, Object> training) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("steps", steps);
        settings.put("hidden", hidden);
        settings.put("step_size", stepSize());
        settings.put("layout", "X net, X logS, X logQ, V net, V logS, V logQ, log eps");
        Map<String, double[]> params = new LinkedHashMap<>();
        params.put("weights", weights.clone());
        return new LearnedModelFile(LearnedModelFile.FORMAT, KIND, target, dimension, settings,
                new ArrayList<>(Arrays.asList(masks)), params, training);
    }

    /** Rebuilds a model from its file, checked against the target it is to sample. */
    public static L2hmcModel fromFile(LearnedModelFile file, String targetName, int targetDimension, String what) {
        file.checkFor(KIND, targetName, targetDimension, what);
        int steps = ((Number) file.settings().get("steps")).intValue();
        int hidden = ((Number) file.settings().get("hidden")).intValue();
        List<int[]> m = file.masks();
        return new L2hmcModel(file.target(), file.dimension(), steps, hidden, m.toArray(new int[0][]),
                file.parameter("weights"));
    }
}
