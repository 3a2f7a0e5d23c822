package org.leapfrog.bench.adaptation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.leapfrog.runtime.Backend;
import org.leapfrog.samplers.adapt.EntropyAdaptation;
import org.leapfrog.samplers.adapt.EntropyAdaptationSettings;
import org.leapfrog.samplers.adapt.Preconditioner;
import org.leapfrog.samplers.adapt.TunedParameters;
import org.leapfrog.samplers.adapt.WindowAdaptation;
import org.leapfrog.samplers.adapt.WindowAdaptationSettings;
import org.leapfrog.samplers.diagnostics.ChainDraws;
import org.leapfrog.samplers.diagnostics.Convergence;
import org.leapfrog.samplers.hmc.HmcSampler;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.DenseGaussian;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/**
 * The adaptation experiments: condition numbers on the linear hierarchical posteriors (Hirt et al. Table 4) and
 * min bulk ESS per gradient and per second of entropy-adapted MALA/HMC against dual-averaging MALA/HMC on ICG-50
 * and German credit. Each method adapts, freezes, then samples with the fused sampler on the given backend.
 * Every HMC method samples with the same step-size jitter ({@link Plan#samplingJitter()}, none by default, as
 * the methods are defined): a frozen step size times a fixed L can make trajectories near-periodic, which
 * ruins mixing without lowering acceptance, but entropy adaptation puts the step close to the stability limit,
 * where jitter causes rejections (measured, --quick: jitter 0.5 makes entropy-HMC 12x better per gradient on
 * German credit and 7x worse on ICG-50). MALA (one step, no trajectory to repeat) samples unjittered.
 * Results are maps ready for JSON.
 */
public final class AdaptationExperiment {
    /**
     * Sizes of one run; {@code samplingJitter} is the step-size jitter of every HMC method's frozen sampling
     * phase (0 for none).
     */
    public record Plan(int seeds, int chains, int adaptIterations, int warmup, int draws, int hmcSteps,
                       int kappaIterationsSmall, int kappaIterationsLarge, boolean largeHierarchical,
                       double samplingJitter) {
        public static final double DEFAULT_SAMPLING_JITTER = 0.0;

        public Plan {
            if (!(samplingJitter >= 0 && samplingJitter < 1)) {
                throw new IllegalArgumentException("samplingJitter: " + samplingJitter + "; allowed: 0 <= jitter < 1");
            }
        }

        public static Plan full() {
            return new Plan(5, 16, 2000, 1000, 1000, 5, 3000, 12000, true, DEFAULT_SAMPLING_JITTER);
        }

        public static Plan quick() {
            return new Plan(2, 8, 400, 300, 200, 5, 1500, 1500, false, DEFAULT_SAMPLING_JITTER);
        }

        public Plan withSamplingJitter(double j) {
            return new Plan(seeds, chains, adaptIterations, warmup, draws, hmcSteps, kappaIterationsSmall,
                    kappaIterationsLarge, largeHierarchical, j);
        }
    }

    private final Backend backend;
    private final Plan plan;
    private final Consumer<String> progress;

    public AdaptationExperiment(Backend backend, Plan plan, Consumer<String> progress) {
        this.backend = backend;
        this.plan = plan;
        this.progress = progress;
    }

