package org.leapfrog.samplers.l2hmc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.tensor.Arena;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.TargetOps;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.nn.Networks;
import org.leapfrog.runtime.tensor.optim.Adam;
import org.leapfrog.runtime.tensor.optim.LearningRateSchedule;
import org.leapfrog.samplers.learned.DeviceTraining;
import org.leapfrog.samplers.learned.LearnedKernels;
import org.leapfrog.samplers.learned.TrainingCheckpoint;
import org.leapfrog.samplers.learned.TrainingCurve;
import org.leapfrog.samplers.target.Target;

/**
 * Trains an L2HMC model as the paper and its released code do: a batch of chains from p kept across
 * iterations (moved by their own Metropolis-Hastings step each iteration), plus, with lambda_b > 0, a fresh
 * batch from q = N(0, I); loss {@code L = E_p[l] + lambda_b E_q[l]} with
 * {@code l = scale / delta - delta / scale}, {@code delta = |x - x'|^2 A(x'|x) + 1e-4}; Adam with a staircase
 * decay. With {@link Jump#STANDARDISED} (an option, not the paper's) delta is
 * {@code sum_d (x_d - x'_d)^2 / s_d^2 A + 1e-4}, s_d^2 a moving average of the p chains' variance of coordinate d
 * (updated on the engine before each iteration's loss, saved in checkpoints, no gradient through it). Gradients flow through all M steps: networks, the target's gradient (via its Hessian-vector product),
 * the log-determinant and the acceptance. A temperature T anneals linearly from {@code temperatureStart} to 1
 * over the first {@code annealFraction} of the iterations (U/T in the energy and its gradient); T = 1 after.
 *
 * <p>Every random draw is keyed by (seed, chain, iteration): momenta and directions with the sampler's own
 * purposes, q draws and acceptance uniforms with theirs. So a run is deterministic given its seed, and a run
 * resumed from a {@link #checkpoint} continues exactly (same parameters, optimizer state and chains).
 */
public final class L2hmcTrainer implements AutoCloseable {
    static final int PURPOSE_START = RandomStream.PURPOSE_USER + 20;
    static final int PURPOSE_Q = RandomStream.PURPOSE_USER + 21;

