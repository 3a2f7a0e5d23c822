package org.leapfrog.samplers.adapt;

import java.util.List;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.optim.Adam;
import org.leapfrog.runtime.tensor.optim.LearningRateSchedule;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.target.Target;

/**
 * Entropy-based gradient adaptation of MALA and HMC (Titsias and Dellaportas 2019; Hirt, Titsias and
 * Dellaportas 2021): the chains run MALA/HMC with proposal scale h C while Adam ascends the objective of
 * {@link EntropyObjective} averaged over the batch; beta is steered multiplicatively toward the target acceptance
 * and clipped. Then h and C C' are frozen into {@link TunedParameters} for the fused sampler. Runs in Java (the
 * reverse pass needs the stored trajectory).
 */
public final class EntropyAdaptation {
    private final Target target;
    private final EntropyAdaptationSettings settings;
    private Preconditioner preconditioner;
    private double beta;

    public EntropyAdaptation(Target target, EntropyAdaptationSettings settings) {
        this.target = target;
        this.settings = settings;
    }

    /** The learned preconditioner of the last {@link #run} (live object). */
    public Preconditioner preconditioner() {
        return preconditioner;
    }

    /** beta at the end of the last run. */
    public double beta() {
        return beta;
    }

    /** Adapts from {@code start} (chain-minor, dimension * chains) and returns the frozen parameters. */
    public TunedParameters run(double[] start, int chains, long seed) {
        int d = target.dimension();
        if (chains < 1) {
            throw new IllegalArgumentException("chains: " + chains + "; allowed: 1 or more");
        }
        if (start.length != d * chains) {
            throw new IllegalArgumentException("start: length " + start.length + "; allowed: dimension * chains = "
                    + d + " * " + chains);
        }
        int steps = settings.numIntegrationSteps();
        Preconditioner pre = new Preconditioner(settings.kind(), d, settings.initialStepSize());
        Tensor w = Engine.java().parameter("entropyAdaptation", pre.parameters().length, 1);
        double[] wData = w.data();
        Adam adam = new Adam(List.of(w), LearningRateSchedule.constant(settings.learningRate()));
        EntropyObjective objective = new EntropyObjective(target, chains, steps,
                Math.min(chains, settings.hessianChains()));
        double[] z = start.clone();
        double[] g = new double[d * chains];
        double[] lp = new double[chains];
        double[] v = new double[d * chains];
        double[] grad = new double[wData.length];
        int[] words = new int[4];
        double[] normals = new double[4];
        target.logDensityAndGradient(z, g, lp, chains, 0, chains);
        long gradients = chains;
        beta = settings.initialBeta();
        int closingFrom = settings.iterations() - Math.max(1, settings.iterations() / 10);
        double closingSum = 0;
        for (int it = 0; it < settings.iterations(); it++) {
            System.arraycopy(pre.parameters(), 0, wData, 0, wData.length);
            for (int c = 0; c < chains; c++) {
                for (int k = 0; k < d; k += 4) {
                    RandomStream.normals(seed, c, it, RandomStream.PURPOSE_MOMENTUM, k / 4, words, normals, 0, 4);
                    for (int q = 0; q < 4 && k + q < d; q++) {
                        v[(k + q) * chains + c] = normals[q];
                    }
                }
            }
            objective.evaluate(pre, beta, z, lp, g, v, grad);
            // Gradient-equivalents: L gradients and L Hessian-vector products per chain, d more per Hessian chain.
            gradients += 2L * chains * steps + (steps > 1 ? (long) d * Math.min(chains, settings.hessianChains()) : 0);
            // Metropolis-Hastings with the proposal just made (before the parameters move).
            double[] delta = objective.energyError();
            double[] x1 = objective.proposal(), g1 = objective.proposalGradient(), lp1 = objective.proposalLogDensity();
            double accSum = 0;
            for (int c = 0; c < chains; c++) {
                double a = Double.isFinite(delta[c]) ? Math.min(1.0, Math.exp(-delta[c])) : 0.0;
                accSum += a;
                double u = RandomStream.uniform(seed, c, it, RandomStream.PURPOSE_ACCEPT, words);
                if (Double.isFinite(delta[c]) && Math.log(u) < -delta[c]) {
                    lp[c] = lp1[c];
                    for (int k = 0; k < d; k++) {
                        z[k * chains + c] = x1[k * chains + c];
                        g[k * chains + c] = g1[k * chains + c];
                    }
                }
            }
            double meanAcc = accSum / chains;
            if (it >= closingFrom) {
                closingSum += meanAcc;
            }
            // Ascent: Adam minimises, so hand it -dF.
            double[] ag = w.accumulatedGrad();
            boolean finite = true;
            for (int k = 0; k < ag.length; k++) {
                ag[k] = -grad[k];
                finite &= Double.isFinite(ag[k]);
            }
            if (finite) {
                adam.step();
                System.arraycopy(wData, 0, pre.parameters(), 0, wData.length);
                pre.refresh();
            }
            beta = Math.min(settings.maxBeta(), Math.max(settings.minBeta(),
                    beta * (1.0 + settings.betaRate() * (meanAcc - settings.targetAcceptance()))));
        }
        this.preconditioner = pre;
        double h = pre.stepSize();
        HmcParameters params = HmcParameters.hmc(h, steps, pre.metric());
        double[] ones = new double[chains];
        java.util.Arrays.fill(ones, 1.0);
        return new TunedParameters(params, ones, z, gradients, closingSum / (settings.iterations() - closingFrom));
    }
}
