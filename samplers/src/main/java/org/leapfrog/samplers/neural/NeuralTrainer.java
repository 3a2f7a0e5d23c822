package org.leapfrog.samplers.neural;

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
import org.leapfrog.runtime.tensor.optim.Adam;
import org.leapfrog.runtime.tensor.optim.GradientClipping;
import org.leapfrog.runtime.tensor.optim.LearningRateSchedule;
import org.leapfrog.samplers.learned.DeviceTraining;
import org.leapfrog.samplers.learned.LearnedKernels;
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
    private final DeviceTraining device;
    private final long seed;
    /** The sample buffer (batch x dim) and its log densities (batch x 1), on the engine. */
    private final Tensor buffer;
    private final Tensor bufferLogDensity;
    private int iteration;
    private double lastRate = Double.NaN;

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
        this.buffer = engine.zeros(settings.batch(), flow.dimension());
        this.bufferLogDensity = engine.zeros(settings.batch(), 1);
        setBuffer(buffer);
        List<Tensor> guarded = new ArrayList<>(graph.parameters());
        guarded.addAll(adam.state());
        this.device = new DeviceTraining(engine, guarded, settings.beta0());
    }

    /** Uploads buffer states and their log densities (computed on the host; a start or a restore). */
    private void setBuffer(double[] states) {
        double[] g = new double[states.length];
        double[] lp = new double[settings.batch()];
        target.logDensityAndGradient(states, g, lp, settings.batch(), 0, settings.batch());
        for (int c = 0; c < settings.batch(); c++) {
            if (!Double.isFinite(lp[c])) {
                throw new IllegalArgumentException("buffer: chain " + c + " has log density " + lp[c]
                        + "; allowed: start states where the target's log density is finite");
            }
        }
        buffer.assign(states);
        bufferLogDensity.assign(lp);
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

    /** The current buffer (a copy, read from the engine): burned-in states for sampling. */
    public double[] buffer() {
        return buffer.toArray();
    }

    public double[] weights() {
        return graph.weights();
    }

    /** One training iteration, then its numbers ({@link #advance()} and {@link #progress()}: reads a few values). */
    public Progress step() {
        advance();
        return progress();
    }

    /**
     * One training iteration on the engine, reading nothing back: proposal and loss for every buffer chain, the
     * gradient clipped at the global norm, an Adam step (undone on the device when the loss or the norm is not
     * finite), the buffer's MH move (uniforms from the engine's Philox streams) and beta's steering.
     */
    public void advance() {
        int n = settings.batch();
        lastRate = adam.currentRate();
        try (Arena.Scope scope = arena.open()) {
            Tensor v0 = engine.normal(n, graph.flow().dimension(), seed, PURPOSE_TRAIN_NOISE, iteration);
            NeuralGraph.Proposal p = graph.propose(buffer, bufferLogDensity, v0);
            Tensor l = graph.loss(p, device.beta());
            Tensor logDet = p.logDetForward().mean();
            adam.zeroGrad();
            Graph.backward(l);
            Tensor norm = clipping.byGlobalNorm(settings.clipNorm());
            // the MH move and the stats (log eps as this step used it) before the update changes the weights
            Tensor u = engine.uniform(n, 1, seed, PURPOSE_TRAIN_ACCEPT, iteration);
            Tensor prob = device.metropolis(buffer, p.xPrime(), p.logAccept(), u, LearnedKernels.RULE_LOG);
            device.metropolis(bufferLogDensity, p.logDensityPrime(), p.logAccept(), u, LearnedKernels.RULE_LOG);
            device.record(prob, l, norm, logDet, graph.logEps(), true, settings.betaRate(), settings.acceptTarget(),
                    settings.beta0(), settings.betaMax());
            adam.step();
            device.guard(l, norm);
        }
        iteration++;
    }

    /** The last iteration's numbers (one read of the engine's stats). */
    public Progress progress() {
        double[] st = device.read();
        return new Progress(iteration, st[DeviceTraining.LOSS], st[DeviceTraining.ACCEPTANCE], st[DeviceTraining.BETA],
                Math.exp(st[DeviceTraining.EXTRA2]), st[DeviceTraining.EXTRA], lastRate,
                st[DeviceTraining.SKIPPED_LAST] != 0);
    }

    /** Iterations whose loss or gradient was not finite (their update was undone). Reads the count. */
    public int skipped() {
        return (int) device.read()[DeviceTraining.SKIPPED];
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
        double[] st = device.read();
        arrays.put("buffer", buffer());
        arrays.put("beta", new double[] {st[DeviceTraining.BETA]});
        arrays.put("skipped", new double[] {st[DeviceTraining.SKIPPED]});
        return new TrainingCheckpoint(NeuralFlow.KIND, iteration, adam.steps(), runSettings, arrays, curve);
    }

    /** Restores a {@link #checkpoint} of a trainer with the same flow, settings and seed. */
    public void restore(TrainingCheckpoint c) {
        double[] b = c.array("buffer");
        if (b.length != buffer.size()) {
            throw new IllegalArgumentException("checkpoint: buffer of " + b.length + " values; allowed: " + buffer.size()
                    + " (the same settings)");
        }
        graph.setWeights(c.array("weights"));
        List<Tensor> m = adam.state();
        for (int k = 0; k < m.size(); k++) {
            m.get(k).assign(c.array("optimizer" + k));
        }
        adam.restoreSteps(c.optimizerSteps());
        setBuffer(b);
        device.restore(c.array("beta")[0], c.array("skipped")[0]);
        iteration = (int) c.iteration();
    }

    /** Log densities of a chain-minor batch (for callers checking start states). */
    static double[] logDensities(Engine engine, Target target, double[] x, int n) {
        return TargetOps.logDensity(target, engine.wrap(n, target.dimension(), x)).toArray();
    }
}