    /**
     * @param iterations       training iterations (the paper: 5000)
     * @param batch            chains from p (the paper: 200)
     * @param learningRate     Adam's initial rate (1e-3)
     * @param decaySteps       staircase decay every this many iterations (1000)
     * @param decayRate        by this factor (0.96)
     * @param lambdaB          weight of the q batch (0 for ICG and SCG, 1 for MoG and the Rough Well)
     * @param lossScale        lambda^2 of the loss (0.1, the released code's)
     * @param temperatureStart starting temperature of the annealing (1 = none)
     * @param annealFraction   fraction of the iterations over which T falls to 1
     * @param seed             the run's seed
     * @param jump             the squared jump in the loss: the paper's {@link Jump#EUCLIDEAN} or
     *                         {@link Jump#STANDARDISED}
     * @param jumpDecay        with {@link Jump#STANDARDISED}: the weight of the old value in the moving average of
     *                         the chains' per-coordinate variance (in [0, 1); {@link #DEFAULT_JUMP_DECAY})
     */
    public record Settings(int iterations, int batch, double learningRate, long decaySteps, double decayRate,
                           double lambdaB, double lossScale, double temperatureStart, double annealFraction, long seed,
                           Jump jump, double jumpDecay) {
        /** The moving average's default weight of its old value: about the last 100 iterations count. */
        public static final double DEFAULT_JUMP_DECAY = 0.99;

        public Settings {
            if (jump == null) {
                throw new IllegalArgumentException("jump: null; allowed: euclidean or standardised");
            }
            if (!(jumpDecay >= 0 && jumpDecay < 1)) {
                throw new IllegalArgumentException("jump decay: " + jumpDecay + "; allowed: [0, 1)");
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations: " + iterations + "; allowed: 1 or more");
            }
            if (batch < 1) {
                throw new IllegalArgumentException("batch: " + batch + "; allowed: 1 or more");
            }
            if (!(lambdaB >= 0) || Double.isInfinite(lambdaB)) {
                throw new IllegalArgumentException("lambda_b: " + lambdaB + "; allowed: finite and >= 0");
            }
            if (!(lossScale > 0)) {
                throw new IllegalArgumentException("loss scale: " + lossScale + "; allowed: > 0");
            }
            if (!(temperatureStart >= 1) || Double.isInfinite(temperatureStart)) {
                throw new IllegalArgumentException("temperature start: " + temperatureStart + "; allowed: finite and >= 1");
            }
            if (!(annealFraction > 0 && annealFraction <= 1)) {
                throw new IllegalArgumentException("anneal fraction: " + annealFraction + "; allowed: (0, 1]");
            }
        }

        /** The paper's loss (Euclidean squared jump). */
        public Settings(int iterations, int batch, double learningRate, long decaySteps, double decayRate,
                        double lambdaB, double lossScale, double temperatureStart, double annealFraction, long seed) {
            this(iterations, batch, learningRate, decaySteps, decayRate, lambdaB, lossScale, temperatureStart,
                    annealFraction, seed, Jump.EUCLIDEAN, DEFAULT_JUMP_DECAY);
        }

        /** The paper's settings: 5000 iterations, batch 200, Adam 1e-3 decayed x0.96 every 1000, scale 0.1. */
        public static Settings paper(double lambdaB, double temperatureStart, long seed) {
            return new Settings(5000, 200, 1e-3, 1000, 0.96, lambdaB, 0.1, temperatureStart, 0.8, seed);
        }

        public Settings withIterations(int n) {
            return new Settings(n, batch, learningRate, decaySteps, decayRate, lambdaB, lossScale, temperatureStart,
                    annealFraction, seed, jump, jumpDecay);
        }

        public Settings withBatch(int n) {
            return new Settings(iterations, n, learningRate, decaySteps, decayRate, lambdaB, lossScale,
                    temperatureStart, annealFraction, seed, jump, jumpDecay);
        }

        /** These settings with another squared jump (and the default decay). */
        public Settings withJump(Jump j) {
            return withJump(j, DEFAULT_JUMP_DECAY);
        }

        /** These settings with another squared jump and moving-average decay. */
        public Settings withJump(Jump j, double decay) {
            return new Settings(iterations, batch, learningRate, decaySteps, decayRate, lambdaB, lossScale,
                    temperatureStart, annealFraction, seed, j, decay);
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("iterations", iterations);
            m.put("batch", batch);
            m.put("learning_rate", learningRate);
            m.put("decay_steps", decaySteps);
            m.put("decay_rate", decayRate);
            m.put("lambda_b", lambdaB);
            m.put("loss_scale", lossScale);
            m.put("temperature_start", temperatureStart);
            m.put("anneal_fraction", annealFraction);
            m.put("seed", seed);
            m.put("jump", jump.label());
            if (jump == Jump.STANDARDISED) {
                m.put("jump_decay", jumpDecay);
            }
            return m;
        }
    }

    /**
     * The squared jump |x - x'|^2 the loss rewards. {@link #EUCLIDEAN} (the paper's) sums it over coordinates, so
     * wide coordinates dominate (one of sd 10 weighs 10^4 times one of sd 0.1). {@link #STANDARDISED} divides
     * coordinate d by s_d^2, a moving average of the training chains' variance of d (no gradient through it), so
     * it needs no knowledge of the target's moments.
     */
    public enum Jump {
        EUCLIDEAN("euclidean"), STANDARDISED("standardised");

        private final String label;

        Jump(String label) {
            this.label = label;
        }

        /** The name in settings, files and the CLI. */
        public String label() {
            return label;
        }

        /** The jump of a label ({@code euclidean} or {@code standardised}). */
        public static Jump of(String label) {
            for (Jump j : values()) {
                if (j.label.equals(label)) {
                    return j;
                }
            }
            throw new IllegalArgumentException("jump: '" + label + "'; allowed: euclidean or standardised");
        }
    }

    /** Floor of the variance estimate (a coordinate on which all chains agree must not divide by 0). */
    static final double JUMP_VARIANCE_FLOOR = 1e-30;

