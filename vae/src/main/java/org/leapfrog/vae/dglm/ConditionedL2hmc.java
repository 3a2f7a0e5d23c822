package org.leapfrog.vae.dglm;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.nn.Activation;
import org.leapfrog.runtime.tensor.nn.Sequential;
import org.leapfrog.runtime.tensor.nn.VarianceScaling;
import org.leapfrog.samplers.l2hmc.L2hmcGraph;
import org.leapfrog.samplers.l2hmc.L2hmcModel;

/**
 * An L2HMC kernel on a latent z whose networks read an encoding of the datapoint x (the L2HMC-DGLM's sampler):
 * {@code c(x)} = an MLP of x (softplus hidden layers), appended to both networks' inputs; the target is any
 * per-row log density of z written with tensor ops (for the DGLM, {@code log p(x_i, z)} through the decoder).
 * One {@link #step} is one Metropolis-Hastings transition of every row: a random direction per row, fresh
 * momenta, the proposal of {@link L2hmcGraph#proposeConditionedWithAcceptance}, and accept/reject.
 *
 * <p>Randomness is keyed by (seed, row, iteration) with this class's purposes, so a transition is a
 * deterministic function of its arguments. The fused {@code l2hmc.cl} kernel is not used: the target contains a
 * network (the decoder), so the transition runs as the tensor graph.
 */
public final class ConditionedL2hmc {
    public static final int PURPOSE_MOMENTUM = RandomStream.PURPOSE_USER + 160;
    public static final int PURPOSE_DIRECTION = RandomStream.PURPOSE_USER + 161;
    public static final int PURPOSE_ACCEPT = RandomStream.PURPOSE_USER + 162;
    /** The condition columns start at this multiple of a Glorot scale: the kernel starts near unconditioned. */
    private static final double CONDITION_INIT_SCALE = 0.33;

    private final Engine engine;
    private final L2hmcModel shape;
    private final L2hmcGraph.Parameters params;
    private final Sequential conditionNet;

    /**
     * @param dataWidth       columns of x (784 for MNIST)
     * @param steps           augmented leapfrog steps per proposal
     * @param hidden          width of the two L2HMC networks
     * @param conditionWidth  width of the encoding c(x)
     * @param conditionHidden width of the encoding's two hidden layers
     */
    public ConditionedL2hmc(Engine engine, int latent, int dataWidth, int steps, int hidden, int conditionWidth,
                            int conditionHidden, double initialStepSize, long seed) {
        this.engine = engine;
        this.shape = L2hmcModel.initial("dglm", latent, steps, hidden, initialStepSize, seed);
        this.params = L2hmcGraph.Parameters.conditioned(engine, shape, conditionWidth, CONDITION_INIT_SCALE, seed + 1);
        this.conditionNet = Sequential.mlp(engine, "cond", new int[] {dataWidth, conditionHidden, conditionHidden,
                conditionWidth}, Activation.SOFTPLUS, Activation.IDENTITY, VarianceScaling.glorotUniform(),
                new SplittableRandom(seed + 2));
    }

    /** The encoding c(x) the networks read ({@code rows x conditionWidth}). */
    public Tensor condition(Tensor x) {
        return conditionNet.forward(x);
    }

    /** One MH transition's outcome: the proposal (recorded while the engine records) and the chain's next state. */
    public record Step(L2hmcGraph.Proposal proposal, Tensor next, Tensor nextLogDensity, double[] acceptance) {
        public double meanAcceptance() {
            double s = 0;
            for (double a : acceptance) {
                s += a;
            }
            return s / acceptance.length;
        }
    }

    /**
     * One MH transition of every row of {@code z} ({@code rows x latent}) under {@code target}, given
     * {@code condition} = c(x) per row and the current {@code logDensity} ({@code rows x 1}). The next state and
     * log density select the proposal or the current state per row; while the engine records, gradients flow
     * through the selected branch into later transitions (as in the released code; the decision itself is a
     * constant).
     */
    public Step step(L2hmcGraph.FunctionTarget target, Tensor condition, Tensor z, Tensor logDensity, long seed,
                     int iteration) {
        int n = z.rows();
        double[] dirs = new double[n];
        int[] words = new int[4];
        for (int c = 0; c < n; c++) {
            dirs[c] = RandomStream.uniform(seed, c, iteration, PURPOSE_DIRECTION, words) < 0.5 ? 1.0 : -1.0;
        }
        Tensor v = engine.normal(n, shape.dimension(), seed, PURPOSE_MOMENTUM, iteration);
        L2hmcGraph.Proposal q = L2hmcGraph.proposeConditionedWithAcceptance(params, shape, target, condition, 1.0,
                new L2hmcGraph.Plan(engine, shape, dirs), z, v, logDensity);
        double[] logA = q.logAcceptance().toArray();
        double[] accept = new double[n];
        double[] mask = new double[n];
        for (int c = 0; c < n; c++) {
            double a = Double.isNaN(logA[c]) ? 0.0 : Math.exp(Math.min(0.0, logA[c]));
            accept[c] = a;
            mask[c] = RandomStream.uniform(seed, c, iteration, PURPOSE_ACCEPT, words) < a ? 1.0 : 0.0;
        }
        Tensor m = engine.wrap(n, 1, mask);
        Tensor next = Tensor.select(m, q.position(), z);
        Tensor nextLp = Tensor.select(m, q.logDensity(), logDensity);
        return new Step(q, next, nextLp, accept);
    }

    /** The L2HMC networks' parameters (and log-scales, log step size), then the encoding's. */
    public List<Tensor> parameters() {
        List<Tensor> l = new ArrayList<>(params.list());
        l.addAll(conditionNet.parameters());
        return l;
    }

    public double stepSize() {
        return Math.exp(params.logEps().toArray()[0]);
    }

    public int latent() {
        return shape.dimension();
    }

    /** The transition's fixed shape (steps, masks); its weights are those of the initial model, not trained. */
    public L2hmcModel shape() {
        return shape;
    }

    /** The networks' parameters as the seam takes them (tests). */
    public L2hmcGraph.Parameters networkParameters() {
        return params;
    }
}
