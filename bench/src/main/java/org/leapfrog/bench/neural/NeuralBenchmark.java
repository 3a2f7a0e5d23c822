package org.leapfrog.bench.neural;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import org.leapfrog.samplers.Sampler;
import org.leapfrog.samplers.adapt.TunedParameters;
import org.leapfrog.samplers.diagnostics.ChainDraws;
import org.leapfrog.samplers.diagnostics.Convergence;
import org.leapfrog.samplers.diagnostics.PaperEss;
import org.leapfrog.samplers.diagnostics.StepSamples;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.hmc.HmcSampler;
import org.leapfrog.samplers.neural.NeuralSampler;
import org.leapfrog.samplers.neural.NeuralTraining;
import org.leapfrog.samplers.neural.NeuralWarmup;
import org.leapfrog.samplers.target.KnownMoments;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/**
 * {@code bench neural}: for each target, train the coupling sampler (budget-scaled Table A.1 settings), sample
 * with it from the trained buffer's burned-in states, and run HMC with 40 leapfrog steps at the best step size
 * of a small grid from HMC-burned-in states; ESS per MH step with known moments (the paper's per-dimension
 * estimator over the later half of the steps) as minimum and mean over dimensions, bulk ESS, and ESS per second
 * side by side in one run. For the logistic regressions the moments are our own long HMC runs
 * ({@link ReferenceMoments}), and the trained sampler's draws are checked against them (Fig. A.4).
 */
public final class NeuralBenchmark {
    /** The grid of HMC step sizes: these factors times the target's base step size. */
    static final double[] GRID = {0.5, 0.75, 1.0, 1.5};
    static final Map<String, Double> BASE_STEP = Map.of("icg50", 0.18, "scg", 0.15, "funnel1", 0.1, "funnel3", 0.05,
            "german", 0.03, "australian", 0.03, "heart", 0.05);

    /**
     * Benchmark settings: Table A.1's architecture and schedule with the width, batch and iteration count set
     * for this machine (the logistic regressions get more iterations: they are the ESS/s comparison), both
     * samplers with the same number of chains.
     */
    public record Settings(List<String> targets, int width, int batch, int blrIterations, int otherIterations,
                           int burnIn, int chains, int steps, int pilotSteps, long seed, String backend,
                           Precision precision) {
        public Settings {
            if (chains < 1) {
                throw new IllegalArgumentException("chains: " + chains + "; allowed: 1 or more");
            }
            if (width < 1) {
                throw new IllegalArgumentException("width: " + width + "; allowed: 1 or more");
            }
            if (blrIterations < 1 || otherIterations < 1) {
                throw new IllegalArgumentException("training iterations: " + Math.min(blrIterations, otherIterations)
                        + "; allowed: 1 or more");
            }
        }

        /** float64 sampling. */
        public Settings(List<String> targets, int width, int batch, int blrIterations, int otherIterations,
                        int burnIn, int chains, int steps, int pilotSteps, long seed, String backend) {
            this(targets, width, batch, blrIterations, otherIterations, burnIn, chains, steps, pilotSteps, seed, backend,
                    Precision.FLOAT64);
        }

        public static Settings quick(long seed) {
            return new Settings(List.of("german", "australian", "heart", "icg50", "scg", "funnel3", "funnel1"), 16, 128,
                    600, 150, 200, 128, 600, 80, seed, null);
        }

        public static Settings full(long seed) {
            return new Settings(List.of("german", "australian", "heart", "icg50", "scg", "funnel3", "funnel1"), 64, 1024,
                    2000, 1000, 500, 1024, 2000, 300, seed, null);
        }

        /** The training settings of a target. */
        public NeuralTraining training(String name) {
            boolean blr = name.equals("german") || name.equals("australian") || name.equals("heart");
            NeuralTraining p = NeuralTraining.paper(name);
            NeuralTraining w = new NeuralTraining(width, p.steps(), p.acceptTarget(), p.learningRate(),
                    p.minLearningRate(), p.batch(), p.iterations(), p.eps0(), p.beta0(), p.betaMax(), p.betaRate(),
                    p.clipNorm(), p.warmupSteps());
            return w.withBatch(batch, blr ? blrIterations : otherIterations);
        }
    }

    /** One row of neural.json. */
    public record Row(String target, String sampler, double ess_per_mh_step_min, double ess_per_mh_step_mean,
                      double ess_per_second_min, double ess_per_second_mean, double ess_bulk_min, double acceptance,
                      double train_seconds, double sample_seconds, int chains, int steps, double step_size,
                      Map<String, Object> details) {
    }