    private final Engine engine;
    private final Target target;
    private final L2hmcModel shape;
    private final Settings settings;
    private final L2hmcGraph.Parameters params;
    private final Adam adam;
    private final Arena arena;
    private final L2hmcGraph.Constants constants;
    private final DeviceTraining device;
    /** The batch's positions: rows [0, n) the chains from p, rows [n, 2n) (with lambda_b > 0) this iteration's q draws. */
    private final Tensor state;
    /** Per-row loss weights: 1/n for p rows, lambda_b/n for q rows. */
    private final Tensor weights;
    /**
     * With {@link Jump#STANDARDISED}: the moving average of the p chains' per-coordinate variance ({@code 1 x D},
     * on the engine, 1 before the first step); else null.
     */
    private final Tensor jumpVariance;
    /** With {@link Jump#STANDARDISED}: 1/n on the p rows, 0 on the q rows ({@code rows x 1}). */
    private final Tensor pRows;
    private final TrainingCurve curve = new TrainingCurve(List.of());
    private long iteration;
    /** Whether this instance has run a step (the stats hold no step's values before). */
    private boolean stepped;

    public L2hmcTrainer(Engine engine, Target target, L2hmcModel initial, Settings settings) {
        if (!initial.target().equals(target.name()) || initial.dimension() != target.dimension()) {
            throw new IllegalArgumentException("model: for target '" + initial.target() + "' (dimension "
                    + initial.dimension() + "); allowed: one for '" + target.name() + "' (dimension "
                    + target.dimension() + ")");
        }
        this.engine = engine;
        this.target = target;
        this.shape = initial;
        this.settings = settings;
        this.params = L2hmcGraph.Parameters.of(engine, initial);
        this.adam = new Adam(params.list(), LearningRateSchedule.exponentialDecay(settings.learningRate(),
                settings.decaySteps(), settings.decayRate(), true));
        this.arena = new Arena(engine);
        this.constants = new L2hmcGraph.Constants(engine, initial);
        int n = settings.batch();
        int dim = target.dimension();
        int rows = rows();
        this.state = engine.zeros(rows, dim);
        setChains(normals(n, dim, PURPOSE_START, 0));
        double[] w = new double[rows];
        for (int c = 0; c < rows; c++) {
            w[c] = c < n ? 1.0 / n : settings.lambdaB() / n;
        }
        this.weights = engine.wrap(rows, 1, w);
        if (settings.jump() == Jump.STANDARDISED) {
            this.jumpVariance = engine.full(1, dim, 1.0);
            double[] pw = new double[rows];
            java.util.Arrays.fill(pw, 0, n, 1.0 / n);
            this.pRows = engine.wrap(rows, 1, pw);
        } else {
            this.jumpVariance = null;
            this.pRows = null;
        }
        List<Tensor> guarded = new ArrayList<>(params.list());
        guarded.addAll(adam.state());
        this.device = new DeviceTraining(engine, guarded, 1.0);
    }

    /** Rows of one pass: the p chains, plus as many q draws with lambda_b > 0. */
    private int rows() {
        return settings.lambdaB() > 0 ? 2 * settings.batch() : settings.batch();
    }

    /** Writes the p chains (chain-minor, n x dim) into the state's first rows (one upload). */
    private void setChains(double[] chains) {
        int n = settings.batch();
        int rows = rows();
        double[] all = state.toArray();
        for (int d = 0; d < target.dimension(); d++) {
            System.arraycopy(chains, d * n, all, d * rows, n);
        }
        state.assign(all);
    }

    /** Standard normals for {@code n} chains (chain-minor), stream (seed, chain, iteration, purpose). */
    private double[] normals(int n, int dim, int purpose, int it) {
        double[] out = new double[n * dim];
        int[] words = new int[4];
        double[] z = new double[4];
        for (int c = 0; c < n; c++) {
            for (int b = 0; 4 * b < dim; b++) {
                int cnt = Math.min(4, dim - 4 * b);
                RandomStream.normals(settings.seed(), c, it, purpose, b, words, z, 0, cnt);
                for (int k = 0; k < cnt; k++) {
                    out[(4 * b + k) * n + c] = z[k];
                }
            }
        }
        return out;
    }

    /** The temperature at iteration {@code it}. */
    public double temperature(long it) {
        double end = settings.annealFraction() * settings.iterations();
        if (settings.temperatureStart() == 1.0 || it >= end) {
            return 1.0;
        }
        return settings.temperatureStart() + (1.0 - settings.temperatureStart()) * it / end;
    }

