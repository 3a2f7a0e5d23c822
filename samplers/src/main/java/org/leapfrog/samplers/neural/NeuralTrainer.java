package org.leapfrog.samplers.neural;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.LfMath;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.tensor.Arena;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.TargetOps;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.optim.Adam;
import org.leapfrog.runtime.tensor.optim.GradientClipping;
import org.leapfrog.runtime.tensor.optim.LearningRateSchedule;
import org.leapfrog.samplers.learned.TrainingCheckpoint;
import org.leapfrog.samplers.learned.TrainingCurve;
import org.leapfrog.samplers.target.Target;

/**
 * Trains the coupling sampler: each iteration proposes from every chain of a sample buffer (the tensor graph of
 * {@link NeuralGraph}), takes one Adam step on the paper's loss (clipped at global norm 10, cosine schedule),
 * steers beta toward the target acceptance, and moves the buffer by the MH decision, so the buffer stays a
 * sample of the target once it starts as one (the caller burns it in, e.g. with HMC). Every draw is keyed by
 * (seed, iteration), and the {@link #checkpoint} holds everything else, so a resumed run is exact.
 */
public final class NeuralTrainer {
    /** Random-stream purpose of the training noise, apart from sampling's. */
    static final int PURPOSE_TRAIN_NOISE = RandomStream.PURPOSE_USER + 17;
    static final int PURPOSE_TRAIN_ACCEPT = RandomStream.PURPOSE_USER + 18;

    private final Engine engine;
    private final Target target;
    private final NeuralTraining settings;
    private final NeuralGraph graph;
    private final Adam adam;
    private final GradientClipping clipping;
    private final Arena arena;
    private final long seed;
    private final double[] buffer;
    private final double[] bufferLogDensity;
    private double beta;
    private int iteration;
    private int skipped;

    /** One iteration's numbers. */
    public record Progress(int iteration, double loss, double acceptance, double beta, double eps, double logDet,
                           double learningRate, boolean skipped) {
    }

    /**
     * @param buffer the sample buffer: batch chains, chain-minor (coordinate d of chain c at d * batch + c)
     */
    public NeuralTrainer(Engine engine, Target target, NeuralFlow flow, double[] weights, NeuralTraining settings,
                         double[] buffer, long seed) {
        if (buffer.length != flow.dimension() * settings.batch()) {
            throw new IllegalArgumentException("buffer: length " + buffer.length + "; allowed: dimension * batch = "
                    + flow.dimension() + " * " + settings.batch());
        }
        this.engine = engine;
        this.target = target;
        this.settings = settings;
        this.seed = seed;
        this.graph = new NeuralGraph(engine, flow, target, weights);
        LearningRateSchedule schedule = LearningRateSchedule.cosineWithWarmup(settings.learningRate(),
                settings.warmupSteps(), settings.iterations(), settings.minLearningRate());
        this.adam = new Adam(graph.parameters(), schedule, 0.9, 0.999, 1e-8, false);
        this.clipping = new GradientClipping(graph.parameters());
        this.arena = new Arena(engine);
        this.buffer = buffer.clone();
        this.bufferLogDensity = new double[settings.batch()];
        refreshLogDensity();
        this.beta = settings.beta0();
    }

    private void refreshLogDensity() {
        double[] g = new double[buffer.length];
        target.logDensityAndGradient(buffer, g, bufferLogDensity, settings.batch(), 0, settings.batch());
        for (int c = 0; c < settings.batch(); c++) {
            if (!Double.isFinite(bufferLogDensity[c])) {
                throw new IllegalArgumentException("buffer: chain " + c + " has log density " + bufferLogDensity[c]
                        + "; allowed: start states where the target's log density is finite");
            }
        }
    }

    public NeuralGraph graph() {
        return graph;
    }

    public int iteration() {
        return iteration;
    }

    public boolean done() {
        return iteration >= settings.iterations();
    }

    /** The current buffer (a copy): burned-in states for sampling. */
    public double[] buffer() {
        return buffer.clone();
    }

    public double[] weights() {
        return graph.weights();
    }