    private NeuralBenchmark() {
    }

    public static List<Row> run(Settings s, Path dir, PrintWriter log) {
        List<Row> rows = new ArrayList<>();
        for (String name : s.targets()) {
            Target target = Targets.byName(name, null);
            double[][] truth = truth(target);
            log.printf("bench neural: %s: training%n", name);
            log.flush();
            NeuralTraining t = s.training(name);
            NeuralTraining paper = NeuralTraining.paper(name);
            NeuralTrainJob.Result trained = NeuralTrainJob.run(new NeuralTrainJob.Options(target, t,
                    (double) t.iterations() / paper.iterations(), (double) t.width() / paper.width(), s.burnIn(), s.seed(), s.backend(), dir.resolve("model-" + name + ".json"), false, 0,
                    false), log);
            try (Backend backend = Backends.open(s.backend(), null, log::println)) {
                double[] start = tile(trained.buffer(), t.batch(), s.chains(), target.dimension());
                Row neural;
                try (NeuralSampler sampler = NeuralSampler.fromModel(backend, target, trained.model(), s.chains(),
                        s.seed() + 1, s.precision())) {
                    sampler.init(start);
                    neural = measure(name, "neural", sampler, s.steps(), truth, trained.seconds() + trained.burnInSeconds(),
                            sampler.stepSize(), ReferenceMoments.stored(name));
                }
                neural.details().put("precision", s.precision().label());
                rows.add(neural);
                log.printf("bench neural: %s neural: ESS/step min %.4f mean %.4f, ESS/s min %.1f mean %.1f, accept %.3f%n",
                        name, neural.ess_per_mh_step_min(), neural.ess_per_mh_step_mean(), neural.ess_per_second_min(),
                        neural.ess_per_second_mean(), neural.acceptance());
                Row hmc = hmc(s, backend, target, name, truth);
                hmc.details().put("precision", s.precision().label());
                neural.details().putAll(ratios(neural, hmc));
                rows.add(hmc);
                log.printf("bench neural: %s hmc (eps %.4g): ESS/step min %.4f mean %.4f, ESS/s min %.1f mean %.1f%n",
                        name, hmc.step_size(), hmc.ess_per_mh_step_min(), hmc.ess_per_mh_step_mean(),
                        hmc.ess_per_second_min(), hmc.ess_per_second_mean());
                log.flush();
            }
        }
        return rows;
    }

    /**
     * The ESS/s ratios of one target and their ceiling. The paper's estimator counts only lags whose
     * autocorrelation exceeds 0.05, so no sampler scores more than 1 ESS per MH step in a dimension; with both
     * samplers' measured step times, the neural sampler at that cap in every dimension would reach
     * {@code ratio_mean_ceiling} = (chains_n / t_n) / (ESS_hmc,mean chains_h / t_h). Its measured mean ratio can
     * never exceed it: a ceiling below a target ratio means these step costs cannot meet that target.
     */
    static Map<String, Object> ratios(Row neural, Row hmc) {
        double tNeural = neural.sample_seconds() / neural.steps(), tHmc = hmc.sample_seconds() / hmc.steps();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ratio_mean", neural.ess_per_second_mean() / hmc.ess_per_second_mean());
        r.put("ratio_min", neural.ess_per_second_min() / hmc.ess_per_second_min());
        r.put("hmc_seconds_per_step", tHmc);
        r.put("ratio_mean_ceiling", (neural.chains() / tNeural) / hmc.ess_per_second_mean());
        return r;
    }