    /**
     * The loss of iteration {@code it} from the p chains {@code xp} (host values, chain-minor; tests), graph
     * recorded: {loss, proposal}. The training step runs {@link #lossGraph(long)} on the device-resident state.
     */
    Object[] lossGraph(long it, double[] xp) {
        setChains(xp);
        return lossGraph(it);
    }

    /**
     * The loss of iteration {@code it} from the state (q rows drawn into it first), all on the engine:
     * directions, q draws and momenta from its Philox streams (the keys of the former host draws), the plan from
     * the model's constants.
     */
    private Object[] lossGraph(long it) {
        int n = settings.batch();
        int dim = target.dimension();
        int rows = rows();
        int i = (int) it;
        if (rows > n) {
            device.copyRows(engine.normal(n, dim, settings.seed(), PURPOSE_Q, i), state, n);
        }
        Tensor dir = engine.rademacher(rows, 1, settings.seed(), L2hmcKernels.PURPOSE_DIRECTION, i);
        Tensor fw = engine.bernoulli(rows, 1, 0.5, settings.seed(), L2hmcKernels.PURPOSE_DIRECTION, i);
        double beta = 1.0 / temperature(it);
        Tensor v = engine.normal(rows, dim, settings.seed(), RandomStream.PURPOSE_MOMENTUM, i);
        L2hmcGraph.Proposal prop = L2hmcGraph.proposeWithAcceptance(params, shape, target, beta,
                L2hmcGraph.Plan.of(constants, dir, fw), state, v, TargetOps.logDensity(target, state));
        Tensor loss = jumpVariance == null ? L2hmcGraph.loss(state, prop, weights, settings.lossScale())
                : L2hmcGraph.loss(state, prop, weights, settings.lossScale(),
                jumpVariance.detach().clamp(JUMP_VARIANCE_FLOOR, Double.MAX_VALUE).reciprocal());
        return new Object[] {loss, prop};
    }

    /**
     * With {@link Jump#STANDARDISED}, before iteration {@code it}'s loss: folds the p chains' per-coordinate
     * variance (over the batch, divisor n) into the moving average, on the engine (at iteration 0 it replaces the
     * initial 1s). Nothing otherwise.
     */
    void updateJumpScale(long it) {
        if (jumpVariance == null) {
            return;
        }
        try (Engine.GradRegion r = engine.noGrad()) {
            Tensor mean = state.mul(pRows).sumRows();
            Tensor var = state.sub(mean).square().mul(pRows).sumRows();
            double decay = it == 0 ? 0.0 : settings.jumpDecay();
            Tensor next = it == 0 ? var : jumpVariance.mul(decay).add(var.mul(1.0 - decay));
            device.copyRows(next, jumpVariance, 0);
        }
    }

    /** The moving average of the chains' per-coordinate variance (a host copy; null with the Euclidean jump). */
    public double[] jumpVariance() {
        return jumpVariance == null ? null : jumpVariance.toArray();
    }

    /**
     * One training iteration, on the engine: loss, gradient, Adam step (undone when the loss is not finite),
     * MH for the p chains with uniforms from the engine. Nothing is read back: {@link #metrics()} reads.
     */
    public void step() {
        int n = settings.batch();
        try (Arena.Scope s = arena.open()) {
            adam.zeroGrad();
            updateJumpScale(iteration);
            Object[] lg = lossGraph(iteration);
            Tensor loss = (Tensor) lg[0];
            L2hmcGraph.Proposal prop = (L2hmcGraph.Proposal) lg[1];
            Graph.backward(loss);
            adam.step();
            device.guard(loss, loss);
            Tensor u = engine.uniform(n, 1, settings.seed(), RandomStream.PURPOSE_ACCEPT, (int) iteration);
            Tensor prob = device.metropolis(state, prop.position(), prop.logAcceptance(), u, LearnedKernels.RULE_LINEAR);
            device.record(prob, loss, loss, loss, loss, false, 0, 0, 0, 0);
        }
        iteration++;
        stepped = true;
    }