    /** One training iteration. */
    public Progress step() {
        int n = settings.batch();
        int dim = graph.flow().dimension();
        double lr = adam.currentRate();
        double loss, acceptance, logDet, eps = Math.exp(graph.logEps().item());
        boolean skip;
        double[] logA, xp, lp1;
        try (Arena.Scope scope = arena.open()) {
            Tensor x = engine.wrap(n, dim, buffer.clone());
            Tensor lp = engine.wrap(n, 1, bufferLogDensity.clone());
            Tensor v0 = engine.normal(n, dim, seed, PURPOSE_TRAIN_NOISE, iteration);
            NeuralGraph.Proposal p = graph.propose(x, lp, v0);
            Tensor l = graph.loss(p, beta);
            loss = l.item();
            logA = p.logAccept().toArray();
            xp = p.xPrime().toArray();
            lp1 = p.logDensityPrime().toArray();
            logDet = p.logDetForward().mean().item();
            skip = !Double.isFinite(loss);
            adam.zeroGrad();
            if (!skip) {
                Graph.backward(l);
                double norm = clipping.byGlobalNorm(settings.clipNorm()).item();
                skip = !Double.isFinite(norm);
                if (!skip) {
                    adam.step();
                }
            }
        }
        if (skip) {
            skipped++;
        }
        // acceptance, beta steering and the buffer's MH move
        double[] u = new double[n];
        int[] scratch = new int[4];
        double sum = 0;
        for (int c = 0; c < n; c++) {
            double a = Double.isFinite(logA[c]) ? Math.exp(Math.min(logA[c], 0.0)) : 0.0;
            sum += a;
            u[c] = RandomStream.uniform(seed, c, iteration, PURPOSE_TRAIN_ACCEPT, scratch);
            if (Double.isFinite(logA[c]) && LfMath.log(u[c]) < logA[c]) {
                for (int d = 0; d < dim; d++) {
                    buffer[d * n + c] = xp[d * n + c];
                }
                bufferLogDensity[c] = lp1[c];
            }
        }
        acceptance = sum / n;
        beta = Math.min(Math.max(beta * (1 + settings.betaRate() * (acceptance - settings.acceptTarget())),
                settings.beta0()), settings.betaMax());
        iteration++;
        return new Progress(iteration, loss, acceptance, beta, eps, logDet, lr, skip);
    }

    /** Iterations whose loss or gradient was not finite (no update was made). */
    public int skipped() {
        return skipped;
    }

    /**
     * A checkpoint of everything an exact resume needs: weights, optimizer moments and step count, the buffer,
     * beta, the skipped count, and the caller's settings and curve.
     */
    public TrainingCheckpoint checkpoint(Map<String, Object> runSettings, TrainingCurve curve) {
        Map<String, double[]> arrays = new LinkedHashMap<>();
        arrays.put("weights", graph.weights());
        List<Tensor> m = adam.state();
        for (int k = 0; k < m.size(); k++) {
            arrays.put("optimizer" + k, m.get(k).toArray());
        }
        arrays.put("buffer", buffer.clone());
        arrays.put("beta", new double[] {beta});
        arrays.put("skipped", new double[] {skipped});
        return new TrainingCheckpoint(NeuralFlow.KIND, iteration, adam.steps(), runSettings, arrays, curve);
    }

    /** Restores a {@link #checkpoint} of a trainer with the same flow, settings and seed. */
    public void restore(TrainingCheckpoint c) {
        double[] b = c.array("buffer");
        if (b.length != buffer.length) {
            throw new IllegalArgumentException("checkpoint: buffer of " + b.length + " values; allowed: " + buffer.length
                    + " (the same settings)");
        }
        graph.setWeights(c.array("weights"));
        List<Tensor> m = adam.state();
        for (int k = 0; k < m.size(); k++) {
            m.get(k).assign(c.array("optimizer" + k));
        }
        adam.restoreSteps(c.optimizerSteps());
        System.arraycopy(b, 0, buffer, 0, buffer.length);
        refreshLogDensity();
        beta = c.array("beta")[0];
        skipped = (int) c.array("skipped")[0];
        iteration = (int) c.iteration();
    }

    /** Log densities of a chain-minor batch (for callers checking start states). */
    static double[] logDensities(Engine engine, Target target, double[] x, int n) {
        return TargetOps.logDensity(target, engine.wrap(n, target.dimension(), x)).toArray();
    }
}