    /** HMC, 40 leapfrog steps, unit metric: pilot runs over the grid, the best by mean ESS per step, then the run. */
    private static Row hmc(Settings s, Backend backend, Target target, String name, double[][] truth) {
        long t0 = System.nanoTime();
        TunedParameters burned = NeuralWarmup.hmc(backend, target, s.chains(), s.burnIn(), BASE_STEP.get(name),
                s.seed() + 2);
        double burnSeconds = (System.nanoTime() - t0) * 1e-9;
        double best = Double.NaN, bestEss = -1;
        Map<String, Object> grid = new LinkedHashMap<>();
        for (double f : GRID) {
            double eps = f * BASE_STEP.get(name);
            try (HmcSampler h = new HmcSampler(backend, target, HmcParameters.hmc(eps, 40, target.dimension()),
                    s.chains(), s.seed() + 3, s.precision())) {
                h.init(burned.positions());
                Row pilot = measure(name, "hmc", h, s.pilotSteps(), truth, 0, eps, null);
                grid.put(Double.toString(eps), pilot.ess_per_mh_step_mean());
                if (pilot.ess_per_mh_step_mean() > bestEss) {
                    bestEss = pilot.ess_per_mh_step_mean();
                    best = eps;
                }
            }
        }
        double tuneSeconds = (System.nanoTime() - t0) * 1e-9;
        try (HmcSampler h = new HmcSampler(backend, target, HmcParameters.hmc(best, 40, target.dimension()),
                s.chains(), s.seed() + 4, s.precision())) {
            h.init(burned.positions());
            Row r = measure(name, "hmc", h, s.steps(), truth, tuneSeconds, best, null);
            Map<String, Object> d = new LinkedHashMap<>(r.details());
            d.put("grid_ess_per_step_mean", grid);
            d.put("burn_in_seconds", burnSeconds);
            d.put("leapfrog_steps", 40);
            return new Row(r.target(), r.sampler(), r.ess_per_mh_step_min(), r.ess_per_mh_step_mean(),
                    r.ess_per_second_min(), r.ess_per_second_mean(), r.ess_bulk_min(), r.acceptance(),
                    r.train_seconds(), r.sample_seconds(), r.chains(), r.steps(), r.step_size(), d);
        }
    }

    /**
     * Runs {@code steps} MH steps, keeping every position, and computes the row: ESS per step over the later half
     * (known moments), bulk ESS per dimension over the later half, ESS/s = ESS per step x chains / seconds per step.
     */
    static Row measure(String name, String kind, Sampler sampler, int steps, double[][] truth, double trainSeconds,
                       double stepSize, ReferenceMoments reference) {
        int n = sampler.chains(), dim = sampler.dimension();
        double[] all = new double[steps * dim * n];
        double[] pos = new double[dim * n];
        double[] prob = new double[n], energy = new double[n], lp = new double[n];
        int[] acc = new int[n], div = new int[n];
        double accept = 0, seconds = 0;
        for (int it = 0; it < steps; it++) {
            long t0 = System.nanoTime();
            sampler.step(it + 1);
            sampler.readState(pos, lp);
            seconds += (System.nanoTime() - t0) * 1e-9;
            System.arraycopy(pos, 0, all, it * dim * n, dim * n);
            sampler.readInfo(prob, acc, div, energy);
            for (double p : prob) {
                accept += p;
            }
        }
        accept /= (double) steps * n;
        StepSamples later = new StepSamples(steps, n, dim, all).fromStep(steps / 2);
        double[] ess = PaperEss.knownMomentPerDimension(later, truth[0], truth[1]);
        double min = Double.POSITIVE_INFINITY, mean = 0;
        for (double e : ess) {
            min = Math.min(min, e);
            mean += e / dim;
        }
        int kept = later.steps();
        double bulkMin = Double.POSITIVE_INFINITY;
        double[] chainMajor = new double[n * kept];
        for (int d = 0; d < dim; d++) {
            for (int c = 0; c < n; c++) {
                for (int t = 0; t < kept; t++) {
                    chainMajor[c * kept + t] = later.get(t, c, d);
                }
            }
            bulkMin = Math.min(bulkMin, Convergence.essBulk(new ChainDraws(n, kept, chainMajor)));
        }
        double perStep = seconds / steps;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("seconds_per_step", perStep);
        details.put("ess_per_step_by_dimension", ess);
        if (reference != null) {
            details.put("moment_check", MomentCheck.check(later, reference));
        }
        return new Row(name, kind, min, mean, min * n / perStep, mean * n / perStep, bulkMin, accept, trainSeconds,
                seconds, n, steps, stepSize, details);
    }

    /** True mean and variance per dimension: known for the synthetic targets, our reference run for the BLRs. */
    static double[][] truth(Target target) {
        KnownMoments k = target.moments().orElse(null);
        if (k != null) {
            double[] v = new double[target.dimension()];
            for (int d = 0; d < v.length; d++) {
                v[d] = k.variance(d);
            }
            return new double[][] {k.mean(), v};
        }
        ReferenceMoments r = ReferenceMoments.stored(target.name());
        if (r == null) {
            throw new IllegalStateException("no reference moments stored for " + target.name());
        }
        return new double[][] {r.mean(), r.variance()};
    }

    /** The first {@code chains} buffer states (repeating the buffer if it is smaller), chain-minor. */
    static double[] tile(double[] buffer, int batch, int chains, int dim) {
        double[] x = new double[dim * chains];
        for (int c = 0; c < chains; c++) {
            for (int d = 0; d < dim; d++) {
                x[d * chains + c] = buffer[d * batch + c % batch];
            }
        }
        return x;
    }
}
