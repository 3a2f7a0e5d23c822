package org.leapfrog.samplers.adapt;

import java.util.Arrays;
import org.leapfrog.runtime.Backend;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.hmc.HmcSampler;
import org.leapfrog.samplers.hmc.TrajectoryLength;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;

/**
 * ChEES-HMC warmup (Hoffman, Radul and Sountsov 2021, "An Adaptive MCMC Scheme for Setting Trajectory Lengths in
 * Hamiltonian Monte Carlo") for a batch of chains sharing one step size, trajectory length and metric. Every
 * iteration, all chains take the same jittered number of leapfrog steps L_t = ceil(u_t T / eps) (u_t from Halton
 * or Philox), then on the host, from the fused kernel's per-chain proposals and acceptance probabilities:
 * <ul>
 *   <li>the step size takes a dual-averaging step toward a harmonic-mean acceptance of 0.651;</li>
 *   <li>log T takes an Adam step (no momentum, clipped) up the gradient of the ChEES criterion
 *       1/4 E[(|x' - E x|^2 - |x - E x|^2)^2], measured in the metric's whitened coordinates, with T
 *       averaged over iterations (weight t^-1/2) for sampling;</li>
 *   <li>a diagonal metric is re-estimated from the chains' cross-sectional variance of their current positions
 *       (shrunk toward 1e-3 as Stan does, with the number of chains as the sample size).</li>
 * </ul>
 * Every cross-chain reduction runs in chain order on the host ({@link CheesStatistics}), so with float64 kernels
 * the adapted parameters, and the draws after them, are identical on every backend.
 */
public final class CheesAdaptation {
    private final Backend backend;
    private final Target target;
    private final CheesSettings settings;

    public CheesAdaptation(Backend backend, Target target, CheesSettings settings) {
        this.backend = backend;
        this.target = target;
        this.settings = settings;
    }