    /** Condition numbers for one hierarchical posterior and both kinds of C (entropy-adapted MALA). */
    public Map<String, Object> conditionNumbers(int n1, int n2, int iterations) {
        DenseGaussian post = LinearHierarchicalGaussian.posterior(n1, n2, 1L);
        int d = post.dimension();
        double[] p = post.precision();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("layers", List.of(n1, n2));
        row.put("dimension", d);
        row.put("kappaPrecision", LinearHierarchicalGaussian.conditionNumber(p, d));
        row.put("kappaPrecisionNote", "kappa(Sigma^-1); dual averaging adapts a scalar step size and leaves it unchanged");
        for (Preconditioner.Kind kind : Preconditioner.Kind.values()) {
            long t0 = System.nanoTime();
            int chains = plan.chains();
            double[] start = new double[d * chains];
            double[] mean = post.moments().orElseThrow().mean();
            for (int i = 0; i < d; i++) {
                for (int c = 0; c < chains; c++) {
                    start[i * chains + c] = mean[i];
                }
            }
            EntropyAdaptation ad = new EntropyAdaptation(post, EntropyAdaptationSettings.mala(iterations, kind));
            TunedParameters tuned = ad.run(start, chains, 5L);
            double kappa = LinearHierarchicalGaussian.conditionNumber(
                    LinearHierarchicalGaussian.transformed(p, ad.preconditioner().matrix(), d), d);
            String k = kind == Preconditioner.Kind.DIAGONAL ? "Diagonal" : "LowerTriangular";
            row.put("kappaTransformed" + k, kappa);
            row.put("acceptance" + k, tuned.adaptationAcceptance());
            row.put("seconds" + k, (System.nanoTime() - t0) * 1e-9);
            progress.accept(String.format("hierarchical (%d,%d) %s: kappa %.3g -> %.3g", n1, n2, k,
                    row.get("kappaPrecision"), kappa));
        }
        row.put("adaptationIterations", iterations);
        return row;
    }