    /**
     * Metrics of the last iteration: loss, acceptance (mean over the p chains), step size, temperature. Reads
     * them from the device (two small copies on OpenCL).
     */
    public Map<String, Double> metrics() {
        double[] st = stepped ? device.read() : null;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", stepped ? st[DeviceTraining.LOSS] : Double.NaN);
        m.put("acceptance", stepped ? st[DeviceTraining.ACCEPTANCE] : Double.NaN);
        m.put("step_size", Math.exp(params.logEps().toArray()[0]));
        m.put("temperature", temperature(Math.max(0, iteration - 1)));
        return m;
    }

    /** Appends the last iteration's metrics (and the elapsed seconds) to the curve. */
    public void record(double seconds) {
        Map<String, Double> p = new LinkedHashMap<>(metrics());
        p.put("iteration", (double) iteration);
        p.put("seconds", seconds);
        curve.add(p);
    }

    /** The trainable tensors (tests). */
    L2hmcGraph.Parameters parameters() {
        return params;
    }

    public TrainingCurve curve() {
        return curve;
    }

    public long iteration() {
        return iteration;
    }

    /**
     * Iterations whose non-finite loss was not applied (their Adam step was undone on the device; its step count
     * still advanced). Reads the count from the device.
     */
    public long skippedUpdates() {
        return (long) device.read()[DeviceTraining.SKIPPED];
    }

    public Settings settings() {
        return settings;
    }

    /** The current model (a host copy of the parameters). */
    public L2hmcModel model() {
        return params.toModel(shape);
    }

    /** A copy of the training chains' positions (chain-minor, n x dim; read from the device). */
    public double[] chains() {
        int n = settings.batch();
        int rows = rows();
        double[] all = state.toArray();
        double[] out = new double[n * target.dimension()];
        for (int d = 0; d < target.dimension(); d++) {
            System.arraycopy(all, d * rows, out, d * n, n);
        }
        return out;
    }

    public TrainingCheckpoint checkpoint() {
        Map<String, double[]> arrays = new LinkedHashMap<>();
        arrays.put("weights", Networks.pack(params.list()));
        List<Tensor> st = adam.state();
        for (int k = 0; k < st.size(); k++) {
            arrays.put("adam." + k, st.get(k).toArray());
        }
        arrays.put("chains", chains());
        arrays.put("skipped", new double[] {skippedUpdates()});
        if (jumpVariance != null) {
            arrays.put("jump_variance", jumpVariance.toArray());
        }
        Map<String, Object> s = settings.asMap();
        s.put("target", target.name());
        s.put("steps", shape.steps());
        s.put("hidden", shape.hidden());
        return new TrainingCheckpoint(L2hmcModel.KIND, iteration, adam.steps(), s, arrays,
                new TrainingCurve(curve.points()));
    }

    /** Continues from a checkpoint of a run with the same settings. */
    public void restore(TrainingCheckpoint cp) {
        Map<String, Object> s = settings.asMap();
        s.put("target", target.name());
        s.put("steps", shape.steps());
        s.put("hidden", shape.hidden());
        if (!cp.settings().containsKey("jump") && settings.jump() == Jump.EUCLIDEAN) {
            s.remove("jump"); // a checkpoint from before the option: the paper's jump
        }
        cp.checkSettings(L2hmcModel.KIND, s);
        Networks.unpack(cp.array("weights"), 0, params.list());
        List<Tensor> st = adam.state();
        for (int k = 0; k < st.size(); k++) {
            st.get(k).assign(cp.array("adam." + k));
        }
        adam.restoreSteps(cp.optimizerSteps());
        double[] c = cp.array("chains");
        int length = settings.batch() * target.dimension();
        if (c.length != length) {
            throw new IllegalArgumentException("checkpoint: chains of length " + c.length + "; allowed: " + length);
        }
        setChains(c);
        if (jumpVariance != null) {
            double[] v = cp.array("jump_variance");
            if (v.length != target.dimension()) {
                throw new IllegalArgumentException("checkpoint: jump_variance of length " + v.length + "; allowed: "
                        + target.dimension());
            }
            jumpVariance.assign(v);
        }
        device.restore(1.0, cp.array("skipped")[0]);
        iteration = cp.iteration();
        curve.points().clear();
        curve.points().addAll(cp.curve().points());
    }

    @Override
    public void close() {
        arena.close();
    }
}