    /**
     * Runs iterations 0 .. numWarmup-1 from {@code start} (chain-minor) and returns the frozen parameters; sample
     * afterwards with the same seed from iteration numWarmup (the streams continue).
     */
    public CheesTuned run(double[] start, int chains, long seed) {
        int dim = target.dimension();
        if (chains < 2) {
            throw new IllegalArgumentException("chains: " + chains + "; allowed: 2 or more (ChEES adapts from "
                    + "statistics across chains)");
        }
        if (start.length != dim * chains) {
            throw new IllegalArgumentException("start: length " + start.length + "; allowed: dimension * chains = "
                    + dim + " * " + chains);
        }
        boolean diagonal = settings.metricKind() == Metric.Kind.DIAGONAL;
        CheesStatistics stats = new CheesStatistics(chains, dim);
        double[] x = start.clone();
        double[] proposal = new double[dim * chains];
        double[] momentum = new double[dim * chains];
        double[] accept = new double[chains];
        int[] accepted = new int[chains];
        int[] divergent = new int[chains];
        double[] harmonic = new double[1];
        double[] inverseMass = null;
        Metric metric = Metric.unit(dim);
        if (diagonal) {
            inverseMass = new double[dim];
            regularisedVariance(stats, x, chains, inverseMass);
            metric = Metric.diagonal(inverseMass);
        }
        double eps = settings.initialStepSize();
        DualAveraging da = new DualAveraging(1, settings.targetAcceptance(), settings.gamma(), settings.kappa(),
                settings.t0());
        da.restart(new double[] {eps});
        double logLength = Math.log(eps * settings.initialSteps());
        double logLengthAverage = 0;
        double sqGradient = 0;
        int max = settings.maxLeapfrogSteps();
        int warmup = settings.numWarmup();
        int closingFrom = warmup - Math.max(1, warmup / 10);
        // While the step size settles (the first tenth of warmup), T follows it as initialSteps * eps; the ChEES
        // updates start from there. A T fixed from the starting step size alone can start far out on the
        // criterion's flat, noisy plateau (long trajectories), where Adam's normalised steps barely move it.
        int tiedUntil = Math.min(warmup - 1, Math.max(1, warmup / 10));
        double closingSum = 0;
        long gradients;
        HmcParameters initial = HmcParameters.hmc(eps, 1, metric);
        try (HmcSampler sampler = new HmcSampler("hmc", backend, target, initial, chains, seed, Precision.FLOAT64,
                true)) {
            sampler.init(x);
            for (int t = 0; t < warmup; t++) {
                if (t <= tiedUntil) {
                    logLength = Math.log(settings.initialSteps() * eps);
                }
                double length = Math.exp(logLength);
                double u = settings.jitter().fraction(seed, t);
                sampler.setStepSize(eps);
                sampler.setNumIntegrationSteps(TrajectoryLength.steps(u, length, eps, max));
                sampler.stepAndReadProposals(t, proposal, momentum, accept, accepted, divergent);

                // Trajectory length: the ChEES gradient at this iteration's x (before) and proposals.
                double g = stats.logLengthGradient(x, proposal, momentum, accept, divergent, inverseMass, u, length);
                if (t >= tiedUntil && Double.isFinite(g)) {
                    int k = t - tiedUntil + 1;
                    sqGradient = settings.beta2() * sqGradient + (1 - settings.beta2()) * g * g;
                    double corrected = sqGradient / (1 - Math.pow(settings.beta2(), k));
                    double update = settings.learningRate() * g / Math.sqrt(corrected + 1e-20);
                    logLength += Math.max(-0.35, Math.min(0.35, update));
                }
                // Step size: dual averaging on the harmonic mean acceptance.
                harmonic[0] = stats.harmonicMeanAcceptance(accept, divergent);
                da.update(harmonic);
                eps = da.stepSize()[0];
                // Keep T within [eps, max * eps] and average log T (weight t^-1/2).
                logLength = Math.max(Math.log(eps), Math.min(Math.log(max * eps), logLength));
                double w = t < tiedUntil ? 1.0 : 1.0 / Math.sqrt(t - tiedUntil + 1.0);
                logLengthAverage = w * logLength + (1 - w) * logLengthAverage;

                // The chains' new state, then the metric from their cross-sectional variance.
                for (int d = 0; d < dim; d++) {
                    int o = d * chains;
                    for (int c = 0; c < chains; c++) {
                        if (accepted[c] != 0) {
                            x[o + c] = proposal[o + c];
                        }
                    }
                }
                if (diagonal) {
                    regularisedVariance(stats, x, chains, inverseMass);
                    sampler.setMetric(Metric.diagonal(inverseMass));
                }
                if (t >= closingFrom) {
                    for (int c = 0; c < chains; c++) {
                        closingSum += accept[c];
                    }
                }
            }
            gradients = sampler.gradientEvaluations();
            metric = sampler.metric();
        }
        double finalEps = da.finalStepSize()[0];
        double finalLength = Math.max(finalEps, Math.min(max * finalEps, Math.exp(logLengthAverage)));
        TrajectoryLength trajectory = new TrajectoryLength(finalLength, finalEps, settings.jitter(), max, seed);
        HmcParameters params = HmcParameters.hmc(finalEps, trajectory.steps(warmup), metric);
        double closing = closingSum / ((double) chains * (warmup - closingFrom));
        return new CheesTuned(params, trajectory, x, gradients, closing);
    }

    /** The cross-chain variance shrunk as Stan shrinks its estimates: (n/(n+5)) var + 1e-3 (5/(n+5)). */
    private static void regularisedVariance(CheesStatistics stats, double[] x, int n, double[] out) {
        stats.variance(x, out);
        for (int d = 0; d < out.length; d++) {
            double v = (n / (n + 5.0)) * out[d] + 1e-3 * (5.0 / (n + 5.0));
            out[d] = v > 0 && Double.isFinite(v) ? v : 1.0;
        }
    }

    @Override
    public String toString() {
        return "CheesAdaptation" + Arrays.asList(target.name(), settings);
    }
}