    /** Every ESS run: targets x methods x seeds. */
    public List<Map<String, Object>> essRuns() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : List.of("icg50", "german")) {
            Target t = Targets.byName(name, null);
            Preconditioner.Kind kind = name.equals("icg50") ? Preconditioner.Kind.DIAGONAL
                    : Preconditioner.Kind.LOWER_TRIANGULAR;
            for (String method : List.of("entropy-mala", "entropy-hmc", "dual-averaging-mala", "dual-averaging-hmc",
                    "stan-diag-mala", "stan-diag-hmc")) {
                for (int seed = 0; seed < plan.seeds(); seed++) {
                    rows.add(essRun(t, method, kind, seed));
                }
            }
        }
        return rows;
    }

    Map<String, Object> essRun(Target t, String method, Preconditioner.Kind kind, int seed) {
        int chains = plan.chains();
        int d = t.dimension();
        double[] start = new double[d * chains];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1000L + seed);
        for (int i = 0; i < start.length; i++) {
            start[i] = 0.1 * rng.nextGaussian();
        }
        boolean hmc = method.endsWith("hmc");
        int steps = hmc ? plan.hmcSteps() : 1;
        long t0 = System.nanoTime();
        TunedParameters tuned;
        String metricNote;
        if (method.startsWith("entropy")) {
            EntropyAdaptationSettings s = hmc ? EntropyAdaptationSettings.hmc(plan.adaptIterations(), steps, kind)
                    : EntropyAdaptationSettings.mala(plan.adaptIterations(), kind);
            tuned = new EntropyAdaptation(t, s).run(start, chains, 7L + seed);
            metricNote = kind == Preconditioner.Kind.DIAGONAL ? "learned diagonal C" : "learned lower-triangular C";
        } else {
            Metric.Kind mk = method.startsWith("stan-diag") ? Metric.Kind.DIAGONAL : Metric.Kind.UNIT;
            WindowAdaptationSettings s = WindowAdaptationSettings.stan(plan.warmup(), steps, mk,
                    WindowAdaptationSettings.Mode.SHARED);
            tuned = new WindowAdaptation(backend, t, s).run(start, chains, 7L + seed);
            metricNote = mk == Metric.Kind.UNIT ? "step size only (unit metric)" : "windowed diagonal metric";
        }
        double adaptSeconds = (System.nanoTime() - t0) * 1e-9;
        double jitter = hmc ? plan.samplingJitter() : 0.0;
        TunedParameters frozen = new TunedParameters(tuned.parameters().withJitter(jitter), tuned.chainStepScale(),
                tuned.positions(), tuned.gradientEvaluations(), tuned.adaptationAcceptance());
        int draws = plan.draws();
        double[] values = new double[d * chains * draws];
        double[] pos = new double[d * chains];
        double[] prob = new double[chains], energy = new double[chains];
        int[] acc = new int[chains], div = new int[chains];
        double accSum = 0;
        long t1 = System.nanoTime();
        long gradients;
        try (HmcSampler s = frozen.sampler(backend, t, 99L + seed)) {
            long g0 = s.gradientEvaluations();
            for (int i = 0; i < draws; i++) {
                s.step(i);
                s.readPositions(pos);
                s.readInfo(prob, acc, div, energy);
                for (double p : prob) {
                    accSum += p;
                }
                // values laid out per dimension, chain-major (ChainDraws): [dim][chain][draw].
                for (int k = 0; k < d; k++) {
                    for (int c = 0; c < chains; c++) {
                        values[(k * chains + c) * draws + i] = pos[k * chains + c];
                    }
                }
            }
            gradients = s.gradientEvaluations() - g0;
        }
        double sampleSeconds = (System.nanoTime() - t1) * 1e-9;
        double minEss = Double.POSITIVE_INFINITY;
        for (int k = 0; k < d; k++) {
            double[] v = java.util.Arrays.copyOfRange(values, k * chains * draws, (k + 1) * chains * draws);
            minEss = Math.min(minEss, Convergence.essBulk(new ChainDraws(chains, draws, v)));
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("target", t.name());
        row.put("method", method);
        row.put("metric", metricNote);
        row.put("seed", seed);
        row.put("chains", chains);
        row.put("draws", draws);
        row.put("numIntegrationSteps", steps);
        row.put("stepSize", tuned.stepSize(0));
        row.put("samplingJitter", jitter);
        row.put("adaptationAcceptance", tuned.adaptationAcceptance());
        row.put("samplingAcceptance", accSum / ((double) chains * draws));
        row.put("adaptationGradients", tuned.gradientEvaluations());
        row.put("adaptationSeconds", adaptSeconds);
        row.put("samplingGradients", gradients);
        row.put("samplingSeconds", sampleSeconds);
        row.put("minEssBulk", minEss);
        row.put("minEssBulkPerGradient", minEss / gradients);
        row.put("minEssBulkPerSecond", minEss / sampleSeconds);
        progress.accept(String.format("%s %s seed %d: min ESS bulk %.1f, per gradient %.3g, per second %.3g, "
                + "acceptance %.2f", t.name(), method, seed, minEss, minEss / gradients, minEss / sampleSeconds,
                accSum / ((double) chains * draws)));
        return row;
    }

    /** Mean and sd over seeds of the ESS figures, per target and method. */
    public static List<Map<String, Object>> summarise(List<Map<String, Object>> runs) {
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (Map<String, Object> r : runs) {
            groups.computeIfAbsent(r.get("target") + "|" + r.get("method"), k -> new ArrayList<>()).add(r);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<Map<String, Object>> g : groups.values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("target", g.get(0).get("target"));
            row.put("method", g.get(0).get("method"));
            row.put("seeds", g.size());
            for (String key : List.of("minEssBulk", "minEssBulkPerGradient", "minEssBulkPerSecond",
                    "samplingAcceptance", "adaptationAcceptance")) {
                double s = 0, s2 = 0;
                for (Map<String, Object> r : g) {
                    double v = ((Number) r.get(key)).doubleValue();
                    s += v;
                    s2 += v * v;
                }
                double m = s / g.size();
                row.put(key + "Mean", m);
                row.put(key + "Sd", g.size() > 1 ? Math.sqrt(Math.max(0, (s2 - g.size() * m * m) / (g.size() - 1))) : 0.0);
            }
            out.add(row);
        }
        return out;
    }

    /** All experiments into one result map. */
    public Map<String, Object> run() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backend", backend.kind().toString());
        out.put("plan", plan);
        List<Map<String, Object>> kappa = new ArrayList<>();
        kappa.add(conditionNumbers(10, 20, plan.kappaIterationsSmall()));
        if (plan.largeHierarchical()) {
            kappa.add(conditionNumbers(50, 100, plan.kappaIterationsLarge()));
        }
        out.put("linearHierarchical", kappa);
        List<Map<String, Object>> runs = essRuns();
        out.put("essSummary", summarise(runs));
        out.put("essRuns", runs);
        return out;
    }
}
